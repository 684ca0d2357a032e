import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * The packing table at its smallest screen (1024×768), keyboard and scanner only: a scan that
 * lands in an open dialog never presses its button, and every main screen fits without a
 * horizontal scroll bar at 1024 and 1366 wide (and at 125 % zoom).
 */

const WAIT = { timeout: 15_000, interval: 100 };

let desk: UiDesk;
let page: Page;
let first: OrderDocument;
let second: OrderDocument;

async function advanceSandbox(seconds: number): Promise<void> {
  desk.sb.clock.advance(seconds * 1000);
  await desk.sb.app.sandbox.tick();
}

const writes = (effects: EffectEntry[], path: RegExp) =>
  effects.filter((e) => e.method === 'POST' && path.test(e.path) && e.changed);

/** A wedge scanner: the characters in one burst, then Enter, wherever the focus is. */
async function scan(text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press('Enter');
}

async function orderOpen(orderId: string): Promise<void> {
  await page.locator(`[data-testid="order-screen"][data-order-id="${orderId}"]`).waitFor(WAIT);
}

/**
 * What scrolls sideways: the page itself, or any box in it that would need a horizontal scroll bar
 * (a screen area, a table) — both hide part of the screen at this width.
 */
async function sideways(): Promise<string[]> {
  // A string: this file's types have no DOM; the page runs it.
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const doc = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    if (doc > window.innerWidth) out.push('page ' + doc + ' > ' + window.innerWidth);
    for (const el of document.querySelectorAll('body *')) {
      const x = getComputedStyle(el).overflowX;
      if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        out.push('.' + [...el.classList].join('.') + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
      }
    }
    return out;
  })()`);
}

describe.skipIf(!hasChromium)('floor: scanner-safe dialogs and small screens', () => {
  beforeAll(async () => {
    desk = await startUiDesk();
    [first, second] = (await sandboxOrders(desk.sb, 2, {
      paymentGroup: 'creditCard',
      status: 'ready-for-handling',
      items: [
        { skuId: '102', quantity: 2 },
        { skuId: '134', quantity: 1 },
      ],
    })) as [OrderDocument, OrderDocument];
    await sandboxOrders(desk.sb, 2, { paymentGroup: 'bankInvoice', status: 'payment-pending' });
    ({ page } = await desk.open({ width: 1024, height: 768 }));
    await page.getByTestId('shift-screen').waitFor();
    await startShift(page);
    await page.getByTestId('queue-ready').click();
    for (const o of [first, second]) {
      await page.locator(`[data-testid="order-row"][data-order-id="${o.orderId}"]`).waitFor(WAIT);
    }
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('a scan with the invoice dialog open issues no invoice and keeps the scanned id', async () => {
    await page.keyboard.press('F2');
    await scan(first.orderId);
    await orderOpen(first.orderId);
    await advanceSandbox(2);
    await page.keyboard.press('Alt+h');
    await page.getByTestId('dialog-start-handling').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('dialog-start-handling').waitFor({ state: 'detached' });
    await advanceSandbox(5);

    await page.keyboard.press('Alt+i');
    const dialog = page.getByTestId('dialog-invoice');
    await dialog.waitFor();
    // The worker tabbed to the default button: the next Enter would issue the invoice.
    await page.getByTestId('dialog-submit').focus();
    await scan(second.orderId);
    const ask = page.getByTestId('scan-interrupt');
    await ask.waitFor();
    expect(await ask.textContent()).toContain(second.orderId);
    expect(await dialog.isVisible()).toBe(true);
    await shot(page, 'floor-01-scan-in-invoice-dialog');
    const effects = await effectsOf(desk.sb, first.orderId);
    expect(writes(effects, /\/invoice$/)).toEqual([]);
    expect(await page.getByTestId('invoice').count()).toBe(0);

    // Enter answers the question: leave, and the scanned order opens.
    await page.keyboard.press('Enter');
    await orderOpen(second.orderId);
    await dialog.waitFor({ state: 'detached' });
    expect(writes(await effectsOf(desk.sb, first.orderId), /\/invoice$/)).toEqual([]);
  });

  it('every main screen fits 1024×768 and 1366×768 without a horizontal scroll', async () => {
    const screens: [string, () => Promise<void>][] = [
      [
        'order',
        async () => {
          await page.keyboard.press('F2');
          await scan(first.orderId);
          await orderOpen(first.orderId);
          await page.getByTestId('items-card').waitFor();
        },
      ],
      ...(['ready', 'handling', 'awaiting-payment', 'invoiced', 'canceled', 'all'] as const).map(
        (q) =>
          [
            `queue-${q}`,
            async () => {
              await page.getByTestId(`queue-${q}`).click();
              await page.getByTestId('queue-screen').waitFor();
            },
          ] as [string, () => Promise<void>],
      ),
      [
        'attention',
        async () => {
          await page.getByTestId('queue-attention').click();
          await page.getByTestId('attention-screen').waitFor();
        },
      ],
      [
        'print',
        async () => {
          await page.getByTestId('nav-print').click();
          await page.getByTestId('print-screen').waitFor();
        },
      ],
      [
        'settings',
        async () => {
          await page.getByTestId('nav-settings').click();
          await page.getByTestId('settings-screen').waitFor();
        },
      ],
    ];
    const wide: string[] = [];
    for (const [width, zoom] of [
      [1024, 1],
      [1366, 1],
      // 125 % zoom of a 1366×768 screen: the page gets 1093 CSS pixels.
      [1093, 1.25],
    ] as const) {
      await page.setViewportSize({ width, height: Math.round(768 / zoom) });
      for (const [name, show] of screens) {
        await show();
        for (const what of await sideways()) wide.push(`${name} at ${width}: ${what}`);
        await shot(page, `floor-fit-${width}-${name}`);
      }
    }
    expect(wide).toEqual([]);
  });
});

describe.skipIf(hasChromium)('floor: scanner-safe dialogs and small screens', () => {
  it.skip(NO_CHROMIUM, () => undefined);
});
