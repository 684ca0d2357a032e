import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import type { DeskErrorCode } from '../../main/core/errors';
import { closeDeskDb, openDeskDb, upsertOrders, type DeskDb } from '../../main/core/db';
import {
  believe,
  discardAction,
  durably,
  editAction,
  getAction,
  getLocalState,
  listActions,
  queueAction,
  retryAction,
  setInvoicePattern,
  type Actor,
  type QueueResult,
} from '../../main/core/outbox';
import { markAttention, refreshLocalState } from '../../main/core/outbox/store';
import type { OrderDocument } from '../../vtex';
import { BASE_MS, makeOrder } from '../helpers/desk-orders';

let dir: string;
let db: DeskDb;
let clock: ManualClock;
let actor: Actor;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-queue-'));
  clock = new ManualClock(BASE_MS);
  db = openDeskDb(join(dir, 'desk.db'), { clock });
  actor = { station: 'Packing 1', operator: 'Ana', clock, utcOffsetMinutes: -180 };
});
afterEach(() => {
  closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

/** Two items (2 × 25,00 and 1 × 50,00) plus 10,00 shipping: value 110,00. */
function order(status: string, over: Partial<OrderDocument> = {}): OrderDocument {
  const doc = makeOrder({
    index: 7,
    status,
    items: [
      { skuId: '101', price: 2500, quantity: 2 },
      { skuId: '202', price: 5000, quantity: 1 },
    ],
  });
  doc.value = 11_000;
  doc.paymentData = {
    transactions: [
      {
        transactionId: 'TX1',
        payments: [{ id: 'PAY-CASH', group: 'promissory', value: 11_000 }],
      },
    ],
  };
  return { ...doc, ...over };
}

function store(doc: OrderDocument): string {
  upsertOrders(db, [doc]);
  return doc.orderId;
}

function ok(r: QueueResult): string {
  if (!r.ok) throw new Error(`refused: ${r.refusal.code} ${r.refusal.message}`);
  return r.actionId;
}

/** What the engine does on a rejection, without the engine. */
function attention(actionId: string, code: DeskErrorCode): void {
  durably(db, () => {
    markAttention(db, actionId, { code, message: code.toLowerCase() }, clock.now());
    const a = getAction(db, actionId);
    if (a) refreshLocalState(db, a.orderId, clock.now());
  });
}

function refused(r: QueueResult): { code: string; message: string } {
  if (r.ok) throw new Error(`queued ${r.actionId}, expected a refusal`);
  return r.refusal;
}

describe('durable write path', () => {
  it('commits with synchronous = FULL and leaves the connection at NORMAL', () => {
    const NORMAL = 1;
    const FULL = 2;
    expect(db.pragma('synchronous', { simple: true })).toBe(NORMAL);
    const inside = durably(db, () => db.pragma('synchronous', { simple: true }));
    expect(inside).toBe(FULL);
    expect(db.pragma('synchronous', { simple: true })).toBe(NORMAL);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('rolls everything back when the transaction throws', () => {
    const id = store(order('ready-for-handling'));
    expect(() =>
      durably(db, () => {
        ok(queueAction(db, actor, { verb: 'start-handling', orderId: id }));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(listActions(db)).toEqual([]);
    expect(getLocalState(db, id)).toBeUndefined();
  });
});

describe('start handling', () => {
  it('queues the start and the "handling started" interaction, and shows the optimistic state', () => {
    const id = store(order('ready-for-handling'));
    const r = queueAction(db, actor, { verb: 'start-handling', orderId: id });
    const actionId = ok(r);
    expect(r.ok && r.actionIds).toEqual([actionId, `${actionId}.1`]);
    const rows = listActions(db);
    expect(rows.map((a) => [a.kind, a.state, a.parentId])).toEqual([
      ['start-handling', 'queued', null],
      ['note', 'queued', actionId],
    ]);
    const note = rows[1];
    expect(note?.request.kind === 'note' && note.request.body.message).toBe(
      `Handling started at station Packing 1 by operator Ana [desk:${actionId}.1]`,
    );
    expect(note?.prevActionId).toBe(actionId);
    expect(rows[0]?.operator).toBe('Ana');
    expect(rows[0]?.station).toBe('Packing 1');
    expect(rows[0]?.createdAt).toBe(BASE_MS);
    expect(getLocalState(db, id)).toMatchObject({
      status: 'handling',
      label: 'handling — waiting to sync',
      // Two rows, one thing the worker did: the start and its automatic note.
      pending: 1,
      attention: 0,
    });
  });

  it('is refused when the order is not ready for handling, with a stable code', () => {
    const id = store(order('payment-pending'));
    const r = refused(queueAction(db, actor, { verb: 'start-handling', orderId: id }));
    expect(r.code).toBe('ORDER_NOT_READY_FOR_HANDLING');
    expect(r.message).toContain('"payment-pending"');
    expect(listActions(db)).toEqual([]);
  });

  it('is refused a second time (the first one is believed to have started it)', () => {
    const id = store(order('ready-for-handling'));
    ok(queueAction(db, actor, { verb: 'start-handling', orderId: id }));
    expect(refused(queueAction(db, actor, { verb: 'start-handling', orderId: id })).code).toBe(
      'ORDER_NOT_READY_FOR_HANDLING',
    );
  });
});

describe('refusals that are not VTEX rules', () => {
  it('refuses an order that is not in the cache, unknown verbs and bad data', () => {
    expect(
      refused(queueAction(db, actor, { verb: 'note', orderId: 'nope-01', data: { message: 'x' } }))
        .code,
    ).toBe('ORDER_NOT_IN_CACHE');
    const id = store(order('handling'));
    expect(refused(queueAction(db, actor, { verb: 'ship' as 'note', orderId: id })).code).toBe(
      'ACTION_UNKNOWN',
    );
    const bad = refused(
      queueAction(db, actor, { verb: 'invoice', orderId: id, data: { itens: [] } }),
    );
    expect(bad.code).toBe('ACTION_BAD_DATA');
    expect(bad.message).toContain('itens');
    expect(
      refused(queueAction(db, { ...actor, operator: ' ' }, { verb: 'note', orderId: id })).code,
    ).toBe('OPERATOR_REQUIRED');
  });
});

describe('invoices', () => {
  it('a full invoice takes every unit at the order\u2019s unit prices and the whole value', () => {
    const id = store(order('handling'));
    const actionId = ok(
      queueAction(db, actor, {
        verb: 'invoice',
        orderId: id,
        data: { invoiceKey: 'KEY-1', courier: 'Correios', trackingNumber: 'BR1' },
      }),
    );
    const a = getAction(db, actionId);
    expect(a?.request.kind).toBe('invoice');
    if (a?.request.kind !== 'invoice') return;
    expect(a.request.body).toEqual({
      type: 'Output',
      issuanceDate: '2026-11-27T09:00:00-03:00',
      invoiceNumber: 'PACKING1-000001',
      // Items 2×2500 + 5000 = 10000, plus shipping: the invoice must close the order value.
      invoiceValue: 11_000,
      items: [
        { id: '101', price: 2500, quantity: 2 },
        { id: '202', price: 5000, quantity: 1 },
      ],
      invoiceKey: 'KEY-1',
      courier: 'Correios',
      trackingNumber: 'BR1',
    });
    expect(a.idempotencyKey).toBe(`invoice:${id}:PACKING1-000001`);
    expect(getLocalState(db, id)?.label).toBe('invoiced — waiting to sync');
    expect(refused(queueAction(db, actor, { verb: 'invoice', orderId: id })).code).toBe(
      'NOTHING_TO_INVOICE',
    );
  });

  it('is refused before the order is ready, and accepted behind a queued start-handling', () => {
    expect(
      refused(
        queueAction(db, actor, {
          verb: 'invoice',
          orderId: store(order('window-to-cancel', { orderId: 'WTC-01' })),
        }),
      ).code,
    ).toBe('INVOICE_NOT_ALLOWED_IN_STATUS');
    const id = store(order('ready-for-handling'));
    ok(queueAction(db, actor, { verb: 'start-handling', orderId: id }));
    const inv = ok(queueAction(db, actor, { verb: 'invoice', orderId: id }));
    expect(getAction(db, inv)?.prevActionId).toMatch(/\.1$/);
  });

  it('partial invoices: quantities left, Σ value, no cancel afterwards, a return of what was invoiced', () => {
    const id = store(order('handling'));
    ok(
      queueAction(db, actor, {
        verb: 'invoice',
        orderId: id,
        data: { items: [{ id: '101', quantity: 1 }] },
      }),
    );
    const first = listActions(db)[0];
    expect(first?.request.kind === 'invoice' && first.request.body.invoiceValue).toBe(2500);
    expect(
      refused(
        queueAction(db, actor, {
          verb: 'invoice',
          orderId: id,
          data: { items: [{ id: '101', quantity: 2 }] },
        }),
      ).code,
    ).toBe('INVOICE_QUANTITY_EXCEEDED');
    expect(
      refused(
        queueAction(db, actor, {
          verb: 'invoice',
          orderId: id,
          data: { items: [{ id: '999', quantity: 1 }] },
        }),
      ).code,
    ).toBe('INVOICE_UNKNOWN_ITEM');
    expect(
      refused(queueAction(db, actor, { verb: 'cancel', orderId: id, data: { reason: 'x' } })).code,
    ).toBe('CANCEL_AFTER_PARTIAL_INVOICE');
    // VTEX takes a return on a partially invoiced order: only the invoiced unit can come back.
    expect(
      refused(
        queueAction(db, actor, {
          verb: 'invoice',
          orderId: id,
          data: { type: 'Input', items: [{ id: '202', quantity: 1 }] },
        }),
      ).code,
    ).toBe('RETURN_QUANTITY_EXCEEDED');
    // The rest closes the order: 1×2500 + 5000 + shipping 1000 = 8500; Σ = 11000.
    ok(queueAction(db, actor, { verb: 'invoice', orderId: id }));
    const second = listActions(db)[1];
    expect(second?.request.kind === 'invoice' && second.request.body.invoiceValue).toBe(8500);
    expect(believe(db, id)?.doc.status).toBe('invoiced');
    const ret = ok(
      queueAction(db, actor, {
        verb: 'invoice',
        orderId: id,
        data: { type: 'Input', items: [{ id: '202', quantity: 1 }] },
      }),
    );
    const r = getAction(db, ret);
    expect(r?.request.kind === 'invoice' && r.request.body).toMatchObject({
      type: 'Input',
      invoiceValue: 5000,
      items: [{ id: '202', price: 5000, quantity: 1 }],
    });
    expect(
      refused(
        queueAction(db, actor, {
          verb: 'invoice',
          orderId: id,
          data: { type: 'Input', items: [{ id: '202', quantity: 1 }] },
        }),
      ).code,
    ).toBe('RETURN_QUANTITY_EXCEEDED');
  });

  it('draws pattern numbers once, never for a refusal, and keeps typed numbers unique', () => {
    const id = store(order('handling'));
    expect(setInvoicePattern(db, 'NF{yyyy}{mm}-{seq:4}')).toBeNull();
    expect(setInvoicePattern(db, 'NF-{station}')).toMatch(/\{seq\}/);
    refused(
      queueAction(db, actor, {
        verb: 'invoice',
        orderId: id,
        data: { items: [{ id: '101', quantity: 9 }] },
      }),
    );
    ok(
      queueAction(db, actor, {
        verb: 'invoice',
        orderId: id,
        data: { items: [{ id: '101', quantity: 1 }] },
      }),
    );
    const a = listActions(db)[0];
    expect(a?.request.kind === 'invoice' && a.request.body.invoiceNumber).toBe('NF202611-0001');
    expect(
      refused(
        queueAction(db, actor, {
          verb: 'invoice',
          orderId: id,
          data: { invoiceNumber: 'NF202611-0001', items: [{ id: '202', quantity: 1 }] },
        }),
      ).code,
    ).toBe('INVOICE_NUMBER_TAKEN');
    expect(
      refused(
        queueAction(
          db,
          { ...actor, invoicePattern: '{station}' },
          { verb: 'invoice', orderId: id },
        ),
      ).code,
    ).toBe('INVOICE_PATTERN_INVALID');
  });

  it('requires the UTC offset on a typed issuance date', () => {
    const id = store(order('handling'));
    const r = refused(
      queueAction(db, actor, {
        verb: 'invoice',
        orderId: id,
        data: { issuanceDate: '2026-11-27T10:30:00' },
      }),
    );
    expect(r.code).toBe('ISSUANCE_DATE_WITHOUT_OFFSET');
    ok(
      queueAction(db, actor, {
        verb: 'invoice',
        orderId: id,
        data: { issuanceDate: '2026-11-27T10:30:00-03:00' },
      }),
    );
  });
});

describe('payment, tracking, cancel, note', () => {
  it('records a pending offline payment, and only that', () => {
    const id = store(order('payment-pending'));
    const a = ok(queueAction(db, actor, { verb: 'record-payment', orderId: id }));
    expect(getAction(db, a)?.request).toEqual({
      kind: 'record-payment',
      target: 'PAY-CASH',
      body: null,
    });
    expect(getLocalState(db, id)?.status).toBe('payment-approved');
    expect(refused(queueAction(db, actor, { verb: 'record-payment', orderId: id })).code).toBe(
      'PAYMENT_NOT_PENDING',
    );
    const card = store(
      order('payment-pending', {
        orderId: 'CARD-01',
        paymentData: { transactions: [{ payments: [{ id: 'P', group: 'creditCard', value: 1 }] }] },
      }),
    );
    expect(
      refused(
        queueAction(db, actor, { verb: 'record-payment', orderId: card, data: { paymentId: 'P' } }),
      ).code,
    ).toBe('PAYMENT_NOT_PENDING');
  });

  it('tracking number first (PATCH), then events (PUT); both at once is refused', () => {
    const id = store(order('handling'));
    ok(queueAction(db, actor, { verb: 'invoice', orderId: id, data: { invoiceNumber: 'NF-9' } }));
    expect(
      refused(
        queueAction(db, actor, {
          verb: 'tracking',
          orderId: id,
          data: { events: [{ description: 'Saiu', date: '2026-11-28' }] },
        }),
      ).code,
    ).toBe('TRACKING_NUMBER_MISSING');
    expect(
      refused(
        queueAction(db, actor, {
          verb: 'tracking',
          orderId: id,
          data: { trackingNumber: 'BR9', isDelivered: true },
        }),
      ).code,
    ).toBe('ACTION_BAD_DATA');
    const t = ok(
      queueAction(db, actor, {
        verb: 'tracking',
        orderId: id,
        data: { trackingNumber: 'BR9', courier: 'Correios' },
      }),
    );
    expect(getAction(db, t)?.request).toEqual({
      kind: 'tracking',
      target: 'NF-9',
      // VTEX requires all four fields: the ones not given keep the invoice's current values.
      body: { trackingNumber: 'BR9', trackingUrl: null, courier: 'Correios', dispatchedDate: null },
    });
    const e = ok(
      queueAction(db, actor, {
        verb: 'tracking',
        orderId: id,
        data: {
          isDelivered: true,
          deliveredDate: '2026-11-29T10:00:00-03:00',
          events: [{ description: 'Entregue', date: '2026-11-29' }],
        },
      }),
    );
    expect(getAction(db, e)?.kind).toBe('tracking-events');
    // deliveredDate goes in VTEX's documented `yyyy-mm-dd hh:mm`, station time.
    const ev = getAction(db, e)?.request;
    expect(ev?.kind === 'tracking-events' && ev.body.deliveredDate).toBe('2026-11-29 10:00');
    expect(
      refused(
        queueAction(db, actor, {
          verb: 'tracking',
          orderId: id,
          data: { invoiceNumber: 'NF-0', trackingNumber: 'x' },
        }),
      ).code,
    ).toBe('INVOICE_NOT_FOUND');
  });

  it('cancels with a reason; notes carry their action id as a marker', () => {
    const id = store(order('ready-for-handling'));
    expect(refused(queueAction(db, actor, { verb: 'cancel', orderId: id })).code).toBe(
      'ACTION_BAD_DATA',
    );
    const n = ok(
      queueAction(db, actor, { verb: 'note', orderId: id, data: { message: 'Cliente ligou' } }),
    );
    expect(getAction(db, n)?.request).toMatchObject({
      kind: 'note',
      body: { source: 'Order Desk (Packing 1, Ana)', message: `Cliente ligou [desk:${n}]` },
    });
    const c = ok(
      queueAction(db, actor, { verb: 'cancel', orderId: id, data: { reason: 'Sem estoque' } }),
    );
    expect(getAction(db, c)?.request.body).toEqual({
      reason: 'Sem estoque',
      requestedByUser: false,
    });
    expect(getLocalState(db, id)?.status).toBe('canceled');
    expect(
      refused(queueAction(db, actor, { verb: 'cancel', orderId: id, data: { reason: 'again' } }))
        .code,
    ).toBe('ORDER_CANCELED');
  });
});

describe('Needs attention: retry, edit, discard', () => {
  it('rolls the optimistic state back while an action is in attention; discard releases the chain', () => {
    const id = store(order('ready-for-handling'));
    const start = ok(queueAction(db, actor, { verb: 'start-handling', orderId: id }));
    const inv = ok(queueAction(db, actor, { verb: 'invoice', orderId: id }));
    attention(start, 'CONFLICT_ALREADY_HANDLING');
    const b = believe(db, id);
    expect(b?.blockedBy?.id).toBe(start);
    expect(b?.doc.status).toBe('ready-for-handling');

    expect(retryAction(db, clock, inv)).toMatchObject({
      ok: false,
      refusal: { code: 'ACTION_NOT_IN_ATTENTION' },
    });
    expect(discardAction(db, clock, start, ' ')).toMatchObject({
      ok: false,
      refusal: { code: 'DISCARD_REASON_REQUIRED' },
    });
    const d = discardAction(db, clock, start, 'Packing 2 has it');
    expect(d.ok).toBe(true);
    expect(getAction(db, start)).toMatchObject({
      state: 'discarded',
      discardReason: 'Packing 2 has it',
    });
    // The companion interaction goes with its action.
    expect(getAction(db, `${start}.1`)?.state).toBe('discarded');
    expect(getAction(db, inv)?.state).toBe('queued');
  });

  it('edit: new payload, same action id, same invoice number; not once it may be at VTEX', () => {
    const id = store(order('handling'));
    const inv = ok(
      queueAction(db, actor, {
        verb: 'invoice',
        orderId: id,
        data: { items: [{ id: '101', quantity: 1 }] },
      }),
    );
    const before = getAction(db, inv);
    const number = before?.request.kind === 'invoice' ? before.request.body.invoiceNumber : '';
    attention(inv, 'VTEX_REJECTED');
    const e = editAction(db, actor, inv, { items: [{ id: '101', quantity: 2 }], invoiceKey: 'K' });
    expect(e.ok).toBe(true);
    const after = getAction(db, inv);
    expect(after?.state).toBe('queued');
    expect(after?.request.kind === 'invoice' && after.request.body).toMatchObject({
      invoiceNumber: number,
      invoiceValue: 5000,
      invoiceKey: 'K',
    });
    expect(editAction(db, actor, inv, { message: 'x' })).toMatchObject({
      ok: false,
      refusal: { code: 'ACTION_BAD_DATA' },
    });
    db.prepare('UPDATE outbox_actions SET ever_in_doubt = 1 WHERE id = ?').run(inv);
    expect(editAction(db, actor, inv, {})).toMatchObject({
      ok: false,
      refusal: { code: 'ACTION_NOT_EDITABLE' },
    });
  });

  it('retry puts an attention action back in the queue, due now', () => {
    const id = store(order('handling'));
    const n = ok(queueAction(db, actor, { verb: 'note', orderId: id, data: { message: 'hi' } }));
    attention(n, 'VTEX_REJECTED');
    expect(getLocalState(db, id)).toMatchObject({ attention: 1, pending: 0 });
    expect(getLocalState(db, id)?.label).toContain('needs attention');
    clock.advance(5000);
    expect(retryAction(db, clock, n).ok).toBe(true);
    expect(getAction(db, n)).toMatchObject({ state: 'queued', nextAttemptAt: BASE_MS + 5000 });
    expect(getLocalState(db, id)).toMatchObject({ attention: 0, pending: 1 });
  });
});
