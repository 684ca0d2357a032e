import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CounterSaleView } from '../../preload/contract';
import { SandboxClock } from '../../sandbox/state/clock';
import { catalog } from '../../sandbox/state/catalog';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { KEY, startSandbox } from '../helpers/sandbox';
import { cacheFileOf } from '../../main/host/session';
import { closeDeskDb, openDeskDb } from '../../main/core/db';
import { updateSale } from '../../main/core/counter';
import { addFault, clearFaults, sandboxOrder } from '../helpers/outbox-desk';
import type { SlipPrinter } from '../../main/core/print/printer';

/**
 * The counter sale through the browser host against a real sandbox: a cart priced by VTEX,
 * placed, processed with the placement's cookies, paid in cash through the drawer, handled once
 * VTEX's cancellation window has run, invoiced; a placement whose answer is lost is read back
 * (exactly one order) and placed again only once VTEX canceled it.
 */

/** The station's slip printer: it takes every job handed to it. */
const spool: SlipPrinter = {
  listPrinters: async () => [
    { name: 'slips', displayName: 'Slips', description: 'thermal', isDefault: true },
  ],
  print: async () => undefined,
  toPdf: async () => new Uint8Array(),
};

const WAIT = { timeout: 15_000, interval: 50 };
const sku = catalog().find((s) => s.sellers.includes('1'));
if (!sku) throw new Error('the sandbox catalogue has no SKU of seller 1');

async function countOrders(desk: IpcDesk): Promise<number> {
  const res = await desk.sb.api('/api/oms/pvt/orders?per_page=100');
  return ((await res.json()) as { paging: { total: number } }).paging.total;
}

async function tick(desk: IpcDesk, ms = 0): Promise<void> {
  await desk.sb.api('/_sandbox/clock/advance', { method: 'POST', json: { ms } });
}

async function openShift(desk: IpcDesk): Promise<void> {
  await desk.ok('operator:start-shift', { name: 'Ana Souza' });
  await desk.ok('drawer:open', { openingFloat: 10_000 });
}

async function quoteOne(desk: IpcDesk, quantity = 2) {
  return desk.ok('counter:quote', {
    lines: [{ skuId: sku!.id, seller: '1', quantity }],
  });
}

async function settle(desk: IpcDesk, id: string, until: (v: CounterSaleView) => boolean) {
  let last: CounterSaleView | undefined;
  await vi.waitFor(async () => {
    // The sandbox's status timers run when its clock is moved (tests tick it by hand).
    await tick(desk);
    last = await desk.ok('counter:get', { saleId: id });
    expect(
      until(last),
      JSON.stringify({ state: last.state, error: last.error, steps: last.steps }),
    ).toBe(true);
  }, WAIT);
  return last as CounterSaleView;
}

describe('counter sale, cancellation window 0', () => {
  let desk: IpcDesk;
  beforeAll(async () => {
    desk = await startIpcDesk({
      sandbox: { clock: new SandboxClock(() => Date.now()), windowToCancelSeconds: 0 },
      host: { printer: spool },
    });
    await openShift(desk);
  }, 30_000);
  afterAll(async () => desk?.close());

  it('keeps the counter settings: the e-mail VTEX gets, refusing one that is not an e-mail', async () => {
    expect((await desk.ok('settings:get')).counter).toMatchObject({
      email: 'balcao@example.com',
      paymentSystem: '201',
      pickupSla: '',
    });
    expect(await desk.fail('settings:save', { counter: { email: 'not an e-mail' } })).toMatchObject(
      { code: 'BAD_REQUEST' },
    );
    const saved = await desk.ok('settings:save', {
      counter: { email: 'loja@example.com', finalConsumerName: 'Cliente Balcão' },
    });
    expect(saved.settings.counter).toMatchObject({
      email: 'loja@example.com',
      finalConsumerName: 'Cliente Balcão',
    });
  });

  it('prices at VTEX, places, processes, takes the cash, handles, invoices and prints', async () => {
    const q = await quoteOne(desk);
    expect(q.lines[0]).toMatchObject({ skuId: sku!.id, quantity: 2, price: sku!.price });
    expect(q.value).toBe(sku!.price * 2);
    expect(q.pickup.slaId).toMatch(/Retirada/);
    const before = await countOrders(desk);

    const placed = await desk.ok('counter:place', {
      lines: q.lines,
      customer: { kind: 'identified', document: '123.456.789-09', name: 'João da Silva' },
      value: q.value,
      received: q.value + 500,
    });
    expect(placed.change).toBe(500);
    const done = await settle(desk, placed.id, (x) => x.steps.every((s) => s.state === 'done'));
    expect(done.state).toBe('done');
    expect(done.printJobId).toBeTruthy();
    const jobs = await desk.ok('print:jobs', { orderId: done.orderId! });
    expect(jobs.jobs.find((j) => j.id === done.printJobId)).toMatchObject({
      invoiceNumber: done.invoiceNumber,
      state: 'printed',
    });
    expect(done.invoiceNumber).toBeTruthy();
    expect(await countOrders(desk)).toBe(before + 1);

    const doc = await sandboxOrder(desk.sb, done.orderId!);
    expect(doc.status).toBe('invoiced');
    expect(doc.clientProfileData?.document).toBe('12345678909');
    expect(doc.clientProfileData?.email).toBe('loja@example.com');
    expect(doc.clientProfileData?.firstName).toBe('João');
    expect(doc.shippingData?.logisticsInfo?.[0]?.selectedDeliveryChannel).toBe('pickup-in-point');
    expect(doc.packageAttachment?.packages?.[0]?.invoiceNumber).toBe(done.invoiceNumber);

    const drawer = await desk.ok('drawer:get');
    expect(drawer.open?.movements.map((m) => [m.kind, m.orderId, m.due, m.change])).toContainEqual([
      'sale',
      done.orderId,
      q.value,
      500,
    ]);
  });

  it('finds the items of cached orders by name, EAN and SKU', async () => {
    const byName = await desk.ok('counter:catalog', { query: sku!.name.slice(0, 6) });
    expect(byName.items.map((i) => i.skuId)).toContain(sku!.id);
    const byEan = await desk.ok('counter:catalog', { query: sku!.ean });
    expect(byEan.items[0]?.skuId).toBe(sku!.id);
    const bySku = await desk.ok('counter:catalog', { query: sku!.id });
    expect(bySku.items[0]).toMatchObject({ skuId: sku!.id, seller: '1' });
    expect((await desk.ok('counter:catalog', { query: 'no such thing at all' })).items).toEqual([]);
  });

  it('a placement refused before VTEX applied it (503) is placed again: one order', async () => {
    const q = await quoteOne(desk, 1);
    await addFault(desk.sb, {
      kind: 'error',
      status: 503,
      route: 'POST /api/checkout/pub/orderForm/*/transaction',
      count: 1,
    });
    const before = await countOrders(desk);
    const placed = await desk.ok('counter:place', {
      lines: q.lines,
      customer: { kind: 'final' },
      value: q.value,
      received: q.value,
    });
    const v = await settle(desk, placed.id, (x) => x.steps[2]?.state === 'done');
    expect(await countOrders(desk)).toBe(before + 1);
    expect(v.orderId).toBeTruthy();
    await clearFaults(desk.sb);
  });

  it('a lost placement answer: one order, the lost state, place again only once VTEX canceled it', async () => {
    const q = await quoteOne(desk, 1);
    await addFault(desk.sb, {
      kind: 'applyThenDrop',
      route: 'POST /api/checkout/pub/orderForm/*/transaction',
      count: 1,
    });
    const before = await countOrders(desk);
    const placed = await desk.ok('counter:place', {
      lines: q.lines,
      customer: { kind: 'final' },
      value: q.value,
      received: q.value,
    });
    const lost = await settle(desk, placed.id, (x) => x.state === 'lost');
    expect(lost.lost).toMatchObject({ canceled: false });
    expect(lost.lost?.cancelsAt).toBeGreaterThan(0);
    expect(lost.error?.code).toBe('COUNTER_PLACEMENT_ANSWER_LOST');
    expect(await countOrders(desk)).toBe(before + 1);
    expect(await desk.fail('counter:place-again', { saleId: placed.id })).toMatchObject({
      code: 'COUNTER_LOST_ORDER_OPEN',
    });
    expect(await countOrders(desk)).toBe(before + 1);

    // VTEX cancels the order it could not complete within 5 minutes.
    await tick(desk, 5 * 60_000 + 1000);
    const canceled = await desk.ok('counter:get', { saleId: placed.id });
    expect(canceled.lost?.canceled).toBe(true);
    expect((await sandboxOrder(desk.sb, lost.lost!.orderId)).status).toMatch(/cancel/);

    await desk.ok('counter:place-again', { saleId: placed.id });
    const again = await settle(desk, placed.id, (x) => x.steps[2]?.state === 'done');
    expect(again.orderId).not.toBe(lost.lost?.orderId);
    expect(again.lostOrderIds).toEqual([lost.lost?.orderId]);
    expect(await countOrders(desk)).toBe(before + 2);
  });
});

describe('counter sale, cancellation window 30 minutes', () => {
  let desk: IpcDesk;
  beforeAll(async () => {
    desk = await startIpcDesk({
      sandbox: { clock: new SandboxClock(() => Date.now()), windowToCancelSeconds: 1800 },
      host: { printer: spool },
    });
    await openShift(desk);
  }, 30_000);
  afterAll(async () => desk?.close());

  it('queues handling and the invoice at once, prints, and sends them when the window ends', async () => {
    const q = await quoteOne(desk, 1);
    const placed = await desk.ok('counter:place', {
      lines: q.lines,
      customer: { kind: 'final' },
      value: q.value,
      received: q.value,
    });
    const waiting = await settle(
      desk,
      placed.id,
      (x) => x.steps[3]?.state === 'waiting' && x.state === 'done',
    );
    expect(waiting.invoiceNumber).toBeTruthy();
    expect(waiting.windowEndsAt).toBeGreaterThan(Date.now());
    expect((await sandboxOrder(desk.sb, waiting.orderId!)).status).toBe('window-to-cancel');

    expect(waiting.steps[4]?.state).toBe('waiting');
    // The slip printed at once, from the invoice written on the station.
    expect(waiting.printJobId).toBeTruthy();

    await tick(desk, 1800 * 1000 + 1000);
    const done = await settle(desk, placed.id, (x) => x.steps.every((s) => s.state === 'done'));
    const doc = await sandboxOrder(desk.sb, done.orderId!);
    expect(doc.status).toBe('invoiced');
  });
});

describe('a counter sale cut off after VTEX placed its order', () => {
  it('is processed and paid as soon as the desk is back, before anyone signs in or opens it', async () => {
    const sb = await startSandbox({
      clock: new SandboxClock(() => Date.now()),
      windowToCancelSeconds: 0,
    });
    let second: IpcDesk | undefined;
    try {
      const first = await startIpcDesk({ sb, host: { printer: spool } });
      await openShift(first);
      const q = await quoteOne(first, 1);
      await addFault(sb, {
        kind: 'error',
        status: 503,
        route: 'POST /api/checkout/pub/gatewayCallback/*',
      });
      const placed = await first.ok('counter:place', {
        lines: q.lines,
        customer: { kind: 'final' },
        value: q.value,
        received: q.value,
      });
      const stopped = await settle(first, placed.id, (x) => x.state === 'placed' && !!x.error);
      const orderId = stopped.orderId!;
      await first.close({ keepData: true });
      await clearFaults(sb);
      // As a kill between placing and processing leaves it: placed, cookies kept, no error.
      const file = cacheFileOf(first.dataDir, {
        mode: 'account',
        baseUrl: sb.url,
        appKey: KEY.appKey,
      });
      const db = openDeskDb(file);
      updateSale(db, placed.id, { error: null }, Date.now());
      closeDeskDb(db);

      second = await startIpcDesk({ sb, dataDir: first.dataDir, host: { printer: spool } });
      expect(await second.ok('operator:get')).toEqual({ operator: null });
      await second.ok('counter:open');
      // Only the sandbox is watched: opening the sale (counter:get) would carry it on by itself.
      await vi.waitFor(async () => {
        await tick(second!);
        expect((await sandboxOrder(sb, orderId)).status).not.toMatch(/cancel|order-created/);
      }, WAIT);
      const v = await settle(second, placed.id, (x) => x.steps[2]?.state === 'done');
      expect(v.orderId).toBe(orderId);
      const drawer = await second.ok('drawer:get');
      expect(drawer.open?.movements.filter((m) => m.orderId === orderId)).toHaveLength(1);
    } finally {
      await second?.close();
      await sb.close();
    }
  });
});
