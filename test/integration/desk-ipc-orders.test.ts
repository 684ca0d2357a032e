import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ListOrdersResponse } from '../../preload/contract';
import type { OrderDocument } from '../../vtex';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { sandboxOrders } from '../helpers/outbox-desk';

/**
 * The order queries of the contract, through the browser host (HTTP, token) against a real
 * sandbox: queues with keyset paging, live counts, the scan box, the detail, and the three views
 * that need VTEX (with their clear failure while it cannot be reached).
 */

let desk: IpcDesk;
const orders: Record<'ready' | 'handling' | 'pending' | 'invoiced' | 'canceled', OrderDocument[]> =
  { ready: [], handling: [], pending: [], invoiced: [], canceled: [] };
const EMAIL = 'repeat.customer@example.com';
const WAIT = { timeout: 10_000, interval: 30 };

beforeAll(async () => {
  desk = await startIpcDesk();
  const { sb } = desk;
  orders.ready = await sandboxOrders(sb, 3, {
    status: 'ready-for-handling',
    marketplace: false,
    sellers: 1,
  });
  orders.handling = await sandboxOrders(sb, 2, { status: 'handling', sellers: 1 });
  orders.pending = await sandboxOrders(sb, 1, {
    status: 'payment-pending',
    paymentGroup: 'promissory',
    marketplace: false,
    sellers: 1,
    client: { email: EMAIL, firstName: 'Repeat', lastName: 'Customer' },
  });
  orders.invoiced = await sandboxOrders(sb, 1, {
    status: 'invoiced',
    sellers: 1,
    client: { email: EMAIL, firstName: 'Repeat', lastName: 'Customer' },
  });
  orders.canceled = await sandboxOrders(sb, 1, { status: 'canceled', sellers: 1 });
  // The desk's first start reconciles through List orders, then follows the feed.
  await vi.waitFor(async () => expect((await desk.ok('orders:counts')).all).toBe(8), {
    timeout: 15_000,
    interval: 50,
  });
}, 30_000);

afterAll(async () => {
  await desk?.close();
});

const ids = (list: OrderDocument[]) => list.map((o) => o.orderId).sort();

describe('orders:counts', () => {
  it('counts every queue from the cache', async () => {
    expect(await desk.ok('orders:counts')).toEqual({
      ready: 3,
      handling: 2,
      'awaiting-payment': 1,
      invoiced: 1,
      canceled: 1,
      attention: 0,
      all: 8,
    });
  });
});

describe('orders:list', () => {
  it('lists a queue with light rows', async () => {
    const page = await desk.ok('orders:list', { queue: 'ready' });
    expect(page.rows.map((r) => r.orderId).sort()).toEqual(ids(orders.ready));
    expect(page.nextCursor).toBeNull();
    const first = orders.ready[0] as OrderDocument;
    const row = page.rows.find((r) => r.orderId === first.orderId);
    expect(row).toMatchObject({
      sequence: first.sequence,
      status: 'ready-for-handling',
      displayStatus: 'ready-for-handling',
      syncState: 'synced',
      pendingLabel: null,
      hasAttention: false,
      value: first.value,
      currency: 'BRL',
      itemsCount: first.items.reduce((s, i) => s + i.quantity, 0),
    });
    expect(row).not.toHaveProperty('doc');
  });

  it('pages with a keyset cursor: no row twice, none missing, in the sort order', async () => {
    const seen: string[] = [];
    const values: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ListOrdersResponse = await desk.ok('orders:list', {
        queue: 'all',
        sort: 'value_desc',
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.rows.length).toBeLessThanOrEqual(3);
      seen.push(...page.rows.map((r) => r.orderId));
      values.push(...page.rows.map((r) => r.value));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(8);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('refuses a cursor from another list, a forged one and a page over 200', async () => {
    const page = await desk.ok('orders:list', { queue: 'all', limit: 2 });
    expect(page.nextCursor).not.toBeNull();
    const other = await desk.fail('orders:list', {
      queue: 'handling',
      limit: 2,
      cursor: page.nextCursor,
    });
    expect(other).toMatchObject({ code: 'LIST_CURSOR_INVALID', status: 422 });
    expect(other.message).toMatch(/Scroll back to the top/);
    expect(await desk.fail('orders:list', { queue: 'all', cursor: 'not-a-cursor' })).toMatchObject({
      code: 'LIST_CURSOR_INVALID',
    });
    const big = await desk.fail('orders:list', { queue: 'all', limit: 201 });
    expect(big).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(big.message).toMatch(/limit/);
    expect(await desk.fail('orders:list', { queue: 'late' })).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('filters a queue by text (customer, order id)', async () => {
    const all = await desk.ok('orders:list', { queue: 'all', filter: 'Repeat Customer' });
    expect(all.rows.map((r) => r.orderId).sort()).toEqual(
      ids([...orders.pending, ...orders.invoiced]),
    );
    expect(all.truncated).toBe(false);
    const invoicedOnly = await desk.ok('orders:list', {
      queue: 'invoiced',
      filter: 'Repeat Customer',
    });
    expect(invoicedOnly.rows.map((r) => r.orderId)).toEqual(ids(orders.invoiced));
    const none = await desk.ok('orders:list', { queue: 'ready', filter: 'Repeat Customer' });
    expect(none.rows).toEqual([]);
  });
});

describe('orders:search (the scan box)', () => {
  it('an order id, a sequence and an invoice number are exact: Enter opens the order', async () => {
    const o = orders.ready[1] as OrderDocument;
    const byId = await desk.ok('orders:search', { text: o.orderId });
    expect(byId.exact).toBe(true);
    expect(byId.hits[0]).toMatchObject({ orderId: o.orderId, matchedBy: 'order-id' });

    const bySeq = await desk.ok('orders:search', { text: String(o.sequence) });
    expect(bySeq.exact).toBe(true);
    expect(bySeq.hits[0]).toMatchObject({ orderId: o.orderId, matchedBy: 'sequence' });

    const inv = orders.invoiced[0] as OrderDocument;
    const number = inv.packageAttachment?.packages[0]?.invoiceNumber;
    expect(number).toBeTruthy();
    const byInvoice = await desk.ok('orders:search', { text: String(number) });
    expect(byInvoice.exact).toBe(true);
    expect(byInvoice.hits[0]).toMatchObject({ orderId: inv.orderId, matchedBy: 'invoice-number' });
  });

  it('a name is not exact (the worker picks), an EAN is exact only when one order has it', async () => {
    const byName = await desk.ok('orders:search', { text: 'Repeat' });
    expect(byName.exact).toBe(false);
    expect(byName.hits.map((h) => h.matchedBy)).toEqual(['text', 'text']);

    const o = orders.handling[0] as OrderDocument;
    const ean = o.items.find((i) => i.ean)?.ean;
    expect(ean).toBeTruthy();
    const byEan = await desk.ok('orders:search', { text: String(ean) });
    const eanHits = byEan.hits.filter((h) => h.matchedBy === 'ean');
    expect(eanHits.map((h) => h.orderId)).toContain(o.orderId);
    expect(byEan.exact).toBe(eanHits.length === 1);

    expect(await desk.ok('orders:search', { text: 'zzz-nothing-like-it' })).toEqual({
      hits: [],
      exact: false,
    });
    expect(await desk.fail('orders:search', { text: '   ' })).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('orders:get', () => {
  it('shows a ready order: items left to invoice, what can be done now and why not', async () => {
    const o = orders.ready[0] as OrderDocument;
    const d = await desk.ok('orders:get', { orderId: o.orderId });
    expect(d.row.orderId).toBe(o.orderId);
    expect(d.vtex.orderId).toBe(o.orderId);
    expect(d.believed.status).toBe('ready-for-handling');
    expect(d.items.map((i) => i.remainingToInvoice)).toEqual(o.items.map((i) => i.quantity));
    expect(d.items.every((i) => i.returnable === 0)).toBe(true);
    expect(d.actions).toEqual([]);
    expect(d.checks['start-handling']).toEqual({ allowed: true, code: null, message: null });
    // VTEX accepts invoices from ready-for-handling on.
    expect(d.checks.invoice).toEqual({ allowed: true, code: null, message: null });
    expect(d.checks.return).toMatchObject({ allowed: false, code: 'RETURN_BEFORE_FULL_INVOICE' });
    expect(d.checks.tracking).toMatchObject({ allowed: false, code: 'NO_INVOICE_YET' });
    expect(d.timeline[0]?.kind).toBe('created');
    // The feed announced its way to ready-for-handling.
    expect(d.timeline.some((t) => t.kind === 'status' && t.toStatus === 'ready-for-handling')).toBe(
      true,
    );
  });

  it('shows an invoiced order with its invoice, returnable units and a return allowed', async () => {
    const o = orders.invoiced[0] as OrderDocument;
    const d = await desk.ok('orders:get', { orderId: o.orderId });
    expect(d.invoices).toHaveLength(1);
    expect(d.invoices[0]).toMatchObject({ type: 'Output', pending: false, value: o.value });
    expect(d.items.map((i) => i.returnable)).toEqual(o.items.map((i) => i.quantity));
    expect(d.checks.return.allowed).toBe(true);
    expect(d.checks.invoice).toMatchObject({ allowed: false, code: 'ORDER_ALREADY_INVOICED' });
    expect(d.checks.cancel).toMatchObject({ allowed: false, code: 'ORDER_FINAL' });
    expect(d.timeline.some((t) => t.kind === 'invoice')).toBe(true);
  });

  it('marks a promissory payment as waiting for its notification', async () => {
    const o = orders.pending[0] as OrderDocument;
    const d = await desk.ok('orders:get', { orderId: o.orderId });
    expect(d.payments).toHaveLength(1);
    expect(d.payments[0]).toMatchObject({
      group: 'promissory',
      offline: true,
      pendingNotification: true,
      recordedLocally: false,
      value: o.value,
    });
    expect(d.checks['record-payment'].allowed).toBe(true);
  });

  it('says clearly when the order is not on this desk', async () => {
    expect(await desk.fail('orders:get', { orderId: '999-nope-01' })).toMatchObject({
      code: 'ORDER_NOT_FOUND',
      status: 404,
    });
  });
});

describe('online-only views', () => {
  it('reads the conversation, the payment transaction and the customer’s other orders', async () => {
    const inv = orders.invoiced[0] as OrderDocument;
    const conv = await desk.ok('orders:conversation', { orderId: inv.orderId });
    expect(conv.messages.length).toBeGreaterThan(0);
    expect(conv.messages[0]?.subject).toBeTruthy();

    const tx = await desk.ok('orders:payment-transaction', { orderId: inv.orderId });
    expect(tx.payments.length).toBeGreaterThan(0);
    expect(tx.payments.reduce((s, p) => s + p.value, 0)).toBe(inv.value);

    const other = await desk.ok('orders:customer-orders', { orderId: inv.orderId });
    expect(other).toMatchObject({ email: EMAIL, source: 'vtex' });
    expect(other.orders.map((o) => o.orderId)).toEqual([orders.pending[0]?.orderId]);
    expect(other.orders[0]?.cached).toBe(true);
  });

  it('while VTEX cannot be reached: OFFLINE for the online views, the cache for the rest', async () => {
    const inv = orders.invoiced[0] as OrderDocument;
    desk.sb.app.sandbox.faults.startOutage({ seconds: 60 });
    try {
      const conv = await desk.fail('orders:conversation', { orderId: inv.orderId });
      expect(conv).toMatchObject({ code: 'OFFLINE', status: 503 });
      expect(conv.message).toMatch(/only available online/);
      expect(await desk.fail('orders:payment-transaction', { orderId: inv.orderId })).toMatchObject(
        { code: 'OFFLINE' },
      );
      const other = await desk.ok('orders:customer-orders', { orderId: inv.orderId });
      expect(other).toMatchObject({ email: EMAIL, source: 'cache' });
      expect(other.orders.map((o) => o.orderId)).toEqual([orders.pending[0]?.orderId]);
      // Everything else keeps working from the cache.
      expect((await desk.ok('orders:counts')).all).toBe(8);
      expect((await desk.ok('orders:get', { orderId: inv.orderId })).row.orderId).toBe(inv.orderId);
    } finally {
      await desk.sb.app.sandbox.faults.endOutage();
    }
  }, 20_000);
});

describe('pushed events', () => {
  it('announces a new order ready for handling once, as it arrives through the feed', async () => {
    const before = desk.events.length;
    const [fresh] = await sandboxOrders(desk.sb, 1, { status: 'ready-for-handling', sellers: 1 });
    const id = String(fresh?.orderId);
    await vi.waitFor(() => {
      const arrived = desk.events
        .slice(before)
        .flatMap((e) => (e.type === 'orders:ready-arrived' ? e.orders : []));
      expect(arrived.map((o) => o.orderId)).toEqual([id]);
      expect(arrived[0]).toMatchObject({ sequence: fresh?.sequence, value: fresh?.value });
    }, WAIT);
    expect(
      desk.events
        .slice(before)
        .some((e) => e.type === 'orders:changed' && e.source === 'feed' && e.orderIds.includes(id)),
    ).toBe(true);
    expect((await desk.ok('orders:counts')).ready).toBe(4);
  });

  it('a manual refresh runs a catch-up and reports its progress', async () => {
    const before = desk.events.length;
    expect(await desk.ok('sync:refresh')).toEqual({ started: true });
    await vi.waitFor(() => {
      const phases = desk.events
        .slice(before)
        .flatMap((e) => (e.type === 'catch-up:progressed' ? [`${e.reason}:${e.phase}`] : []));
      expect(phases).toContain('manual:done');
    }, WAIT);
    const s = await desk.ok('sync:status');
    expect(s).toMatchObject({ online: true, catchUp: null, pending: 0, credentialsNeeded: false });
    expect(s.lastSyncAt).not.toBeNull();
  });
});
