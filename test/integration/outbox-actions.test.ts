import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getOrderDoc } from '../../main/core/db';
import { getAction, getLocalState, listActions } from '../../main/core/outbox';
import { findInvoice, type OrderDocument } from '../../vtex';
import {
  createOutboxDesk,
  effectsOf,
  sandboxOrder,
  sandboxOrders,
  type EffectEntry,
  type OutboxDesk,
} from '../helpers/outbox-desk';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * Every action, queued offline against a cache filled from the sandbox, then synced: the effect
 * log shows exactly the writes expected, once each, in queue order, and the cache ends equal to
 * VTEX's document.
 */

let sb: TestSandbox;
let desk: OutboxDesk;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => {
  desk = createOutboxDesk(sb);
});
afterEach(() => desk.close());

async function order(spec: Record<string, unknown>): Promise<OrderDocument> {
  const [doc] = await sandboxOrders(sb, 1, { sellers: 1, ...spec });
  if (!doc) throw new Error('no order created');
  await desk.cache([doc.orderId]);
  return doc;
}

const writes = (effects: EffectEntry[]) =>
  effects.map((e) => `${e.method} ${e.path.replace(/^\/api\/oms\/pvt\/orders\/[^/]+/, '')}`);

async function expectCacheAgrees(orderId: string): Promise<void> {
  const vtex = await sandboxOrder(sb, orderId);
  const cached = getOrderDoc(desk.db, orderId);
  expect(cached?.status).toBe(vtex.status);
  expect(cached?.lastChange).toBe(vtex.lastChange);
  expect(cached?.packageAttachment?.packages ?? []).toEqual(vtex.packageAttachment?.packages ?? []);
}

describe('each action reaches VTEX exactly once', () => {
  it('start-handling: the start and the "handling started" note, in that order', async () => {
    const o = await order({ status: 'ready-for-handling' });
    const id = desk.act('start-handling', o.orderId);
    expect(getLocalState(desk.db, o.orderId)?.label).toBe('handling — waiting to sync');

    const summary = await desk.engine.drainOnce();
    expect(summary).toMatchObject({ pending: 0, attention: 0, online: true, paused: null });
    const effects = await effectsOf(sb, o.orderId);
    expect(writes(effects)).toEqual(['POST /start-handling', 'POST /api/do/notes']);
    expect(effects[1]?.body).toMatchObject({
      target: { id: o.orderId, type: 'order' },
      domain: 'oms',
      description: `Order Desk (Packing 1, Ana): Handling started at station Packing 1 by operator Ana [desk:${id}.1]`,
    });
    expect(getAction(desk.db, id)).toMatchObject({
      state: 'done',
      outcome: 'applied',
      attempts: 1,
    });
    expect(getLocalState(desk.db, o.orderId)).toBeUndefined();
    await expectCacheAgrees(o.orderId);
    expect(getOrderDoc(desk.db, o.orderId)?.status).toBe('handling');
  });

  it('record-payment: a cash (promissory) payment waiting in payment-pending', async () => {
    const o = await order({ status: 'payment-pending', paymentGroup: 'promissory' });
    desk.act('record-payment', o.orderId);
    await desk.engine.drainOnce();
    const effects = await effectsOf(sb, o.orderId);
    expect(writes(effects)).toEqual([
      `POST /payments/${o.paymentData?.transactions[0]?.payments[0]?.id}/payment-notification`,
    ]);
    await expectCacheAgrees(o.orderId);
    expect(getOrderDoc(desk.db, o.orderId)?.status).toBe('payment-approved');
  });

  it('an offline chain start-handling → invoice keeps its order; the invoice closes the order value', async () => {
    const o = await order({ status: 'ready-for-handling', itemCount: 3 });
    desk.act('start-handling', o.orderId);
    const inv = desk.act('invoice', o.orderId, {
      invoiceKey: '35261112345678000199550010000012341000012345',
      invoiceUrl: 'https://nfe.example/1234',
      courier: 'Correios',
      trackingNumber: 'BR123456789',
      trackingUrl: 'https://rastreio.example/BR123456789',
    });
    await desk.engine.drainOnce();
    const effects = await effectsOf(sb, o.orderId);
    expect(writes(effects)).toEqual([
      'POST /start-handling',
      'POST /api/do/notes',
      'POST /invoice',
    ]);
    const vtex = await sandboxOrder(sb, o.orderId);
    expect(vtex.status).toBe('invoiced');
    const a = getAction(desk.db, inv);
    const number = a?.request.kind === 'invoice' ? a.request.body.invoiceNumber : '';
    expect(findInvoice(vtex, number)).toMatchObject({
      invoiceValue: o.value,
      courier: 'Correios',
      trackingNumber: 'BR123456789',
      type: 'Output',
    });
    await expectCacheAgrees(o.orderId);
  });

  it('partial invoice, tracking number, tracking events and delivery, then a return', async () => {
    const o = await order({ status: 'handling', itemCount: 2 });
    const [first, second] = o.items;
    if (!first || !second) throw new Error('two items expected');
    desk.act('invoice', o.orderId, {
      invoiceNumber: 'NF-P1',
      items: [{ id: first.id, quantity: first.quantity }],
    });
    desk.act('tracking', o.orderId, {
      invoiceNumber: 'NF-P1',
      trackingNumber: 'BR-P1',
      courier: 'Jadlog',
    });
    desk.act('tracking', o.orderId, {
      invoiceNumber: 'NF-P1',
      isDelivered: true,
      deliveredDate: '2026-11-29 10:00',
      events: [
        { city: 'São Paulo', state: 'SP', description: 'Saiu para entrega', date: '2026-11-29' },
      ],
    });
    desk.act('invoice', o.orderId, { invoiceNumber: 'NF-P2' });
    const ret = desk.act('invoice', o.orderId, {
      type: 'Input',
      invoiceNumber: 'NF-R1',
      items: [{ id: second.id, quantity: 1 }],
    });
    await desk.engine.drainOnce();

    const effects = await effectsOf(sb, o.orderId);
    expect(writes(effects)).toEqual([
      'POST /invoice',
      'PATCH /invoice/NF-P1',
      'PUT /invoice/NF-P1/tracking',
      'POST /invoice',
      'POST /invoice',
    ]);
    expect(effects.every((e) => e.changed)).toBe(true);
    const vtex = await sandboxOrder(sb, o.orderId);
    expect(vtex.status).toBe('invoiced');
    expect(findInvoice(vtex, 'NF-P1')).toMatchObject({
      trackingNumber: 'BR-P1',
      courier: 'Jadlog',
      courierStatus: { finished: true },
    });
    const r = getAction(desk.db, ret);
    expect(findInvoice(vtex, 'NF-R1')).toMatchObject({
      type: 'Input',
      invoiceValue: r?.request.kind === 'invoice' ? r.request.body.invoiceValue : -1,
    });
    expect(listActions(desk.db, { states: ['done'] })).toHaveLength(5);
    await expectCacheAgrees(o.orderId);
  });

  it('a tracking PATCH queued with only the changed field gets the invoice values at send time', async () => {
    const o = await order({ status: 'handling' });
    desk.act('invoice', o.orderId, {
      invoiceNumber: 'NF-T1',
      trackingNumber: 'BR-T1',
      courier: 'Correios',
    });
    const id = desk.act('tracking', o.orderId, {
      invoiceNumber: 'NF-T1',
      trackingUrl: 'https://rastreio.example/BR-T1',
    });
    // A row from before the desk sent all four fields VTEX requires: only what changed.
    desk.db
      .prepare('UPDATE outbox_actions SET payload = ? WHERE id = ?')
      .run(JSON.stringify({ trackingUrl: 'https://rastreio.example/BR-T1' }), id);
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)).toMatchObject({ state: 'done', outcome: 'applied' });
    const patch = (await effectsOf(sb, o.orderId)).find((e) => e.method === 'PATCH');
    expect(patch?.body).toEqual({
      trackingNumber: 'BR-T1',
      trackingUrl: 'https://rastreio.example/BR-T1',
      courier: 'Correios',
      dispatchedDate: null,
    });
    expect(findInvoice(await sandboxOrder(sb, o.orderId), 'NF-T1')).toMatchObject({
      trackingNumber: 'BR-T1',
      trackingUrl: 'https://rastreio.example/BR-T1',
      courier: 'Correios',
    });
  });

  it('cancel with a reason', async () => {
    const o = await order({ status: 'ready-for-handling' });
    desk.act('cancel', o.orderId, { reason: 'Cliente desistiu' });
    await desk.engine.drainOnce();
    const effects = await effectsOf(sb, o.orderId);
    expect(writes(effects)).toEqual(['POST /cancel']);
    expect(effects[0]?.body).toEqual({ reason: 'Cliente desistiu', requestedByUser: false });
    const vtex = await sandboxOrder(sb, o.orderId);
    expect(vtex.status).toBe('canceled');
    expect(vtex.cancelReason).toBe('Cliente desistiu');
    await expectCacheAgrees(o.orderId);
  });

  it('note: a VTEX DO note on the order whose text carries the action id', async () => {
    const o = await order({ status: 'handling' });
    const id = desk.act('note', o.orderId, { message: 'Cliente pediu embrulho para presente' });
    await desk.engine.drainOnce();
    const effects = await effectsOf(sb, o.orderId);
    expect(writes(effects)).toEqual(['POST /api/do/notes']);
    const res = await sb.api(`/api/do/notes?target.id=${o.orderId}`);
    const list = (await res.json()) as { description: string; target: { id: string } }[];
    expect(list).toEqual([
      expect.objectContaining({
        target: expect.objectContaining({ id: o.orderId, type: 'order' }),
        domain: 'oms',
        description: `Order Desk (Packing 1, Ana): Cliente pediu embrulho para presente [desk:${id}]`,
      }),
    ]);
  });

  it('different orders go in parallel; each order keeps its own chain', async () => {
    const docs = await sandboxOrders(sb, 6, { sellers: 1, status: 'ready-for-handling' });
    await desk.cache(docs.map((d) => d.orderId));
    for (const d of docs) {
      desk.act('start-handling', d.orderId);
      desk.act('invoice', d.orderId);
    }
    await desk.engine.drainOnce();
    for (const d of docs) {
      expect(writes(await effectsOf(sb, d.orderId))).toEqual([
        'POST /start-handling',
        'POST /api/do/notes',
        'POST /invoice',
      ]);
      expect((await sandboxOrder(sb, d.orderId)).status).toBe('invoiced');
    }
    expect(desk.engine.status()).toMatchObject({ pending: 0, attention: 0 });
  });
});
