import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemCancel } from '../../sandbox/state/lifecycle';
import type { OrderDocument } from '../../vtex';
import { effectsOf, sandboxOrders, type EffectEntry } from '../helpers/outbox-desk';
import {
  NO_CHROMIUM,
  hasChromium,
  shot,
  startShift,
  startUiDesk,
  type UiDesk,
} from './helpers/ui-desk';

/**
 * A day at the packing table, in Chromium against the browser host and a sandbox this test
 * controls: a new order arrives, is scanned, paid in cash, handled, invoiced in two parts,
 * tracked, partly returned; then VTEX goes away (the sandbox refuses connections), work goes on
 * and syncs when it comes back; and an order canceled at VTEX meanwhile lands in Needs attention.
 * Each step leaves a screenshot in test-results/e2e/.
 */

const WAIT = { timeout: 15_000, interval: 100 };
const brl = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'BRL' }).format(cents / 100);

let desk: UiDesk;
let page: Page;
let errors: string[] = [];
let order: OrderDocument;

const writes = (effects: EffectEntry[], method: string, path: RegExp) =>
  effects.filter((e) => e.method === method && path.test(e.path) && e.changed);

/**
 * Time passes at VTEX. The sandbox's clock moves only when told, and VTEX's `lastChange` (which
 * the desk uses to keep the newest document) must move between two changes of an order, as it
 * does at VTEX: so the test lets a little time pass before each action, like a worker does.
 * In-process, so it also works while the sandbox refuses connections.
 */
async function advanceSandbox(seconds: number): Promise<void> {
  desk.sb.clock.advance(seconds * 1000);
  await desk.sb.app.sandbox.tick();
}

/** What a scanner does: the characters in a burst, then Enter. */
async function scan(text: string): Promise<void> {
  await page.keyboard.press('F2');
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press('Enter');
}

async function orderOpen(orderId: string): Promise<void> {
  await page.locator(`[data-testid="order-screen"][data-order-id="${orderId}"]`).waitFor();
}

const status = () => page.getByTestId('order-status');

/** The order shows this status and nothing of it waits to sync. */
async function settled(statusText: string): Promise<void> {
  await vi.waitFor(async () => {
    expect(await status().locator('.status').textContent()).toBe(statusText);
    expect(await status().getByTestId('sync-pill').count()).toBe(0);
  }, WAIT);
}

async function submitDialog(testId: string): Promise<void> {
  await page.keyboard.press('Enter');
  await page.getByTestId(testId).waitFor({ state: 'detached' });
}

describe.skipIf(!hasChromium)('a warehouse day', () => {
  beforeAll(async () => {
    desk = await startUiDesk();
    ({ page, errors } = await desk.open());
    await page.getByTestId('shift-screen').waitFor();
    await shot(page, 'warehouse-00-shift');
    await startShift(page);
  }, 90_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('a new order appears and is found by scanning its id', async () => {
    await page.getByTestId('queue-awaiting-payment').click();
    const before = Number(await page.getByTestId('count-awaiting-payment').textContent());
    [order] = (await sandboxOrders(desk.sb, 1, {
      paymentGroup: 'promissory',
      status: 'payment-pending',
      items: [
        { skuId: '102', quantity: 2 },
        { skuId: '134', quantity: 1 },
      ],
    })) as [OrderDocument];
    // The feed brings it; the count and the list follow by themselves.
    const row = page.locator(`[data-testid="order-row"][data-order-id="${order.orderId}"]`);
    await row.waitFor(WAIT);
    await vi.waitFor(async () => {
      expect(Number(await page.getByTestId('count-awaiting-payment').textContent())).toBe(
        before + 1,
      );
    }, WAIT);
    await shot(page, 'warehouse-01-new-order');

    await scan(order.orderId);
    await orderOpen(order.orderId);
    expect(await page.getByTestId('scan-message').textContent()).toBe(`Opened #${order.sequence}`);
    expect(await status().textContent()).toContain('Awaiting payment');
    await shot(page, 'warehouse-02-scanned');
  });

  it('the cash payment is recorded at the till, with the change to give back', async () => {
    await page.keyboard.press('Alt+p');
    const dialog = page.getByTestId('dialog-record-payment');
    await dialog.waitFor();
    const till = page.getByTestId('cash-received');
    if ((await till.count()) === 0) await page.getByTestId('count-at-till').check();
    expect(await page.getByTestId('cash-due').textContent()).toBe(brl(order.value));
    const handed = Math.ceil((order.value + 1) / 5000) * 5000;
    await till.fill((handed / 100).toFixed(2));
    expect(await page.getByTestId('cash-change').textContent()).toBe(brl(handed - order.value));
    await shot(page, 'warehouse-03-cash');
    await submitDialog('dialog-record-payment');
    await page
      .getByTestId('toast')
      .filter({ hasText: `Give back ${brl(handed - order.value)} in change` })
      .waitFor();
    await vi.waitFor(async () => {
      const effects = await effectsOf(desk.sb, order.orderId);
      expect(writes(effects, 'POST', /payment-notification$/)).toHaveLength(1);
    }, WAIT);
  });

  it('after the cancellation window it is ready, and is handled', async () => {
    // Paid: VTEX approves it and opens the customer's cancellation window (60 s here).
    await advanceSandbox(1);
    await settled('Cancellation window');
    await advanceSandbox(61);
    await settled('Ready for handling');
    await advanceSandbox(2);
    await page.keyboard.press('Alt+h');
    await page.getByTestId('dialog-start-handling').waitFor();
    await submitDialog('dialog-start-handling');
    // At once on screen, before VTEX has confirmed it.
    await status().locator('.status').filter({ hasText: 'Handling' }).waitFor({ timeout: 2000 });
    await vi.waitFor(async () => {
      const effects = await effectsOf(desk.sb, order.orderId);
      expect(writes(effects, 'POST', /\/start-handling$/)).toHaveLength(1);
    }, WAIT);
    // VTEX's own transition (start-handling → handling) runs on its clock.
    await advanceSandbox(5);
    await settled('Handling');
    await shot(page, 'warehouse-04-handling');
  });

  it('is invoiced in two partial invoices', async () => {
    await advanceSandbox(2);
    await page.keyboard.press('Alt+i');
    await page.getByTestId('dialog-invoice').waitFor();
    await page.getByTestId('scope-some').check();
    await page.getByTestId('pick-qty-0').fill('1');
    await shot(page, 'warehouse-05-partial-invoice');
    await submitDialog('dialog-invoice');
    await vi.waitFor(async () => expect(await page.getByTestId('invoice').count()).toBe(1), WAIT);

    await advanceSandbox(2);
    await page.keyboard.press('Alt+i');
    await page.getByTestId('dialog-invoice').waitFor();
    // The rest: one unit of the first line and the whole second line.
    expect(await page.getByTestId('scope-all').locator('..').textContent()).toContain(
      'Everything left: 2 units',
    );
    await submitDialog('dialog-invoice');
    await vi.waitFor(async () => expect(await page.getByTestId('invoice').count()).toBe(2), WAIT);
    await vi.waitFor(async () => {
      const effects = await effectsOf(desk.sb, order.orderId);
      expect(writes(effects, 'POST', /\/invoice$/)).toHaveLength(2);
    }, WAIT);
    await advanceSandbox(5);
    await settled('Invoiced');
    await shot(page, 'warehouse-06-invoiced');
  });

  it('gets tracking, and a return is invoiced', async () => {
    await advanceSandbox(2);
    await page.keyboard.press('Alt+t');
    await page.getByTestId('dialog-tracking').waitFor();
    await page.getByTestId('tracking-number').fill('BR123456789');
    await page.getByTestId('tracking-courier').fill('Correios');
    await submitDialog('dialog-tracking');
    await page
      .getByTestId('invoice-tracking')
      .filter({ hasText: 'BR123456789' })
      .first()
      .waitFor(WAIT);
    await vi.waitFor(async () => {
      const effects = await effectsOf(desk.sb, order.orderId);
      expect(writes(effects, 'PATCH', /\/invoice\/[^/]+$/)).toHaveLength(1);
    }, WAIT);
    await shot(page, 'warehouse-07-tracking');

    await advanceSandbox(2);
    await page.keyboard.press('Alt+r');
    await page.getByTestId('dialog-return').waitFor();
    await page.getByTestId('scope-some').check();
    await page.getByTestId('pick-qty-1').fill('1');
    await submitDialog('dialog-return');
    await page.getByTestId('invoice').filter({ hasText: 'Return' }).waitFor(WAIT);
    await vi.waitFor(async () => {
      const effects = await effectsOf(desk.sb, order.orderId);
      const invoices = writes(effects, 'POST', /\/invoice$/);
      expect(invoices).toHaveLength(3);
      expect((invoices[2]?.body as { type?: string }).type).toBe('Input');
    }, WAIT);
    await settled('Invoiced');
    await shot(page, 'warehouse-08-return');
  });

  it('offline: actions wait and show it; back online they sync; a conflict needs attention', async () => {
    const [kept, lost] = (await sandboxOrders(desk.sb, 2, {
      paymentGroup: 'creditCard',
      status: 'ready-for-handling',
    })) as [OrderDocument, OrderDocument];
    await page.keyboard.press('Escape');
    await page.getByTestId('queue-ready').click();
    for (const o of [kept, lost]) {
      await page.locator(`[data-testid="order-row"][data-order-id="${o.orderId}"]`).waitFor(WAIT);
    }

    await advanceSandbox(2);
    desk.sb.app.sandbox.faults.startOutage({ seconds: 120 });
    try {
      await page.getByTestId('sync-state').filter({ hasText: 'Offline' }).waitFor(WAIT);
      for (const o of [kept, lost]) {
        await scan(String(o.sequence));
        await orderOpen(o.orderId);
        await page.keyboard.press('Alt+h');
        await page.getByTestId('dialog-start-handling').waitFor();
        await submitDialog('dialog-start-handling');
        await status().getByTestId('sync-pill').filter({ hasText: 'Waiting to sync' }).waitFor();
      }
      expect(await page.getByTestId('order-waiting').textContent()).toContain(
        'VTEX still shows “Ready for handling”',
      );
      await shot(page, 'warehouse-09-offline-order');
      // Meanwhile, at VTEX, the second order is canceled.
      await advanceSandbox(2);
      systemCancel(desk.sb.app.sandbox, lost.orderId, 'Customer gave up: payment not confirmed');

      await page.keyboard.press('Escape');
      await page.getByTestId('queue-handling').click();
      for (const o of [kept, lost]) {
        await page
          .locator(`[data-testid="order-row"][data-order-id="${o.orderId}"]`)
          .getByTestId('sync-pill')
          .filter({ hasText: 'Waiting to sync' })
          .waitFor(WAIT);
      }
      expect(await page.getByTestId('sync-pending').textContent()).toMatch(
        /[1-9]\d* actions? waiting to sync/,
      );
      await shot(page, 'warehouse-10-offline-queue');
    } finally {
      await desk.sb.app.sandbox.faults.endOutage();
    }

    await page.getByTestId('sync-state').filter({ hasText: 'Online' }).waitFor(WAIT);
    await vi.waitFor(async () => {
      const effects = await effectsOf(desk.sb, kept.orderId);
      expect(writes(effects, 'POST', /\/start-handling$/)).toHaveLength(1);
    }, WAIT);
    await advanceSandbox(5);
    await page
      .locator(`[data-testid="order-row"][data-order-id="${kept.orderId}"]`)
      .filter({ hasNot: page.getByTestId('sync-pill') })
      .waitFor(WAIT);
    const keptEffects = await effectsOf(desk.sb, kept.orderId);
    expect(writes(keptEffects, 'POST', /\/start-handling$/)).toHaveLength(1);
    const lostEffects = await effectsOf(desk.sb, lost.orderId);
    expect(writes(lostEffects, 'POST', /\/start-handling$/)).toHaveLength(0);
    await shot(page, 'warehouse-11-synced');

    await vi.waitFor(async () => {
      expect(await page.getByTestId('count-attention').textContent()).toBe('1');
    }, WAIT);
    await page.getByTestId('queue-attention').click();
    const item = page.locator(`[data-testid="attention-item"][data-order-id="${lost.orderId}"]`);
    await item.waitFor(WAIT);
    const reason = await item.getByTestId('attention-reason').textContent();
    expect(reason).toMatch(/canceled/i);
    await shot(page, 'warehouse-12-attention');

    // Discarding it, with the reason kept, empties Needs attention.
    await item.getByRole('button', { name: 'Discard' }).click();
    await page.getByTestId('discard-reason').fill('Order canceled by the customer at VTEX');
    await submitDialog('dialog-attention-discard');
    await page.getByTestId('attention-empty').waitFor(WAIT);
    await vi.waitFor(async () => {
      expect(await page.getByTestId('count-attention').textContent()).toBe('0');
    }, WAIT);
    await page
      .getByTestId('sync-pending')
      .filter({ hasText: 'Everything is at VTEX' })
      .waitFor(WAIT);
    await shot(page, 'warehouse-13-attention-cleared');
  });

  it('left no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});

describe.skipIf(hasChromium)('a warehouse day', () => {
  it('needs Chromium', (ctx) => ctx.skip(NO_CHROMIUM));
});
