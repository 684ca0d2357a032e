import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderDocument } from '../../vtex';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { sandboxOrders } from '../helpers/outbox-desk';

/**
 * Over IPC, what a dialog would not let through is refused too, and nothing is queued or sent:
 * an impossible issuance date, a price the order does not charge, a negative price.
 */

let desk: IpcDesk;
let order: OrderDocument;

beforeAll(async () => {
  desk = await startIpcDesk();
  [order] = (await sandboxOrders(desk.sb, 1, { sellers: 1, status: 'handling' })) as [
    OrderDocument,
  ];
  await vi.waitFor(
    async () =>
      expect((await desk.call('orders:get', { orderId: order.orderId })).body.ok).toBe(true),
    { timeout: 10_000, interval: 30 },
  );
  await desk.ok('operator:start-shift', { name: 'Ana' });
}, 20_000);

afterAll(async () => {
  await desk?.close();
});

describe('actions:invoice over IPC', () => {
  const item = () => order.items[0] as OrderDocument['items'][number];

  it('refuses an impossible issuance date', async () => {
    const r = await desk.fail('actions:invoice', {
      orderId: order.orderId,
      issuanceDate: '2026-13-45T99:99:00-03:00',
    });
    expect(r.code).toBe('ACTION_BAD_DATA');
    expect(r.message).toMatch(/real date and time/);
  });

  it('refuses a negative price, and a price the order does not charge', async () => {
    const negative = await desk.fail('actions:invoice', {
      orderId: order.orderId,
      items: [{ id: item().id, quantity: 1, price: -5000 }],
    });
    expect(negative.code).toBe('BAD_REQUEST');
    const other = await desk.fail('actions:invoice', {
      orderId: order.orderId,
      items: [{ id: item().id, quantity: 1, price: (item().sellingPrice ?? item().price) + 1 }],
    });
    expect(other.code).toBe('ACTION_BAD_DATA');
    expect(other.message).toMatch(/does not match the order's price/);
  });

  it('queued nothing', async () => {
    expect(await desk.ok('actions:pending')).toEqual({ actions: [], total: 0 });
  });
});
