import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDocument } from '../../vtex';
import type { StatusChange } from '../../sandbox/state/events';
import { listMessages } from '../../sandbox/state/conversations';
import { createOrders, type NewOrderSpec } from '../../sandbox/state/factory';
import { MAX_ARRIVALS_PER_TICK } from '../../sandbox/state/workflow';
import { minimalOrder } from '../helpers/minimal-order';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

const WTC_SECONDS = 1800;
let sb: TestSandbox | undefined;

afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

interface Harness {
  sb: TestSandbox;
  /** Every status change announced, in order. */
  events: StatusChange[];
  advance(seconds: number): Promise<void>;
  create(spec: NewOrderSpec): OrderDocument;
  order(id: string): OrderDocument;
  statesOf(id: string): string[];
  post(path: string, json?: unknown): Promise<Response>;
}

async function harness(opts: Parameters<typeof startSandbox>[0] = {}): Promise<Harness> {
  const s = await startSandbox({ windowToCancelSeconds: WTC_SECONDS, ...opts });
  sb = s;
  const ctx = s.app.sandbox;
  const events: StatusChange[] = [];
  ctx.events.on('status-changed', (e) => events.push(e));
  return {
    sb: s,
    events,
    async advance(seconds) {
      s.clock.advance(seconds * 1000);
      await ctx.tick();
    },
    create(spec) {
      const [doc] = createOrders(ctx, { sellers: 1, marketplace: false, ...spec });
      if (!doc) throw new Error('no order created');
      return doc;
    },
    order(id) {
      return ctx.orders.mustGet(id);
    },
    statesOf(id) {
      return events.filter((e) => e.orderId === id).map((e) => e.state);
    },
    post(path, json) {
      return s.api(path, { method: 'POST', ...(json === undefined ? {} : { json }) });
    },
  };
}

const FLOW_TO_READY = [
  'order-created',
  'payment-pending',
  'payment-approved',
  'window-to-cancel',
  'ready-for-handling',
];

describe('status flow', () => {
  it('takes a credit card order to ready-for-handling after the grace period, and stops there', async () => {
    const h = await harness();
    const o = h.create({ paymentGroup: 'creditCard' });
    expect(h.statesOf(o.orderId)).toEqual(['order-created']);

    await h.advance(0);
    expect(h.order(o.orderId).status).toBe('payment-pending');
    await h.advance(9);
    expect(h.order(o.orderId).status).toBe('payment-pending');
    await h.advance(1);
    const approved = h.order(o.orderId);
    expect(approved.status).toBe('window-to-cancel');
    expect(approved.authorizedDate).toBe('2026-11-27T12:00:10.0000000Z');

    await h.advance(WTC_SECONDS - 1);
    expect(h.order(o.orderId).status).toBe('window-to-cancel');
    await h.advance(1);
    expect(h.order(o.orderId).status).toBe('ready-for-handling');
    await h.advance(3 * 86_400);
    expect(h.order(o.orderId).status).toBe('ready-for-handling');

    const mine = h.events.filter((e) => e.orderId === o.orderId);
    expect(mine.map((e) => e.state)).toEqual(FLOW_TO_READY);
    // Each event names the state it left, and when that state was entered.
    expect(mine.slice(1).map((e) => e.lastState)).toEqual(FLOW_TO_READY.slice(0, -1));
    expect(mine.at(-1)?.currentChange).toBe('2026-11-27T12:30:10.0000000Z');
    expect(mine.at(-1)?.lastChange).toBe('2026-11-27T12:00:10.0000000Z');
    expect(listMessages(h.sb.app.sandbox, o.orderId).map((m) => m.subject)).toEqual([
      `Recebemos seu pedido ${o.orderId}`,
      'Seu pagamento foi aprovado',
    ]);
    expect(h.order(o.orderId).statusDescription).toBe('Pronto para o manuseio');
  });

  it('keeps a cash (promissory) order in payment-pending until its payment notification', async () => {
    const h = await harness();
    const o = h.create({ paymentGroup: 'promissory' });
    await h.advance(0);
    await h.advance(2 * 86_400);
    expect(h.order(o.orderId).status).toBe('payment-pending');

    const paymentId = o.paymentData?.transactions[0]?.payments[0]?.id ?? '';
    const res = await h.post(
      `/api/oms/pvt/orders/${o.orderId}/payments/${paymentId}/payment-notification`,
    );
    expect(res.status).toBe(200);
    expect(h.order(o.orderId).status).toBe('payment-approved');
    await h.advance(0);
    expect(h.order(o.orderId).status).toBe('window-to-cancel');
    await h.advance(WTC_SECONDS);
    expect(h.statesOf(o.orderId)).toEqual(FLOW_TO_READY);
  });

  it('cancels an unpaid boleto after four days, as the system', async () => {
    const h = await harness();
    const o = h.create({ paymentGroup: 'bankInvoice' });
    await h.advance(0);
    await h.advance(4 * 86_400 - 60);
    expect(h.order(o.orderId).status).toBe('payment-pending');
    await h.advance(60);
    const c = h.order(o.orderId);
    expect(c.status).toBe('canceled');
    expect(c.cancellationData?.RequestedBySystem).toBe(true);
    expect(c.cancellationData?.RequestedByPaymentNotification).toBe(true);
    expect(h.statesOf(o.orderId)).toEqual([
      'order-created',
      'payment-pending',
      'cancel',
      'canceled',
    ]);
  });

  it('lets the customer cancel in window-to-cancel; the timers leave a canceled order alone', async () => {
    const h = await harness();
    const o = h.create({ paymentGroup: 'creditCard' });
    await h.advance(0);
    await h.advance(10);
    expect(h.order(o.orderId).status).toBe('window-to-cancel');
    const res = await h.post(`/api/oms/pvt/orders/${o.orderId}/cancel`, {
      reason: 'Comprei errado',
      requestedByUser: true,
    });
    expect(res.status).toBe(200);
    await h.advance(WTC_SECONDS * 2);
    expect(h.order(o.orderId).status).toBe('canceled');
    expect(h.statesOf(o.orderId)).toEqual([
      'order-created',
      'payment-pending',
      'payment-approved',
      'window-to-cancel',
      'cancel',
      'canceled',
    ]);
  });

  it('invoices partially, then fully, then takes a return (Input) with a refund', async () => {
    const h = await harness();
    const o = h.create({
      paymentGroup: 'creditCard',
      items: [
        { skuId: '102', quantity: 2 },
        { skuId: '113', quantity: 1 },
      ],
      logistics: { sla: 'Normal' },
    });
    await h.advance(0);
    await h.advance(10);
    await h.advance(WTC_SECONDS);
    expect((await h.post(`/api/oms/pvt/orders/${o.orderId}/start-handling`)).status).toBe(204);
    const doc = h.order(o.orderId);
    expect(doc.status).toBe('handling');
    const [coffee, cups] = doc.items;
    if (!coffee || !cups) throw new Error('items missing');
    const shipping = doc.totals.find((t) => t.id === 'Shipping')?.value ?? 0;
    const invoice = (
      n: string,
      type: 'Output' | 'Input',
      value: number,
      items: { id: string; price: number; quantity: number }[],
    ) =>
      h.post(`/api/oms/pvt/orders/${o.orderId}/invoice`, {
        type,
        issuanceDate: '2026-11-27T13:00:00-03:00',
        invoiceNumber: n,
        invoiceValue: String(value),
        items,
      });

    const first = coffee.price * coffee.quantity;
    expect(
      (
        await invoice('5001', 'Output', first, [
          { id: coffee.id, price: coffee.price, quantity: 2 },
        ])
      ).status,
    ).toBe(200);
    // VTEX sends a partially invoiced order back to payment-approved until the rest comes, and
    // the timers leave it there.
    expect(h.order(o.orderId).status).toBe('payment-approved');
    await h.advance(WTC_SECONDS);
    expect(h.order(o.orderId).status).toBe('payment-approved');
    // A return of what was not invoiced is refused.
    expect(
      (
        await invoice('9001', 'Input', cups.price, [
          { id: cups.id, price: cups.price, quantity: 1 },
        ])
      ).status,
    ).toBe(400);

    const rest = doc.value - first;
    expect(rest).toBe(cups.price + shipping);
    expect(
      (await invoice('5002', 'Output', rest, [{ id: cups.id, price: cups.price, quantity: 1 }]))
        .status,
    ).toBe(200);
    const invoiced = h.order(o.orderId);
    expect(invoiced.status).toBe('invoiced');
    expect(invoiced.packageAttachment?.packages.map((p) => p.invoiceValue)).toEqual([first, rest]);

    expect(
      (
        await invoice('9001', 'Input', coffee.price, [
          { id: coffee.id, price: coffee.price, quantity: 1 },
        ])
      ).status,
    ).toBe(200);
    const returned = h.order(o.orderId);
    expect(returned.status).toBe('invoiced');
    expect(returned.packageAttachment?.packages.at(-1)?.restitutions?.Refund?.value).toBe(
      coffee.price,
    );

    await h.advance(86_400);
    expect(h.statesOf(o.orderId)).toEqual([
      ...FLOW_TO_READY,
      'start-handling',
      'handling',
      'payment-approved',
      'invoice',
      'invoiced',
    ]);
  });

  it('leaves documents inserted directly (not generated) to the calls that move them', async () => {
    const h = await harness();
    const doc = minimalOrder({ status: 'payment-pending' });
    h.sb.app.sandbox.orders.insert(doc);
    await h.advance(0);
    await h.advance(3600);
    expect(h.order(doc.orderId).status).toBe('payment-pending');
    expect(h.events).toEqual([]);
  });

  it('carries such a document on once an API call moved it (payment notification)', async () => {
    const h = await harness();
    const doc = minimalOrder({
      status: 'payment-pending',
      paymentData: {
        transactions: [
          { transactionId: 'T1', payments: [{ id: 'P1', value: 6000, group: 'promissory' }] },
        ],
      },
    });
    h.sb.app.sandbox.orders.insert(doc);
    const res = await h.post(`/api/oms/pvt/orders/${doc.orderId}/payments/P1/payment-notification`);
    expect(res.status).toBe(200);
    await h.advance(0);
    expect(h.order(doc.orderId).status).toBe('window-to-cancel');
    await h.advance(WTC_SECONDS);
    expect(h.statesOf(doc.orderId)).toEqual([
      'payment-approved',
      'window-to-cancel',
      'ready-for-handling',
    ]);
  });

  it('cancels an order nobody took over within the window to change seller', async () => {
    const h = await harness();
    const [o] = createOrders(h.sb.app.sandbox, {
      sellers: 1,
      marketplace: false,
      status: 'window-to-change-seller',
    });
    if (!o) throw new Error('no order');
    expect(o.status).toBe('window-to-change-seller');
    await h.advance(2 * 86_400 - 1);
    expect(h.order(o.orderId).status).toBe('window-to-change-seller');
    await h.advance(1);
    expect(h.order(o.orderId).status).toBe('canceled');
    expect(h.order(o.orderId).cancellationData?.RequestedBySystem).toBe(true);
  });
});

describe('arrivals and seeding', () => {
  it('creates orders at ordersPerMinute of sandbox time, bounded per tick', async () => {
    const h = await harness({ ordersPerMinute: 6 });
    const ctx = h.sb.app.sandbox;
    const groups = () =>
      (ctx.db.prepare('SELECT count(DISTINCT order_group) AS n FROM orders').get() as { n: number })
        .n;
    await h.advance(0);
    expect(groups()).toBe(0);
    await h.advance(60);
    expect(groups()).toBe(6);
    await h.advance(25);
    expect(groups()).toBe(8);
    // A day in one jump must not create a day of orders.
    await h.advance(86_400);
    expect(groups()).toBe(8 + MAX_ARRIVALS_PER_TICK);
    ctx.options.ordersPerMinute = 0;
    await h.advance(600);
    expect(groups()).toBe(8 + MAX_ARRIVALS_PER_TICK);
    const created = h.events.filter((e) => e.state === 'order-created').length;
    expect(created).toBe(ctx.orders.count());
  });

  it('seeds an empty store at start, readable through the API, and its recent orders move on live', async () => {
    const h = await harness({ seedOrders: 60 });
    const ctx = h.sb.app.sandbox;
    expect(ctx.orders.count()).toBe(60);
    const list = (await (await h.sb.api('/api/oms/pvt/orders?per_page=100')).json()) as {
      list: { orderId: string }[];
    };
    expect(list.list).toHaveLength(60);
    const first = list.list[0]?.orderId ?? '';
    const got = await h.sb.api(`/api/oms/pvt/orders/${first}`);
    expect(got.status).toBe(200);
    // Seeded history is not replayed as events; the live flow continues from the seeded states.
    expect(h.events).toEqual([]);
    const waiting = ctx.orders.dueInStatus('window-to-cancel', Number.MAX_SAFE_INTEGER);
    expect(waiting.length).toBeGreaterThan(0);
    await h.advance(WTC_SECONDS);
    for (const id of waiting) expect(h.order(id).status).toBe('ready-for-handling');
    const restarted = await startSandbox({ seedOrders: 60 });
    try {
      expect(restarted.app.sandbox.orders.count()).toBe(60);
    } finally {
      await restarted.close();
    }
  });
});
