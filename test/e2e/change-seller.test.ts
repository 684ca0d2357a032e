import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderDocument } from '../../vtex';
import { effectsOf, sandboxOrder, sandboxOrders, type EffectEntry } from '../helpers/outbox-desk';
import { hasChromium, shot, startUiDesk, type UiDesk } from './helpers/ui-desk';

/**
 * A marketplace order whose seller canceled, at 1024×768: inside VTEX's window to change seller a
 * supervisor moves it to another seller with a reason (one call at VTEX, the reason as a note);
 * after the window VTEX refuses and the desk says so. Settings show the window.
 */

const WAIT = { timeout: 30_000, interval: 100 };

let desk: UiDesk;
let page: Page;
let errors: string[] = [];

/** Serious and critical accessibility violations on the page as it is now, one line each. */
async function violations(): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const sellerWrites = (effects: EffectEntry[]) =>
  effects.filter((e) => e.method === 'PUT' && e.path.endsWith('/sellers') && e.changed);

async function advanceSandbox(seconds: number): Promise<void> {
  desk.sb.clock.advance(seconds * 1000);
  await desk.sb.app.sandbox.tick();
}

async function openWaitingOrder(): Promise<OrderDocument> {
  const [order] = (await sandboxOrders(desk.sb, 1, {
    sellers: 1,
    status: 'window-to-change-seller',
    items: [{ skuId: '102', quantity: 1 }],
  })) as [OrderDocument];
  await page.getByTestId('queue-all').click();
  await page.locator(`[data-testid="order-row"][data-order-id="${order.orderId}"]`).waitFor(WAIT);
  await page.keyboard.press('F2');
  await page.keyboard.type(order.orderId, { delay: 0 });
  await page.keyboard.press('Enter');
  await page.getByTestId('change-seller-card').waitFor(WAIT);
  return order;
}

async function moveTo(seller: string): Promise<void> {
  await page.getByTestId('new-seller').fill(seller);
  await page.getByTestId('seller-reason').fill('Original seller out of stock');
  await page.getByTestId('supervisor-name').fill('Bia Lima');
  await page.getByTestId('supervisor-pin').fill('2468');
  await page.getByTestId('supervisor-pin').press('Enter');
}

describe.skipIf(!hasChromium)('change seller', () => {
  beforeAll(async () => {
    desk = await startUiDesk();
    ({ page, errors } = await desk.open({ width: 1024, height: 768 }));
    await page.getByTestId('shift-screen').waitFor();
    // The supervisor's shift: her name is protected by a PIN at this station.
    await page.getByTestId('operator-name').fill('Bia Lima');
    await page.getByTestId('operator-pin').fill('2468');
    await page.getByTestId('start-shift').click();
    await page.getByTestId('operator').filter({ hasText: 'Bia Lima' }).waitFor();
  }, 90_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('Settings show the window to change seller', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await vi.waitFor(async () => {
      expect(await page.getByTestId('seller-window-days').textContent()).toBe('2 days');
    }, WAIT);
    await shot(page, 'seller-01-settings');
  });

  it('inside the window, a supervisor moves the order to another seller', async () => {
    const order = await openWaitingOrder();
    expect(await page.getByTestId('seller-window-until').textContent()).toContain('(2 days)');
    expect(await violations()).toEqual([]);
    // A wrong PIN is not a supervisor's word.
    await page.getByTestId('new-seller').fill('cafesdosul');
    await page.getByTestId('seller-reason').fill('Original seller out of stock');
    await page.getByTestId('supervisor-name').fill('Bia Lima');
    await page.getByTestId('supervisor-pin').fill('1111');
    await page.getByTestId('supervisor-pin').press('Enter');
    await page.getByTestId('change-seller-refusal').filter({ hasText: 'supervisor' }).waitFor();
    await moveTo('cafesdosul');
    await page.getByTestId('toast').filter({ hasText: 'seller cafesdosul' }).waitFor(WAIT);
    await shot(page, 'seller-02-moved');
    const vtex = await sandboxOrder(desk.sb, order.orderId);
    expect(vtex.items.every((i) => i.seller === 'cafesdosul')).toBe(true);
    await vi.waitFor(async () => {
      const effects = await effectsOf(desk.sb, order.orderId);
      expect(sellerWrites(effects)).toHaveLength(1);
      const notes = effects.filter((e) => e.path.startsWith('/api/do/notes'));
      expect(JSON.stringify(notes.map((n) => n.body))).toContain('authorized by Bia Lima');
    }, WAIT);
  });

  it('after the window, VTEX refuses and the desk says so', async () => {
    const order = await openWaitingOrder();
    // The window is over at VTEX before its workflow has canceled the order.
    desk.sb.clock.advance(3 * 86_400_000);
    await moveTo('cafesdosul');
    const refusal = page.getByTestId('change-seller-refusal');
    await refusal.waitFor(WAIT);
    expect(await refusal.textContent()).toContain('window to change seller');
    await shot(page, 'seller-03-window-over');
    expect(sellerWrites(await effectsOf(desk.sb, order.orderId))).toHaveLength(0);
    // Then VTEX cancels it, and the order no longer offers a change of seller.
    await advanceSandbox(1);
    await page.getByTestId('change-seller-card').waitFor({ state: 'detached', ...WAIT });
    expect(errors).toEqual([]);
  });
});
