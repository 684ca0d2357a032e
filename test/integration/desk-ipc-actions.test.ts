import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActionView, DeskEvent } from '../../preload/contract';
import { systemCancel } from '../../sandbox/state/lifecycle';
import type { OrderDocument } from '../../vtex';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import {
  addFault,
  effectsOf,
  sandboxOrder,
  sandboxOrders,
  type EffectEntry,
} from '../helpers/outbox-desk';

/**
 * The actions of the contract through the browser host against a real sandbox: each is refused
 * without an operator, queued at once, and then reaches the sandbox exactly once (its effect log
 * is the proof); refusals carry stable codes; Needs attention can be retried, edited, discarded.
 */

let desk: IpcDesk;

beforeAll(async () => {
  desk = await startIpcDesk();
}, 20_000);

afterAll(async () => {
  await desk?.close();
});

const WAIT = { timeout: 10_000, interval: 30 };

/** New sandbox orders, once the desk has them. */
async function cached(count: number, spec: Record<string, unknown>): Promise<OrderDocument[]> {
  const docs = await sandboxOrders(desk.sb, count, { sellers: 1, ...spec });
  await vi.waitFor(async () => {
    for (const d of docs) {
      const { body } = await desk.call('orders:get', { orderId: d.orderId });
      expect(body.ok).toBe(true);
    }
  }, WAIT);
  return docs;
}

const writes = (effects: EffectEntry[], method: string, path: RegExp) =>
  effects.filter((e) => e.method === method && path.test(e.path) && e.changed);

async function actionOf(orderId: string, actionId: string): Promise<ActionView | undefined> {
  const d = await desk.ok('orders:get', { orderId });
  return d.actions.find((a) => a.actionId === actionId);
}

/** Waits until the action reached VTEX (state done) and returns the order's effects. */
async function synced(orderId: string, actionId: string): Promise<EffectEntry[]> {
  await vi.waitFor(
    async () => expect((await actionOf(orderId, actionId))?.state).toBe('done'),
    WAIT,
  );
  return effectsOf(desk.sb, orderId);
}

describe('the operator', () => {
  it('refuses every action while no shift is open, and queues nothing', async () => {
    const [o] = await cached(1, { status: 'ready-for-handling' });
    const refused = await desk.fail('actions:start-handling', { orderId: o?.orderId });
    expect(refused).toMatchObject({ code: 'NO_OPERATOR', status: 422 });
    expect(refused.message).toMatch(/Start your shift/);
    expect(await desk.fail('actions:note', { orderId: o?.orderId, message: 'x' })).toMatchObject({
      code: 'NO_OPERATOR',
    });
    expect(await desk.ok('actions:pending')).toEqual({ actions: [], total: 0 });
    expect(await desk.ok('operator:get')).toEqual({ operator: null });
  });

  it('a shift names who acts; a PIN protects the name; ending it stops actions again', async () => {
    const started = await desk.ok('operator:start-shift', { name: '  Ana   Souza ', pin: '4321' });
    expect(started.operator).toMatchObject({ name: 'Ana Souza', hasPin: true });
    await desk.ok('operator:end-shift');
    expect(await desk.fail('operator:start-shift', { name: 'ana souza' })).toMatchObject({
      code: 'PIN_REQUIRED',
    });
    expect(
      await desk.fail('operator:start-shift', { name: 'Ana Souza', pin: '1111' }),
    ).toMatchObject({ code: 'PIN_WRONG' });
    expect(await desk.fail('operator:start-shift', { name: 'Ana', pin: '12' })).toMatchObject({
      code: 'BAD_REQUEST',
    });
    await desk.ok('operator:start-shift', { name: 'Ana Souza', pin: '4321' });
    expect((await desk.ok('operator:get')).operator?.name).toBe('Ana Souza');
    expect(desk.events.some((e) => e.type === 'operator:changed' && e.operator === null)).toBe(
      true,
    );
  });
});

describe('each action, queued and synced once', () => {
  it('start handling: moves the order to Handling at once, reaches VTEX once', async () => {
    const [o] = await cached(1, { status: 'ready-for-handling' });
    const orderId = String(o?.orderId);
    const before = desk.events.length;
    const q = await desk.ok('actions:start-handling', { orderId });
    expect(q).toMatchObject({
      orderId,
      displayStatus: 'handling',
      invoiceNumber: null,
      change: null,
    });
    expect(q.actionId).toMatch(/^act-/);
    expect(
      desk.events
        .slice(before)
        .some(
          (e) =>
            e.type === 'orders:changed' && e.source === 'local' && e.orderIds.includes(orderId),
        ),
    ).toBe(true);

    const effects = await synced(orderId, q.actionId);
    expect(writes(effects, 'POST', /\/start-handling$/)).toHaveLength(1);
    // Its companion: the "handling started at station S by operator O" note.
    expect(writes(effects, 'POST', /\/api\/do\/notes$/)).toHaveLength(1);
    const d = await desk.ok('orders:get', { orderId });
    expect(d.actions.find((a) => a.actionId === q.actionId)).toMatchObject({
      verb: 'start-handling',
      operator: 'Ana Souza',
      station: 'Demo station',
    });
    expect(d.timeline.some((t) => t.kind === 'synced' && t.actionId === q.actionId)).toBe(true);
    // One "reached VTEX" line for the start and its note together, once both were sent.
    await vi.waitFor(async () => {
      const all = await desk.ok('orders:get', { orderId });
      expect(all.actions.every((a) => a.state === 'done')).toBe(true);
      expect(all.timeline.filter((t) => t.kind === 'synced')).toHaveLength(1);
      expect(all.timeline.filter((t) => t.kind === 'action')).toHaveLength(1);
    });
    // A second start is refused by VTEX's rule, checked on the desk.
    expect(await desk.fail('actions:start-handling', { orderId })).toMatchObject({
      code: 'ORDER_NOT_READY_FOR_HANDLING',
    });
  });

  it('record payment: checks the cash count, gives the change, notifies VTEX once', async () => {
    const [o] = await cached(1, {
      status: 'payment-pending',
      paymentGroup: 'promissory',
      marketplace: false,
    });
    const orderId = String(o?.orderId);
    const due = Number(o?.value);
    expect(
      await desk.fail('actions:record-payment', {
        orderId,
        cash: { due: due + 1, received: due + 100 },
      }),
    ).toMatchObject({ code: 'CASH_DUE_MISMATCH' });
    expect(
      await desk.fail('actions:record-payment', { orderId, cash: { due, received: due - 1 } }),
    ).toMatchObject({ code: 'CASH_NOT_ENOUGH' });

    const q = await desk.ok('actions:record-payment', {
      orderId,
      cash: { due, received: due + 410 },
    });
    expect(q.change).toBe(410);
    const effects = await synced(orderId, q.actionId);
    expect(writes(effects, 'POST', /\/payment-notification$/)).toHaveLength(1);
    const a = await actionOf(orderId, q.actionId);
    expect(a?.data).toMatchObject({ cash: { due, received: due + 410, change: 410 } });
    await vi.waitFor(
      async () => expect((await sandboxOrder(desk.sb, orderId)).status).not.toBe('payment-pending'),
      WAIT,
    );
  });

  it('invoice in two parts, tracking, then a return: each one write at VTEX', async () => {
    const [o] = await cached(1, { status: 'handling', itemCount: 2 });
    const orderId = String(o?.orderId);
    const sku = (i: number) => String(o?.items[i]?.id);
    const qty = (i: number) => Number(o?.items[i]?.quantity);
    expect(sku(0)).not.toBe(sku(1));

    // A refusal first: more units than the order has.
    expect(
      await desk.fail('actions:invoice', {
        orderId,
        items: [{ id: sku(0), quantity: qty(0) + 1 }],
      }),
    ).toMatchObject({ code: 'INVOICE_QUANTITY_EXCEEDED' });

    const part1 = await desk.ok('actions:invoice', {
      orderId,
      items: [{ id: sku(0), quantity: qty(0) }],
      invoiceNumber: 'NF-9001',
      invoiceKey: '3526 1112 3456 7800 0190 5500 1000 0000 0110 0000 0010',
    });
    expect(part1.invoiceNumber).toBe('NF-9001');
    // The rest: no items named means every unit left.
    const part2 = await desk.ok('actions:invoice', { orderId, invoiceNumber: 'NF-9002' });
    expect(part2.invoiceNumber).toBe('NF-9002');
    const d1 = await desk.ok('orders:get', { orderId });
    expect(d1.items.map((i) => i.remainingToInvoice)).toEqual([0, 0]);

    await synced(orderId, part2.actionId);
    const tracking = await desk.ok('actions:tracking', {
      orderId,
      invoiceNumber: 'NF-9001',
      trackingNumber: 'BR123456789',
      courier: 'Correios',
    });
    await synced(orderId, tracking.actionId);
    await vi.waitFor(
      async () => expect((await sandboxOrder(desk.sb, orderId)).status).toBe('invoiced'),
      WAIT,
    );
    await vi.waitFor(async () => {
      const d = await desk.ok('orders:get', { orderId });
      expect(d.checks.return.allowed).toBe(true);
    }, WAIT);
    const ret = await desk.ok('actions:invoice', {
      orderId,
      type: 'Input',
      items: [{ id: sku(1), quantity: 1 }],
      invoiceNumber: 'DEV-1',
    });
    const effects = await synced(orderId, ret.actionId);
    expect(writes(effects, 'POST', /\/invoice$/)).toHaveLength(3);
    expect(writes(effects, 'PATCH', /\/invoice\/NF-9001$/)).toHaveLength(1);
    const doc = await sandboxOrder(desk.sb, orderId);
    const packages = doc.packageAttachment?.packages ?? [];
    expect(packages.map((p) => [p.invoiceNumber, p.type])).toEqual([
      ['NF-9001', 'Output'],
      ['NF-9002', 'Output'],
      ['DEV-1', 'Input'],
    ]);
    expect(packages[0]?.trackingNumber).toBe('BR123456789');
  }, 30_000);

  it('cancel and note: one write each; a cancel VTEX would refuse is refused here', async () => {
    const [a, b] = await cached(2, { status: 'ready-for-handling' });
    const cancel = await desk.ok('actions:cancel', {
      orderId: String(a?.orderId),
      reason: 'Customer called: wrong size',
    });
    expect(cancel.displayStatus).toMatch(/cancel/);
    const note = await desk.ok('actions:note', {
      orderId: String(b?.orderId),
      message: 'Gift wrap requested at the counter',
    });
    const ce = await synced(String(a?.orderId), cancel.actionId);
    expect(writes(ce, 'POST', /\/cancel$/)).toHaveLength(1);
    const ne = await synced(String(b?.orderId), note.actionId);
    expect(writes(ne, 'POST', /\/api\/do\/notes$/)).toHaveLength(1);
    expect(
      await desk.fail('actions:cancel', { orderId: String(a?.orderId), reason: 'again' }),
    ).toMatchObject({ code: 'ORDER_CANCELED' });
    expect(await desk.fail('actions:cancel', { orderId: String(a?.orderId) })).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(
      await desk.fail('actions:note', { orderId: '999-not-here-01', message: 'x' }),
    ).toMatchObject({ code: 'ORDER_NOT_IN_CACHE', status: 404 });
  });
});

describe('offline', () => {
  it('queues while VTEX is down, shows it waiting, and sends it once when VTEX is back', async () => {
    const [o] = await cached(1, { status: 'ready-for-handling' });
    const orderId = String(o?.orderId);
    desk.sb.app.sandbox.faults.startOutage({ seconds: 120 });
    let actionId = '';
    try {
      actionId = (await desk.ok('actions:start-handling', { orderId })).actionId;
      const handling = await desk.ok('orders:list', { queue: 'handling' });
      expect(handling.rows.find((r) => r.orderId === orderId)).toMatchObject({
        status: 'ready-for-handling',
        displayStatus: 'handling',
        syncState: 'pending',
        pendingLabel: 'handling — waiting to sync',
        // The start and its automatic note: one thing the worker did.
        pendingCount: 1,
      });
      const ready = await desk.ok('orders:list', { queue: 'ready' });
      expect(ready.rows.some((r) => r.orderId === orderId)).toBe(false);
      await vi.waitFor(async () => {
        const s = await desk.ok('sync:status');
        expect(s.online).toBe(false);
        expect(s.pending).toBe(1);
        expect(s.oldestPendingAt).not.toBeNull();
      }, WAIT);
      const waiting = await desk.ok('actions:pending');
      expect(waiting.total).toBe(1);
      expect(waiting.actions.map((a) => [a.actionId, a.verb])).toEqual([
        [actionId, 'start-handling'],
      ]);
      expect(desk.events.some((e) => e.type === 'sync:status-changed' && !e.status.online)).toBe(
        true,
      );
    } finally {
      await desk.sb.app.sandbox.faults.endOutage();
    }
    const effects = await synced(orderId, actionId);
    expect(writes(effects, 'POST', /\/start-handling$/)).toHaveLength(1);
    await vi.waitFor(async () => {
      const s = await desk.ok('sync:status');
      expect(s).toMatchObject({ online: true, pending: 0 });
    }, WAIT);
  }, 30_000);
});

describe('Needs attention', () => {
  it('an order canceled at VTEX while offline: the action waits with the reason; retry, discard', async () => {
    const [o] = await cached(1, { status: 'ready-for-handling' });
    const orderId = String(o?.orderId);
    desk.sb.app.sandbox.faults.startOutage({ seconds: 120 });
    let actionId = '';
    try {
      actionId = (await desk.ok('actions:start-handling', { orderId })).actionId;
      systemCancel(desk.sb.app.sandbox, orderId, 'Payment not confirmed');
    } finally {
      await desk.sb.app.sandbox.faults.endOutage();
    }
    await vi.waitFor(async () => {
      const list = await desk.ok('attention:list');
      expect(list.items.map((i) => i.actionId)).toContain(actionId);
    }, WAIT);
    const list = await desk.ok('attention:list');
    const item = list.items.find((i) => i.actionId === actionId);
    expect(item).toMatchObject({
      orderId,
      state: 'attention',
      canRetry: true,
      canDiscard: true,
      sequence: o?.sequence,
    });
    expect(item?.error?.code).toMatch(/CONFLICT_ALREADY_CANCELED|ORDER_NOT_READY_FOR_HANDLING/);
    expect(item?.error?.message).toBeTruthy();
    expect((await desk.ok('orders:counts')).attention).toBe(1);
    const queue = await desk.ok('orders:list', { queue: 'attention' });
    expect(queue.rows.map((r) => r.orderId)).toEqual([orderId]);
    expect(queue.rows[0]).toMatchObject({ syncState: 'attention', hasAttention: true });
    expect(
      desk.events.some(
        (e: DeskEvent) =>
          e.type === 'attention:changed' && e.count === 1 && e.orderIds.includes(orderId),
      ),
    ).toBe(true);

    // Retrying changes nothing at VTEX: it comes back to Needs attention.
    await desk.ok('attention:retry', { actionId });
    await vi.waitFor(
      async () => expect((await actionOf(orderId, actionId))?.state).toBe('attention'),
      WAIT,
    );
    expect(await desk.fail('attention:discard', { actionId, reason: ' ' })).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const gone = await desk.ok('attention:discard', {
      actionId,
      reason: 'Order canceled by the store',
    });
    expect(gone).toMatchObject({ actionId, orderId });
    const a = await actionOf(orderId, actionId);
    expect(a).toMatchObject({ state: 'discarded' });
    expect(a?.discardReason).toMatch(/Order canceled by the store.*Ana Souza/);
    expect((await desk.ok('orders:counts')).attention).toBe(0);
    expect(writes(await effectsOf(desk.sb, orderId), 'POST', /\/start-handling$/)).toHaveLength(0);
    expect(await desk.fail('attention:retry', { actionId })).toMatchObject({
      code: 'ACTION_NOT_IN_ATTENTION',
    });
  }, 30_000);

  it('a note VTEX refused: edited and sent again, reaching VTEX once with the new text', async () => {
    const [o] = await cached(1, { status: 'handling' });
    const orderId = String(o?.orderId);
    await addFault(desk.sb, {
      kind: 'error',
      status: 400,
      route: 'POST /api/do/notes',
      count: 1,
    });
    const { actionId } = await desk.ok('actions:note', { orderId, message: 'first try' });
    await vi.waitFor(
      async () => expect((await actionOf(orderId, actionId))?.state).toBe('attention'),
      WAIT,
    );
    expect((await actionOf(orderId, actionId))?.canEdit).toBe(true);
    expect(
      await desk.fail('attention:edit', { actionId, data: { reason: 'not a note field' } }),
    ).toMatchObject({ code: 'ACTION_BAD_DATA' });
    await desk.ok('attention:edit', { actionId, data: { message: 'second try' } });
    const effects = await synced(orderId, actionId);
    const notes = writes(effects, 'POST', /\/api\/do\/notes$/);
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes[0]?.body)).toContain('second try');
    expect(await desk.fail('attention:edit', { actionId: 'act-nope', data: {} })).toMatchObject({
      code: 'ACTION_NOT_FOUND',
    });
  }, 30_000);
});
