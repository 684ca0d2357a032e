import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderDocument } from '../../vtex';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { effectsOf, sandboxOrders } from '../helpers/outbox-desk';

/**
 * The change-of-items channels end to end over the browser host: preview, apply, the history,
 * and a change that failed at VTEX canceled from the desk (its action leaves Needs attention).
 */

let desk: IpcDesk;
let order: OrderDocument;
const WAIT = { timeout: 15_000, interval: 50 };

async function advanceSandbox(seconds: number): Promise<void> {
  desk.sb.clock.advance(seconds * 1000);
  await desk.sb.app.sandbox.tick();
}

const settings = (allowed: string[]) =>
  desk.sb.api('/api/order-system/orders/changes/settings?an=sandbox', {
    method: 'PUT',
    json: { paymentConfiguration: { customPaymentSystemsAllowed: allowed } },
  });

beforeAll(async () => {
  desk = await startIpcDesk();
  [order] = (await sandboxOrders(desk.sb, 1, {
    status: 'handling',
    sellers: 1,
    paymentGroup: 'bankInvoice',
    items: [
      { skuId: '102', quantity: 2 },
      { skuId: '104', quantity: 1 },
    ],
  })) as [OrderDocument];
  await vi.waitFor(async () => expect((await desk.ok('orders:counts')).all).toBe(1), WAIT);
  await desk.ok('operator:start-shift', { name: 'Ana Souza' });
}, 30_000);

afterAll(async () => {
  await desk?.close();
});

describe('changes of items over the IPC', () => {
  it('previews, applies, lists, and cancels a change that failed at VTEX', async () => {
    const system = String(order.paymentData?.transactions[0]?.payments[0]?.paymentSystem ?? '');
    await settings([system]);
    const lines = {
      replace: [{ from: { id: '102', quantity: 1 }, to: { id: '101', quantity: 1 } }],
    };
    const preview = await desk.ok('changes:preview', {
      orderId: order.orderId,
      reason: 'Bigger pack',
      ...lines,
    });
    expect(preview).toMatchObject({ totalChangeValue: 5500, newOrderValue: order.value + 5500 });

    const queued = await desk.ok('actions:change', {
      orderId: order.orderId,
      reason: 'Bigger pack',
      ...lines,
      approvedChangeValue: preview.totalChangeValue,
    });
    // Invoicing waits while a change brings a SKU whose price is VTEX's to say.
    const detail = await desk.ok('orders:get', { orderId: order.orderId });
    expect(detail.checks.invoice).toMatchObject({ allowed: false, code: 'CHANGE_BEING_APPLIED' });

    await vi.waitFor(async () => {
      const writes = (await effectsOf(desk.sb, order.orderId)).filter(
        (e) => e.method === 'PATCH' && e.path.endsWith('/changes'),
      );
      expect(writes).toHaveLength(1);
    }, WAIT);
    await settings([]);
    await advanceSandbox(6);

    let requestId = '';
    await vi.waitFor(async () => {
      const list = await desk.ok('changes:list', { orderId: order.orderId });
      expect(list.changes[0]).toMatchObject({ failed: true, actionId: queued.actionId });
      requestId = list.changes[0]?.requestId ?? '';
    }, WAIT);
    await vi.waitFor(async () => {
      const att = await desk.ok('attention:list');
      expect(att.items.map((a) => a.actionId)).toContain(queued.actionId);
    }, WAIT);

    await desk.ok('changes:cancel', {
      orderId: order.orderId,
      requestId,
      reason: 'Customer changed their mind',
    });
    const after = await desk.ok('changes:list', { orderId: order.orderId });
    expect(after.changes[0]).toMatchObject({ status: 'canceled', failed: false });
    expect((await desk.ok('attention:list')).items).toEqual([]);
    expect((await desk.ok('orders:get', { orderId: order.orderId })).checks.invoice.allowed).toBe(
      true,
    );
  });

  it('refuses what VTEX would refuse, before queuing', async () => {
    const r = await desk.fail('actions:change', {
      orderId: order.orderId,
      reason: 'x',
      remove: [{ id: '102', quantity: 5 }],
    });
    expect(r.code).toBe('CHANGE_QUANTITY_EXCEEDED');
  });
});
