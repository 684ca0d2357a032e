import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SlipPrinter } from '../../main/core/print/printer';
import type { CounterSaleView, PrintJob } from '../../preload/contract';
import { catalog } from '../../sandbox/state/catalog';
import { SandboxClock } from '../../sandbox/state/clock';
import type { OrderDocument } from '../../vtex';
import { addFault, sandboxOrder, sandboxOrders } from '../helpers/outbox-desk';
import { hasChromium, shot, startUiDesk, type UiDesk } from './helpers/ui-desk';

/**
 * A customer at the counter, in Chromium at 1024×768 against the browser host and a sandbox: the
 * worker presses F4, scans an item twice and searches another by name, VTEX prices the lines,
 * the customer is named with a document, the cash is typed and Ctrl+Enter places the order; the
 * steps run to a printed slip (the order at VTEX invoiced, the cash in the drawer). Then a
 * placement whose answer is lost: exactly one order at VTEX, the lost state said in words, and
 * "Place again" only once VTEX canceled that order. Offline, the screen says so before anything
 * is typed. Screenshots in test-results/e2e/.
 */

const WAIT = { timeout: 20_000, interval: 100 };
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

const skus = catalog()
  .filter((k) => k.sellers.includes('1') && k.ean)
  .slice(0, 2);

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

let desk: UiDesk;
let page: Page;
let errors: string[] = [];
let stock: OrderDocument;

async function ipc<T>(channel: string, payload?: unknown): Promise<T> {
  const { origin, token } = desk.web.host;
  const res = await fetch(`${origin}/ipc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-desk-token': token },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  const body = (await res.json()) as { ok: boolean; data: T; error?: unknown };
  if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
  return body.data;
}

async function totalOrders(): Promise<number> {
  const res = await desk.sb.api('/api/oms/pvt/orders?per_page=100');
  return ((await res.json()) as { paging: { total: number } }).paging.total;
}

/** The sandbox's status timers run when its clock moves (this test moves it by hand). */
async function tick(ms = 0): Promise<void> {
  await desk.sb.api('/_sandbox/clock/advance', { method: 'POST', json: { ms } });
}

async function scan(text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press('Enter');
}

/** Serious and critical accessibility violations on the page as it is now (axe-core). */
async function violations(): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function stepState(step: string): Promise<string | null> {
  return page.getByTestId(`counter-step-${step}`).getAttribute('data-state');
}

describe.skipIf(!hasChromium)('a counter sale at 1024×768', () => {
  beforeAll(async () => {
    desk = await startUiDesk({
      sandbox: { clock: new SandboxClock(() => Date.now()), windowToCancelSeconds: 0 },
      host: { printer: spool },
    });
    const made = (await sandboxOrders(desk.sb, 1, {
      marketplace: false,
      status: 'payment-pending',
      paymentGroup: 'promissory',
      items: skus.map((k) => ({ skuId: k.id, quantity: 1, seller: '1' })),
    })) as OrderDocument[];
    if (!made[0]) throw new Error('the sandbox made no order');
    stock = made[0];
    ({ page, errors } = await desk.open({ width: 1024, height: 768 }));
    await page.getByTestId('shift-screen').waitFor();
    await page.getByTestId('operator-name').fill('Ana Souza');
    await page.getByTestId('shift-float').fill('100.00');
    await page.keyboard.press('Enter');
    await page.getByTestId('operator').filter({ hasText: 'Ana Souza' }).waitFor();
    // The catalogue is what the cache knows: wait for the order with the items to be cached.
    await vi.waitFor(async () => {
      await ipc('orders:get', { orderId: stock.orderId });
    }, WAIT);
  }, 180_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('scan, search, customer, cash, Ctrl+Enter: placed, processed, paid, handled, invoiced, printed', async () => {
    const first = stock.items[0]!;
    const second = stock.items[1] ?? first;
    await page.keyboard.press('F4');
    await page.getByTestId('counter-screen').waitFor();
    await shot(page, 'counter-01-empty');

    await scan(first.ean!);
    await scan(first.ean!);
    await page.getByTestId('counter-line').first().waitFor();
    // Each scan is looked up on its own: the second one lands a moment later.
    await vi.waitFor(
      async () => expect(await page.getByTestId('counter-qty').first().inputValue()).toBe('2'),
      WAIT,
    );
    if (second.id !== first.id) {
      await page.getByTestId('counter-scan').fill(second.name.slice(0, 8));
      await page.getByTestId('counter-hit').first().waitFor(WAIT);
      await page.keyboard.press('Enter');
      await page.getByTestId('counter-line').nth(1).waitFor();
    }
    const total = page.getByTestId('counter-total');
    await vi.waitFor(async () => expect(plain(await total.textContent())).toMatch(/R\$/), WAIT);
    // A look at the cash drawer and back: the lines are still there.
    await page.getByTestId('nav-drawer').click();
    await page.getByTestId('drawer-screen').waitFor();
    await page.keyboard.press('F4');
    await page.getByTestId('counter-line').first().waitFor();
    await vi.waitFor(async () => expect(plain(await total.textContent())).toMatch(/R\$/), WAIT);

    await page.getByTestId('counter-identified').check();
    await page.getByTestId('counter-document').fill('123.456.789-09');
    await page.getByTestId('counter-name').fill('João da Silva');
    await page.getByTestId('counter-received').fill('1000.00');
    await page.getByTestId('counter-change').waitFor();
    await shot(page, 'counter-02-ready');
    expect(await violations()).toEqual([]);
    const before = await totalOrders();
    await page.keyboard.press('Control+Enter');

    await page.getByTestId('counter-progress').waitFor(WAIT);
    await vi.waitFor(async () => {
      await tick();
      expect(await page.getByTestId('counter-progress').getAttribute('data-state')).toBe('done');
      for (const s of ['placed', 'processed', 'paid', 'handling', 'invoiced', 'printed']) {
        expect(await stepState(s)).toBe('done');
      }
    }, WAIT);
    await page.getByTestId('counter-done').waitFor();
    await shot(page, 'counter-03-done');
    expect(await violations()).toEqual([]);
    expect(await totalOrders()).toBe(before + 1);

    const sales = await ipc<{ sales: CounterSaleView[] }>('counter:open');
    expect(sales.sales).toEqual([]);
    const list = (await (await desk.sb.api('/api/oms/pvt/orders?per_page=1')).json()) as {
      list: { orderId: string }[];
    };
    const orderId = list.list[0]!.orderId;
    const doc = await sandboxOrder(desk.sb, orderId);
    expect(doc.status).toBe('invoiced');
    expect(doc.clientProfileData?.document).toBe('12345678909');
    const jobs = await ipc<{ jobs: PrintJob[] }>('print:jobs', { orderId });
    expect(jobs.jobs[0]).toMatchObject({ state: 'printed', invoiceNumber: expect.any(String) });
    expect(printed.length).toBeGreaterThan(0);
  });

  it('a lost placement answer: one order, said plainly, placed again only once VTEX canceled it', async () => {
    await page.keyboard.press('F4');
    await page.getByTestId('counter-screen').waitFor();
    expect(await page.getByTestId('counter-line').count()).toBe(0);
    await page.getByTestId('counter-scan').focus();
    await scan(stock.items[0]!.ean!);
    await page.getByTestId('counter-line').first().waitFor();
    const total = page.getByTestId('counter-total');
    await vi.waitFor(async () => expect(plain(await total.textContent())).toMatch(/R\$/), WAIT);
    await page.getByTestId('counter-received').fill('1000');
    await addFault(desk.sb, {
      kind: 'applyThenDrop',
      route: 'POST /api/checkout/pub/orderForm/*/transaction',
      count: 1,
    });
    const before = await totalOrders();
    await page.getByTestId('counter-place').click();

    const lost = page.getByTestId('counter-lost');
    await lost.waitFor(WAIT);
    expect(plain(await lost.textContent())).toMatch(
      /but its answer was lost.*With the answer went the permission VTEX gives to complete the order/,
    );
    expect(await page.getByTestId('counter-place-again').count()).toBe(0);
    await page.getByTestId('counter-lost-wait').waitFor();
    await shot(page, 'counter-04-lost');
    expect(await totalOrders()).toBe(before + 1);

    await tick(5 * 60_000 + 1000);
    await page.getByTestId('counter-place-again').waitFor(WAIT);
    expect(await totalOrders()).toBe(before + 1);
    await page.getByTestId('counter-place-again').click();
    await vi.waitFor(async () => {
      await tick();
      expect(await stepState('paid')).toBe('done');
    }, WAIT);
    expect(await totalOrders()).toBe(before + 2);
  });

  it('offline, the screen says so before anything is typed and does not place', async () => {
    await page.getByTestId('counter-new').click();
    desk.sb.app.sandbox.faults.startOutage({ seconds: 300 });
    await page.getByTestId('counter-offline').waitFor(WAIT);
    expect(await page.getByTestId('counter-place').isDisabled()).toBe(true);
    await shot(page, 'counter-05-offline');
    await page.getByTestId('language').selectOption('pt-BR');
    await page.getByText('Vendas no balcão precisam da VTEX').waitFor();
    await shot(page, 'counter-06-offline-pt-BR');
    await page.getByTestId('language').selectOption('en');
    await desk.sb.app.sandbox.faults.endOutage();
    expect(errors).toEqual([]);
  });
});
