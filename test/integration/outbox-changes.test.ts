import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getOrderDoc } from '../../main/core/db';
import { getAction, retryAction } from '../../main/core/outbox';
import type { OrderDocument } from '../../vtex';
import {
  addFault,
  createOutboxDesk,
  effectsOf,
  sandboxOrder,
  sandboxOrders,
  type OutboxDesk,
} from '../helpers/outbox-desk';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * A change of items (order change v2) through the outbox: one PATCH at VTEX per action, found
 * again by its marker after a lost answer, followed until VTEX applied it, and an invoice queued
 * behind it waits until then and carries the changed order.
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
  const [doc] = await sandboxOrders(sb, 1, { sellers: 1, status: 'handling', ...spec });
  if (!doc) throw new Error('no order created');
  await desk.cache([doc.orderId]);
  return doc;
}

/** VTEX works the change through its steps on its own clock. */
async function vtexApplies(): Promise<void> {
  sb.clock.advance(6_000);
  await sb.app.sandbox.tick();
  desk.vt.clock.advance(2_500);
}

const changeWrites = async (orderId: string) =>
  (await effectsOf(sb, orderId)).filter((e) => e.path.includes('/changes') && e.method !== 'GET');

const TWO_ITEMS = {
  items: [
    { skuId: '102', quantity: 2 },
    { skuId: '104', quantity: 1 },
  ],
};

describe('a change of items', () => {
  it('a missing unit is removed, then the invoice carries the changed order', async () => {
    const o = await order(TWO_ITEMS);
    const unit = o.items.find((i) => i.id === '102');
    const change = desk.act('change', o.orderId, {
      reason: 'Missing at picking',
      remove: [{ id: '102', quantity: 1 }],
    });
    const invoice = desk.act('invoice', o.orderId);
    const invoiced = getAction(desk.db, invoice);
    const expected = o.value - (unit?.sellingPrice ?? 0);
    expect(invoiced?.request.kind === 'invoice' && invoiced.request.body.invoiceValue).toBe(
      expected,
    );

    await desk.engine.drainOnce();
    expect(getAction(desk.db, change)).toMatchObject({
      state: 'queued',
      lastError: { code: 'CHANGE_BEING_APPLIED' },
    });
    // The invoice never meets a change being applied.
    expect((await effectsOf(sb, o.orderId)).some((e) => e.path.endsWith('/invoice'))).toBe(false);

    await vtexApplies();
    await desk.engine.drainOnce();
    expect(getAction(desk.db, change)?.state).toBe('done');
    expect(getAction(desk.db, invoice)?.state).toBe('done');
    const vtex = await sandboxOrder(sb, o.orderId);
    expect(vtex.value).toBe(expected);
    expect(vtex.items.find((i) => i.id === '102')?.quantity).toBe(1);
    expect(vtex.status).toBe('invoiced');
    expect(await changeWrites(o.orderId)).toHaveLength(1);
    expect(getOrderDoc(desk.db, o.orderId)?.status).toBe('invoiced');
  });

  it('a lost answer is read back from VTEX’s list of changes, never sent twice', async () => {
    const o = await order(TWO_ITEMS);
    const change = desk.act('change', o.orderId, {
      reason: 'Damaged',
      remove: [{ id: '104', quantity: 1 }],
    });
    await addFault(sb, {
      kind: 'applyThenDrop',
      count: 1,
      route: 'PATCH /api/order-system/orders/*/changes',
    });
    await desk.engine.drainOnce();
    desk.vt.clock.advance(5_000);
    await desk.engine.drainOnce();
    await vtexApplies();
    await desk.engine.drainOnce();
    expect(getAction(desk.db, change)).toMatchObject({ state: 'done', outcome: 'found-at-vtex' });
    expect(await changeWrites(o.orderId)).toHaveLength(1);
  });

  it('queued offline, a replacement needs the customer: Needs attention, nothing sent', async () => {
    const o = await order(TWO_ITEMS);
    const change = desk.act('change', o.orderId, {
      reason: 'Out of stock',
      replace: [{ from: { id: '102', quantity: 1 }, to: { id: '101', quantity: 1 } }],
    });
    await desk.engine.drainOnce();
    expect(getAction(desk.db, change)).toMatchObject({
      state: 'attention',
      lastError: { code: 'CHANGE_NEEDS_CONSENT' },
    });
    expect(getAction(desk.db, change)?.lastError?.message).toContain('+55.00');
    expect(await changeWrites(o.orderId)).toHaveLength(0);
  });

  it('refuses locally what VTEX would refuse', () => {
    return order(TWO_ITEMS).then((o) => {
      expect(() =>
        desk.act('change', o.orderId, { reason: 'x', remove: [{ id: '102', quantity: 3 }] }),
      ).toThrow(/CHANGE_QUANTITY_EXCEEDED/);
      expect(() =>
        desk.act('change', o.orderId, {
          reason: 'x',
          remove: [
            { id: '102', quantity: 2 },
            { id: '104', quantity: 1 },
          ],
        }),
      ).toThrow(/CHANGE_REMOVES_ALL/);
    });
  });

  it('a change that fails at VTEX goes to Needs attention and is retried there', async () => {
    const o = await order({ ...TWO_ITEMS, paymentGroup: 'bankInvoice' });
    const system = String(o.paymentData?.transactions[0]?.payments[0]?.paymentSystem ?? '');
    const settings = (allowed: string[]) =>
      sb.api('/api/order-system/orders/changes/settings?an=sandbox', {
        method: 'PUT',
        json: { paymentConfiguration: { customPaymentSystemsAllowed: allowed } },
      });
    expect((await settings([system])).status).toBe(200);
    const preview = await desk.client.previewChange(o.orderId, {
      reason: 'preview',
      replace: [
        {
          from: { items: [{ id: '102', quantity: 1 }] },
          to: { items: [{ id: '101', quantity: 1 }] },
        },
      ],
    });
    expect(preview.totalChangeValue).toBe(5500);
    const change = desk.act('change', o.orderId, {
      reason: 'Customer asked for the bigger pack',
      replace: [{ from: { id: '102', quantity: 1 }, to: { id: '101', quantity: 1 } }],
      approvedChangeValue: 5500,
    });
    await desk.engine.drainOnce();
    // The store stops allowing this payment system to grow before VTEX applies the change.
    await settings([]);
    await vtexApplies();
    await desk.engine.drainOnce();
    expect(getAction(desk.db, change)).toMatchObject({
      state: 'attention',
      lastError: { code: 'CHANGE_FAILED_AT_VTEX' },
    });

    await settings([system]);
    expect(retryAction(desk.db, desk.vt.clock, change).ok).toBe(true);
    await desk.engine.drainOnce();
    await vtexApplies();
    await desk.engine.drainOnce();
    expect(getAction(desk.db, change)?.state).toBe('done');
    const writes = await changeWrites(o.orderId);
    expect(writes.map((e) => e.path.replace(/.*\/changes/, ''))).toEqual([
      '',
      expect.stringMatching(/^\/[^/]+\/retry$/),
    ]);
    expect((await sandboxOrder(sb, o.orderId)).value).toBe(o.value + 5500);
  });
});
