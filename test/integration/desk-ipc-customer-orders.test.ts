import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderDocument } from '../../vtex';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { sandboxOrders } from '../helpers/outbox-desk';

/**
 * The customer's other orders (VTEX's user orders) through the IPC, page by page: every order of
 * the customer comes once across the pages; offline, the desk's cache answers on one page.
 */

let desk: IpcDesk;
let mine: OrderDocument[] = [];
const EMAIL = 'five.orders@example.com';

beforeAll(async () => {
  desk = await startIpcDesk();
  mine = await sandboxOrders(desk.sb, 5, {
    status: 'handling',
    sellers: 1,
    client: { email: EMAIL, firstName: 'Five', lastName: 'Orders' },
  });
  await sandboxOrders(desk.sb, 2, { status: 'handling', sellers: 1 });
  await vi.waitFor(async () => expect((await desk.ok('orders:counts')).all).toBe(7), {
    timeout: 15_000,
    interval: 50,
  });
}, 30_000);

afterAll(async () => {
  await desk?.close();
});

describe('orders:customer-orders', () => {
  it('pages through VTEX’s user orders', async () => {
    const current = mine[0] as OrderDocument;
    const first = await desk.ok('orders:customer-orders', { orderId: current.orderId, perPage: 2 });
    expect(first).toMatchObject({ email: EMAIL, source: 'vtex', page: 1, pages: 3 });
    const seen = [...first.orders.map((o) => o.orderId)];
    for (let page = 2; page <= first.pages; page++) {
      const next = await desk.ok('orders:customer-orders', {
        orderId: current.orderId,
        page,
        perPage: 2,
      });
      expect(next.page).toBe(page);
      seen.push(...next.orders.map((o) => o.orderId));
    }
    const others = mine.slice(1).map((o) => o.orderId);
    expect(seen.sort()).toEqual(others.sort());
  });

  it('offline: the cached orders of the customer, on one page', async () => {
    const current = mine[0] as OrderDocument;
    desk.sb.app.sandbox.faults.startOutage({ seconds: 60 });
    try {
      const res = await desk.ok('orders:customer-orders', { orderId: current.orderId, page: 2 });
      expect(res).toMatchObject({ source: 'cache', page: 1, pages: 1 });
      expect(res.orders.map((o) => o.orderId).sort()).toEqual(
        mine
          .slice(1)
          .map((o) => o.orderId)
          .sort(),
      );
    } finally {
      await desk.sb.app.sandbox.faults.endOutage();
    }
  }, 20_000);
});
