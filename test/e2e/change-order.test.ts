import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderDocument } from '../../vtex';
import { effectsOf, sandboxOrder, sandboxOrders, type EffectEntry } from '../helpers/outbox-desk';
import { hasChromium, shot, startShift, startUiDesk, type UiDesk } from './helpers/ui-desk';

/**
 * Missing or damaged items found while picking, at 1024×768 against the browser host and a
 * sandbox this test controls: a missing unit is taken out through VTEX's order change and the
 * order is invoiced as changed (the invoice waits while VTEX applies the change); a replacement
 * that charges the customer fails at VTEX and is retried from the order's changes; an item the
 * pack check cannot find leaves the check for a change and the check then completes as changed.
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

async function advanceSandbox(seconds: number): Promise<void> {
  desk.sb.clock.advance(seconds * 1000);
  await desk.sb.app.sandbox.tick();
}

const changeWrites = (effects: EffectEntry[]) =>
  effects.filter((e) => e.path.includes('/changes') && e.method !== 'GET' && e.changed);
const invoiceWrites = (effects: EffectEntry[]) =>
  effects.filter((e) => e.method === 'POST' && /\/invoice$/.test(e.path) && e.changed);

/** A handling order with 2 × SKU 102 and 1 × SKU 104, opened on the desk by scanning it. */
async function openNewOrder(spec: Record<string, unknown>): Promise<OrderDocument> {
  const [order] = (await sandboxOrders(desk.sb, 1, {
    sellers: 1,
    status: 'handling',
    items: [
      { skuId: '102', quantity: 2 },
      { skuId: '104', quantity: 1 },
    ],
    ...spec,
  })) as [OrderDocument];
  await page.getByTestId('queue-handling').click();
  await page.locator(`[data-testid="order-row"][data-order-id="${order.orderId}"]`).waitFor(WAIT);
  await page.keyboard.press('F2');
  await page.keyboard.type(order.orderId, { delay: 0 });
  await page.keyboard.press('Enter');
  await page
    .locator(`[data-testid="order-screen"][data-order-id="${order.orderId}"]`)
    .waitFor(WAIT);
  return order;
}

function changeSettings(allowed: string[]): Promise<Response> {
  return desk.sb.api('/api/order-system/orders/changes/settings?an=sandbox', {
    method: 'PUT',
    json: { paymentConfiguration: { customPaymentSystemsAllowed: allowed } },
  });
}

describe.skipIf(!hasChromium)('changing the items of an order', () => {
  beforeAll(async () => {
    desk = await startUiDesk();
    ({ page, errors } = await desk.open({ width: 1024, height: 768 }));
    await page.getByTestId('shift-screen').waitFor();
    await startShift(page);
  }, 90_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('a missing unit is taken out by a change, then the order is invoiced as changed', async () => {
    const order = await openNewOrder({ paymentGroup: 'creditCard' });
    const unit = order.items.find((i) => i.id === '102');
    const changedValue = order.value - (unit?.sellingPrice ?? unit?.price ?? 0);

    await page.keyboard.press('Alt+m');
    await page.getByTestId('dialog-change').waitFor();
    await page.getByTestId('change-out-102').fill('1');
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('change-preview');
    await preview.waitFor(WAIT);
    expect(await preview.textContent()).toContain('VTEX refunds');
    await shot(page, 'change-01-preview');
    expect(await violations()).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByTestId('dialog-change').waitFor({ state: 'detached' });
    await vi.waitFor(async () => {
      expect(changeWrites(await effectsOf(desk.sb, order.orderId))).toHaveLength(1);
    }, WAIT);

    // VTEX has not applied the change yet: the invoice is queued but says it waits.
    await page.keyboard.press('Alt+i');
    await page.getByTestId('dialog-invoice').waitFor();
    await page.getByTestId('invoice-waits-for-change').waitFor();
    await shot(page, 'change-02-invoice-waits');
    await page.keyboard.press('Enter');
    await page.getByTestId('dialog-invoice').waitFor({ state: 'detached' });
    expect(invoiceWrites(await effectsOf(desk.sb, order.orderId))).toHaveLength(0);

    await advanceSandbox(6);
    await vi.waitFor(async () => {
      expect(invoiceWrites(await effectsOf(desk.sb, order.orderId))).toHaveLength(1);
    }, WAIT);
    const [invoice] = invoiceWrites(await effectsOf(desk.sb, order.orderId));
    const body = invoice?.body as {
      invoiceValue: number;
      items: { id: string; quantity: number }[];
    };
    expect(body.invoiceValue).toBe(changedValue);
    expect(body.items.find((i) => i.id === '102')?.quantity).toBe(1);
    expect(changeWrites(await effectsOf(desk.sb, order.orderId))).toHaveLength(1);
    await page.locator('[data-testid="change-entry"][data-state="done"]').waitFor(WAIT);
    await shot(page, 'change-03-invoiced');
  });

  it('a missing item found at pack check is removed by a change, then the order is invoiced', async () => {
    const order = await openNewOrder({ paymentGroup: 'creditCard' });
    const coffee = order.items.find((i) => i.id === '102')?.ean;
    if (!coffee) throw new Error('SKU 102 has no EAN');

    await page.keyboard.press('Alt+k');
    await page.getByTestId('dialog-pack-check').waitFor();
    for (const _ of [1, 2]) {
      await page.keyboard.type(coffee, { delay: 0 });
      await page.keyboard.press('Enter');
    }
    await page.getByTestId('pack-progress').filter({ hasText: '2 of 3 units' }).waitFor();
    // SKU 104 is not on the shelf: Alt+M reaches its line, Enter opens the change for it.
    await page.keyboard.press('Alt+m');
    const missing = page.locator('[data-testid="pack-missing"]:focus');
    await missing.waitFor();
    expect(await missing.getAttribute('aria-label')).toContain(
      order.items.find((i) => i.id === '104')?.name ?? '',
    );
    await shot(page, 'change-07-pack-missing');
    expect(await violations()).toEqual([]);
    await page.keyboard.press('Enter');

    await page.getByTestId('dialog-change').waitFor();
    await page.getByTestId('change-from-pack').waitFor();
    expect(await page.getByTestId('change-out-104').inputValue()).toBe('1');
    expect(await page.getByTestId('change-out-102').inputValue()).toBe('');
    await page.keyboard.press('Enter');
    await page.getByTestId('change-preview').waitFor(WAIT);
    expect(await page.getByTestId('change-preview').textContent()).toContain('VTEX refunds');
    await shot(page, 'change-08-from-pack-preview');
    expect(await violations()).toEqual([]);
    await page.keyboard.press('Enter');

    // Back at the pack check: the coffees scanned before are still counted.
    await page.getByTestId('dialog-change').waitFor({ state: 'detached' });
    await page.getByTestId('dialog-pack-check').waitFor();
    await page.getByTestId('pack-resumed').waitFor();
    await vi.waitFor(async () => {
      expect(changeWrites(await effectsOf(desk.sb, order.orderId))).toHaveLength(1);
    }, WAIT);
    await advanceSandbox(6);
    let changed = order;
    await vi.waitFor(async () => {
      changed = await sandboxOrder(desk.sb, order.orderId);
      expect(changed.items.map((i) => [i.id, i.quantity])).toEqual([['102', 2]]);
    }, WAIT);
    expect(changed.value).toBeLessThan(order.value);
    await page.getByTestId('pack-progress').filter({ hasText: '2 of 2 units' }).waitFor(WAIT);
    expect(await page.getByTestId('pack-line').count()).toBe(1);
    await shot(page, 'change-09-pack-resumed');

    // The check is complete: Enter, Enter invoices the order as changed.
    await page.keyboard.press('Enter');
    await page.getByTestId('dialog-invoice').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('dialog-invoice').waitFor({ state: 'detached' });
    await vi.waitFor(async () => {
      expect(invoiceWrites(await effectsOf(desk.sb, order.orderId))).toHaveLength(1);
    }, WAIT);
    const [invoice] = invoiceWrites(await effectsOf(desk.sb, order.orderId));
    const body = invoice?.body as {
      invoiceValue: number;
      items: { id: string; quantity: number }[];
    };
    expect(body.invoiceValue).toBe(changed.value);
    expect(body.items.map((i) => [i.id, i.quantity])).toEqual([['102', 2]]);
    await advanceSandbox(1);
    await vi.waitFor(async () => {
      const done = await sandboxOrder(desk.sb, order.orderId);
      expect(done.status).toBe('invoiced');
      expect(done.value).toBe(changed.value);
    }, WAIT);
    expect(changeWrites(await effectsOf(desk.sb, order.orderId))).toHaveLength(1);
    // The order's history says why its items changed.
    await page
      .getByTestId('timeline')
      .filter({ hasText: 'missing or damaged, taken out by a change of items' })
      .waitFor(WAIT);
  });

  it('a replacement that fails at VTEX is retried from the order’s changes', async () => {
    const order = await openNewOrder({ paymentGroup: 'bankInvoice' });
    const system = String(order.paymentData?.transactions[0]?.payments[0]?.paymentSystem ?? '');
    expect((await changeSettings([system])).status).toBe(200);

    await page.keyboard.press('Alt+m');
    await page.getByTestId('dialog-change').waitFor();
    await page.getByTestId('change-out-102').fill('1');
    await page.getByTestId('change-replace-102').fill('101');
    await page.getByTestId('change-reason-customer').check();
    await page.keyboard.press('Enter');
    await page.getByTestId('change-preview').waitFor(WAIT);
    expect(await page.getByTestId('change-preview').textContent()).toContain('R$55.00');
    // A charge needs the customer's word before it is sent.
    await page.getByTestId('dialog-submit').click();
    await page.getByText('Ask the customer first').waitFor();
    await page.getByTestId('change-consent').check();
    await shot(page, 'change-04-charge');
    await page.getByTestId('dialog-submit').click();
    await page.getByTestId('dialog-change').waitFor({ state: 'detached' });
    await vi.waitFor(async () => {
      expect(changeWrites(await effectsOf(desk.sb, order.orderId))).toHaveLength(1);
    }, WAIT);

    // The store stops letting this payment grow before VTEX applies the change: it fails.
    await changeSettings([]);
    await advanceSandbox(6);
    const failed = page.locator('[data-testid="change-entry"][data-state="failed"]');
    await failed.waitFor(WAIT);
    await shot(page, 'change-05-failed');
    expect(await violations()).toEqual([]);

    await changeSettings([system]);
    await failed.getByTestId('change-retry').click();
    await vi.waitFor(async () => {
      const writes = changeWrites(await effectsOf(desk.sb, order.orderId));
      expect(writes.map((e) => e.path.endsWith('/retry'))).toEqual([false, true]);
    }, WAIT);
    await advanceSandbox(1);
    await page.locator('[data-testid="change-entry"][data-state="done"]').waitFor(WAIT);
    expect((await sandboxOrder(desk.sb, order.orderId)).value).toBe(order.value + 5500);
    await shot(page, 'change-06-retried');
    expect(errors).toEqual([]);
  });
});
