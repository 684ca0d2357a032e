import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SlipPrinter } from '../../main/core/print/printer';
import { addMessage, type ConversationParticipant } from '../../sandbox/state/conversations';
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
 * horizontal scroll bar at 1024 and 1366 wide (and both at 125 % zoom).
 */

const WAIT = { timeout: 15_000, interval: 100 };

let desk: UiDesk;
let page: Page;
let first: OrderDocument;
let second: OrderDocument;
let third: OrderDocument;

/** The station's slip printer: it takes every job handed to it (what reached paper, in order). */
const printed: string[] = [];
const spool: SlipPrinter = {
  listPrinters: async () => [
    { name: 'slips', displayName: 'Slips', description: 'thermal', isDefault: true },
  ],
  print: async (html) => {
    printed.push(html);
  },
  toPdf: async () => new Uint8Array(),
};

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

/** The desk's own channels, as the page calls them (for setting up, never for the steps tested). */
async function ipc(channel: string, payload?: unknown): Promise<{ ok: boolean; data?: unknown }> {
  const { origin, token } = desk.web.host;
  const res = await fetch(`${origin}/ipc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-desk-token': token },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  return (await res.json()) as { ok: boolean; data?: unknown };
}

const participant = (email: string): ConversationParticipant => ({
  conversationRelatedTo: 'order',
  conversationSubject: 'order',
  emailAlias: email,
  aliasMaskType: 0,
  email,
  name: email,
  role: null,
});

const eanOf = (o: OrderDocument, skuId: string): string => {
  const item = o.items.find((i) => i.id === skuId);
  if (!item?.ean) throw new Error(`order ${o.orderId} has no EAN for SKU ${skuId}`);
  return item.ean;
};

/** The order shows this status and nothing of it waits to sync. */
async function settled(statusText: string): Promise<void> {
  await vi.waitFor(async () => {
    const status = page.getByTestId('order-status');
    expect(await status.locator('.status').textContent()).toBe(statusText);
    expect(await status.getByTestId('sync-pill').count()).toBe(0);
  }, WAIT);
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
    desk = await startUiDesk({ host: { printer: spool } });
    [first, second, third] = (await sandboxOrders(desk.sb, 3, {
      paymentGroup: 'creditCard',
      status: 'ready-for-handling',
      items: [
        { skuId: '102', quantity: 2 },
        { skuId: '134', quantity: 1 },
      ],
    })) as [OrderDocument, OrderDocument, OrderDocument];
    await sandboxOrders(desk.sb, 2, { paymentGroup: 'bankInvoice', status: 'payment-pending' });
    ({ page } = await desk.open({ width: 1024, height: 768 }));
    await page.getByTestId('shift-screen').waitFor();
    await startShift(page);
    await page.getByTestId('queue-ready').click();
    for (const o of [first, second, third]) {
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

  it('pack check: a wrong item and one too many are flagged; the invoice holds what was scanned', async () => {
    await page.keyboard.press('F2');
    await scan(first.orderId);
    await orderOpen(first.orderId);
    await page.keyboard.press('Alt+k');
    const dialog = page.getByTestId('dialog-pack-check');
    await dialog.waitFor();
    const coffee = eanOf(first, '102');
    const honey = eanOf(first, '134');
    await scan(coffee);
    await page.getByTestId('pack-last').filter({ hasText: '1 of 2' }).waitFor();
    // A parcel from the next order on the table.
    await scan('7890000000017');
    await page
      .getByTestId('pack-log')
      .filter({ hasText: '“7890000000017” is not an item' })
      .waitFor();
    expect(await page.getByTestId('pack').getAttribute('data-flashes')).toBe('1');
    await shot(page, 'floor-02-pack-wrong-item');
    await scan(coffee);
    await scan(coffee);
    await page.getByTestId('pack-last').filter({ hasText: 'One too many' }).waitFor();
    expect(await page.getByTestId('pack-log').locator('li').count()).toBe(2);
    expect(await page.getByTestId('pack').getAttribute('data-flashes')).toBe('2');
    expect(await page.getByTestId('pack-progress').textContent()).toBe('2 of 3 units scanned');
    await shot(page, 'floor-03-pack-too-many');

    // The honey was not found: Enter invoices the two coffees, and says what is left out.
    await page.keyboard.press('Enter');
    const invoice = page.getByTestId('dialog-invoice');
    await invoice.waitFor();
    expect(await page.getByTestId('invoice-packed').textContent()).toContain('1×');
    await shot(page, 'floor-04-pack-partial-invoice');
    await page.keyboard.press('Enter');
    await invoice.waitFor({ state: 'detached' });
    await vi.waitFor(async () => {
      const sent = writes(await effectsOf(desk.sb, first.orderId), /\/invoice$/);
      expect(sent).toHaveLength(1);
      const body = sent[0]?.body as { items: { id: string; quantity: number }[] };
      expect(body.items.map((i) => [i.id, i.quantity])).toEqual([['102', 2]]);
    }, WAIT);
    expect(honey).not.toBe(coffee);
  });

  it('keystroke budget: scan → start handling → pack check → invoice → slip, in ≤ 8 keys', async () => {
    // Set-up, not part of the budget: slips print by themselves after each invoice.
    expect((await ipc('settings:save', { printing: { autoPrintOnInvoice: true } })).ok).toBe(true);
    let keys = 0;
    let scans = 0;
    const press = async (key: string) => {
      keys++;
      await page.keyboard.press(key);
    };
    const scanned = async (text: string) => {
      scans++;
      await scan(text);
    };

    await scanned(third.orderId);
    await orderOpen(third.orderId);
    await advanceSandbox(2);
    await press('Alt+h');
    await page.getByTestId('dialog-start-handling').waitFor();
    await press('Enter');
    await page.getByTestId('dialog-start-handling').waitFor({ state: 'detached' });
    await advanceSandbox(5);
    await settled('Handling');

    await press('Alt+k');
    await page.getByTestId('dialog-pack-check').waitFor();
    const units = third.items.flatMap((i) => Array.from({ length: i.quantity }, () => i.ean ?? ''));
    for (const ean of units) await scanned(ean);
    await page
      .getByTestId('pack-progress')
      .filter({ hasText: `${units.length} of ${units.length}` })
      .waitFor();
    await press('Enter');
    await page.getByTestId('dialog-invoice').waitFor();
    await press('Enter');
    await page.getByTestId('dialog-invoice').waitFor({ state: 'detached' });

    await vi.waitFor(async () => {
      expect(writes(await effectsOf(desk.sb, third.orderId), /\/invoice$/)).toHaveLength(1);
      const res = await ipc('print:jobs', { orderId: third.orderId });
      expect(res.ok, JSON.stringify(res)).toBe(true);
      const { jobs } = res.data as { jobs: { trigger: string; state: string }[] };
      expect(jobs.map((j) => [j.trigger, j.state])).toEqual([['auto', 'printed']]);
    }, WAIT);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(third.orderId);
    await shot(page, 'floor-05-keystroke-budget');
    expect(scans).toBe(1 + units.length);
    expect(keys).toBeLessThanOrEqual(8);
    expect(keys).toBe(5);
  });

  it('the conversation tab shows VTEX’s e-mail formatted, without its scripts or images', async () => {
    addMessage(desk.sb.app.sandbox, second.orderId, {
      id: 'msg-html-1',
      from: participant('noreply@store.example'),
      to: [participant('ana@example.com')],
      subject: 'Seu pedido foi aprovado',
      firstWords: 'Olá Ana',
      body:
        '<style>p{color:red}</style><p onclick="window.__pwned=1">Olá <b>Ana</b>, seu pedido foi aprovado.</p>' +
        '<script>window.__pwned=2</script><img src="https://track.example/p.gif" onerror="window.__pwned=3">' +
        '<ul><li>Café</li></ul><a href="javascript:window.__pwned=4">x</a>',
      hasAttachment: false,
      attachmentNames: [],
      date: '2026-11-27T12:00:00Z',
    });
    await page.keyboard.press('F2');
    await scan(second.orderId);
    await orderOpen(second.orderId);
    await page.getByTestId('tab-conversation').click();
    const body = page.getByTestId('message-html').last();
    await body.waitFor(WAIT);
    expect(await body.locator('b').textContent()).toBe('Ana');
    expect(await body.locator('li').textContent()).toBe('Café');
    const html = await body.innerHTML();
    expect(html).not.toMatch(/<script|<style|<img|onclick|onerror|javascript:/i);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await shot(page, 'floor-06-conversation');
  });

  it('scan suggestions show their amounts whole at 1024 wide', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('F2');
    // Typing (no Enter): the suggestions under the box.
    const name = (first.clientProfileData?.lastName ?? 'a').slice(0, 4);
    await page.keyboard.type(name, { delay: 0 });
    const hits = page.locator('.scan__hits');
    await hits.waitFor(WAIT);
    await shot(page, 'floor-07-scan-suggestions');
    const cut = await page.evaluate<string[]>(`(() => {
      const list = document.querySelector('.scan__hits').getBoundingClientRect();
      return [...document.querySelectorAll('.scan__hit-meta .num')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.right > list.right || r.right > window.innerWidth || el.scrollWidth > el.clientWidth;
        })
        .map((el) => el.textContent);
    })()`);
    expect(cut).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('every main screen fits 1024×768 and 1366×768, also at 125 % zoom, without a horizontal scroll', async () => {
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
      // 125 % zoom of the smallest 1024×768 screen: 819×614 CSS pixels (a device scale factor
      // would keep the CSS width, so the viewport itself shrinks).
      [819, 1.25],
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
