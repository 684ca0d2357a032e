import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  discardAction,
  editAction,
  getAction,
  getLocalState,
  retryAction,
} from '../../main/core/outbox';
import type { OrderDocument } from '../../vtex';
import {
  createOutboxDesk,
  effectsOf,
  sandboxOrder,
  sandboxOrders,
  type OutboxDesk,
} from '../helpers/outbox-desk';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * Two stations (each with its own appKey, as the settings require) work the same store offline.
 * Whatever one did first, the other gets a clear conflict in Needs attention — never a second
 * start of handling, never a second invoice — and the person resolves it by retry, edit or
 * discard.
 */

const KEY_B = { appKey: 'vtexappkey-sandbox-DESK02', appToken: 'station-b-token' };

let sb: TestSandbox;
let a: OutboxDesk;
let b: OutboxDesk;

beforeAll(async () => {
  sb = await startSandbox();
  const res = await sb.api('/_sandbox/keys', { method: 'POST', json: KEY_B });
  expect(res.status).toBe(201);
});
afterAll(() => sb.close());
beforeEach(() => {
  a = createOutboxDesk(sb, { station: 'Packing 1', operator: 'Ana' });
  b = createOutboxDesk(sb, { station: 'Packing 2', operator: 'Bruno', ...KEY_B });
});
afterEach(async () => {
  await a.close();
  await b.close();
});

async function sharedOrder(spec: Record<string, unknown>): Promise<OrderDocument> {
  const [doc] = await sandboxOrders(sb, 1, { sellers: 1, ...spec });
  if (!doc) throw new Error('no order created');
  await a.cache([doc.orderId]);
  await b.cache([doc.orderId]);
  return doc;
}

const invoicesAt = async (orderId: string) =>
  (await effectsOf(sb, orderId)).filter((e) => e.path.endsWith('/invoice'));

describe('two stations, one order', () => {
  it('already in handling by another station: conflict; its invoice is held, then refused unsent', async () => {
    const o = await sharedOrder({ status: 'ready-for-handling', itemCount: 2 });
    a.act('start-handling', o.orderId);
    const aInv = a.act('invoice', o.orderId);
    const bStart = b.act('start-handling', o.orderId);
    const bInv = b.act('invoice', o.orderId);

    await a.engine.drainOnce();
    expect(getAction(a.db, aInv)?.state).toBe('done');
    await b.engine.drainOnce();

    expect(getAction(b.db, bStart)).toMatchObject({
      state: 'attention',
      lastError: { code: 'CONFLICT_ALREADY_HANDLING' },
    });
    expect(getAction(b.db, bStart)?.lastError?.message).toMatch(/Another station already started/);
    // The companion note and the invoice wait behind the conflict.
    expect(getAction(b.db, `${bStart}.1`)?.state).toBe('queued');
    expect(getAction(b.db, bInv)?.state).toBe('queued');
    // Station B's screen shows VTEX's truth, not its own optimistic "invoiced".
    expect(getLocalState(b.db, o.orderId)).toMatchObject({ status: 'invoiced', attention: 1 });

    expect(discardAction(b.db, b.vt.clock, bStart, 'Ana has it').ok).toBe(true);
    await b.engine.drainOnce();
    expect(getAction(b.db, bInv)).toMatchObject({
      state: 'attention',
      lastError: { code: 'CONFLICT_INVOICED_ELSEWHERE' },
    });

    const effects = await effectsOf(sb, o.orderId);
    expect(effects.filter((e) => e.path.endsWith('/start-handling'))).toHaveLength(1);
    expect(effects.filter((e) => e.path === '/api/do/notes')).toHaveLength(1);
    expect(await invoicesAt(o.orderId)).toHaveLength(1);
    expect(effects.every((e) => e.appKey === 'vtexappkey-sandbox-DESK01')).toBe(true);

    // "Send it anyway" cannot invoice twice either: VTEX's rules on the refreshed order refuse it.
    expect(retryAction(b.db, b.vt.clock, bInv).ok).toBe(true);
    await b.engine.drainOnce();
    expect(getAction(b.db, bInv)).toMatchObject({
      state: 'attention',
      lastError: { code: 'ORDER_ALREADY_INVOICED' },
    });
    expect(await invoicesAt(o.orderId)).toHaveLength(1);
    expect(discardAction(b.db, b.vt.clock, bInv, 'invoiced by Packing 1').ok).toBe(true);
    expect(b.engine.status()).toMatchObject({ pending: 0, attention: 0 });
    expect(getLocalState(b.db, o.orderId)).toBeUndefined();
  });

  it('a partial invoice elsewhere: conflict; edit to the items left (same id and number) and send', async () => {
    const o = await sharedOrder({ status: 'handling', itemCount: 2 });
    const [first, second] = o.items;
    if (!first || !second) throw new Error('two items expected');
    a.act('invoice', o.orderId, {
      invoiceNumber: 'A-1',
      items: [{ id: first.id, quantity: first.quantity }],
    });
    const bInv = b.act('invoice', o.orderId, { invoiceNumber: 'B-1' });
    await a.engine.drainOnce();
    await b.engine.drainOnce();
    expect(getAction(b.db, bInv)).toMatchObject({
      state: 'attention',
      lastError: { code: 'CONFLICT_INVOICED_ELSEWHERE' },
    });
    expect(getAction(b.db, bInv)?.lastError?.message).toContain('A-1');
    expect(
      (await invoicesAt(o.orderId)).map((e) => (e.body as { invoiceNumber: string }).invoiceNumber),
    ).toEqual(['A-1']);

    const edited = editAction(b.db, b.actor, bInv, {
      items: [{ id: second.id, quantity: second.quantity }],
    });
    expect(edited.ok).toBe(true);
    await b.engine.drainOnce();
    expect(getAction(b.db, bInv)).toMatchObject({ state: 'done', outcome: 'applied' });
    const invoices = await invoicesAt(o.orderId);
    expect(invoices.map((e) => (e.body as { invoiceNumber: string }).invoiceNumber)).toEqual([
      'A-1',
      'B-1',
    ]);
    // B's invoice closed the order: its value was recomputed on the edit from VTEX's truth.
    const vtex = await sandboxOrder(sb, o.orderId);
    expect(vtex.status).toBe('invoiced');
  });

  it('the same typed invoice number at both stations: the second never overwrites the first', async () => {
    const o = await sharedOrder({ status: 'handling' });
    a.act('invoice', o.orderId, { invoiceNumber: 'NF-777' });
    const bInv = b.act('invoice', o.orderId, { invoiceNumber: 'NF-777' });
    await a.engine.drainOnce();
    await b.engine.drainOnce();
    expect(getAction(b.db, bInv)?.lastError?.code).toBe('CONFLICT_INVOICE_NUMBER_TAKEN');
    expect(await invoicesAt(o.orderId)).toHaveLength(1);
  });

  it('a retry after the conflict is resolved at VTEX sends the action once', async () => {
    const o = await sharedOrder({ status: 'handling', itemCount: 2 });
    const [first, second] = o.items;
    if (!first || !second) throw new Error('two items expected');
    a.act('invoice', o.orderId, {
      invoiceNumber: 'A-9',
      items: [{ id: first.id, quantity: first.quantity }],
    });
    const bInv = b.act('invoice', o.orderId, {
      invoiceNumber: 'B-9',
      items: [{ id: second.id, quantity: second.quantity }],
    });
    await a.engine.drainOnce();
    await b.engine.drainOnce();
    expect(getAction(b.db, bInv)?.lastError?.code).toBe('CONFLICT_INVOICED_ELSEWHERE');
    // Bruno checks: Ana invoiced the other item. His invoice is still right: send it.
    expect(retryAction(b.db, b.vt.clock, bInv).ok).toBe(true);
    await b.engine.drainOnce();
    expect(getAction(b.db, bInv)?.state).toBe('done');
    expect(await invoicesAt(o.orderId)).toHaveLength(2);
  });
});
