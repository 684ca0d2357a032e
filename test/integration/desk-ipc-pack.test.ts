import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderDocument } from '../../vtex';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { sandboxOrders } from '../helpers/outbox-desk';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * The pack check's problems through the browser host against a real sandbox: a wrong item, one
 * unit too many, a supervisor's override and a line reported missing (with the change that took
 * it out) are kept on the station, shown in the order's
 * timeline with who was at the desk, and still there after the desk restarts.
 */

let sb: TestSandbox;
let desk: IpcDesk;
let order: OrderDocument;

const WAIT = { timeout: 10_000, interval: 30 };

beforeAll(async () => {
  sb = await startSandbox();
  desk = await startIpcDesk({ sb });
  const [o] = await sandboxOrders(sb, 1, { sellers: 1, status: 'ready-for-handling' });
  if (!o) throw new Error('no order');
  order = o;
  await vi.waitFor(async () => {
    const { body } = await desk.call('orders:get', { orderId: o.orderId });
    expect(body.ok).toBe(true);
  }, WAIT);
}, 30_000);

afterAll(async () => {
  await desk?.close();
  await sb?.close();
});

describe('pack check problems on the station', () => {
  it('keeps a wrong scan, one too many and an override, with who was at the desk', async () => {
    await desk.ok('operator:start-shift', { name: 'Ana Souza' });
    const orderId = order.orderId;
    const wrong = await desk.ok('pack:record', { orderId, kind: 'wrong', code: '0000000000000' });
    expect(wrong).toMatchObject({ kind: 'wrong', code: '0000000000000', operator: 'Ana Souza' });
    await desk.ok('pack:record', {
      orderId,
      kind: 'too-many',
      code: '7896150100744',
      itemName: 'Café',
      expected: 2,
    });
    await desk.ok('pack:record', { orderId, kind: 'override', supervisor: 'Bruno Lima' });
    await desk.ok('pack:record', {
      orderId,
      kind: 'missing',
      code: '102',
      itemName: 'Mel 250g',
      quantity: 1,
      replacedBy: '101',
    });

    const { events } = await desk.ok('pack:list', { orderId });
    expect(events.map((e) => e.kind)).toEqual(['wrong', 'too-many', 'override', 'missing']);
    expect(events[1]).toMatchObject({ itemName: 'Café', expected: 2 });
    expect(events[2]).toMatchObject({ supervisor: 'Bruno Lima', code: null });
    expect(events[3]).toMatchObject({
      code: '102',
      itemName: 'Mel 250g',
      quantity: 1,
      replacedBy: '101',
      operator: 'Ana Souza',
    });

    const detail = await desk.ok('orders:get', { orderId });
    const pack = detail.timeline.filter((e) => e.kind === 'pack');
    expect(pack.map((e) => e.code)).toEqual(['wrong', 'too-many', 'override', 'missing']);
    expect(pack[3]?.text).toBe(
      'Pack check: 1 × "Mel 250g" missing or damaged, replaced by SKU 101 (change of items)',
    );
    expect(pack[0]?.operator).toBe('Ana Souza');
    expect(pack[0]?.text).toContain('0000000000000');
  });

  it('refuses an unknown order and a malformed problem with a clear error', async () => {
    expect(
      await desk.fail('pack:record', { orderId: 'nope-01', kind: 'wrong', code: 'x' }),
    ).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(
      await desk.fail('pack:record', { orderId: order.orderId, kind: 'too-many', code: 'x' }),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await desk.fail('pack:record', {
        orderId: order.orderId,
        kind: 'missing',
        code: '102',
        itemName: 'Mel',
        quantity: 0,
      }),
    ).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('is still there after the desk restarts', async () => {
    const dataDir = desk.dataDir;
    await desk.close({ keepData: true });
    desk = await startIpcDesk({ sb, dataDir });
    const { events } = await desk.ok('pack:list', { orderId: order.orderId });
    expect(events).toHaveLength(4);
  });
});
