import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import { closeDeskDb, openDeskDb, upsertOrders, type DeskDb } from '../../main/core/db';
import {
  editAction,
  getAction,
  listActions,
  queueAction,
  type Actor,
  type QueueResult,
} from '../../main/core/outbox';
import type { OrderDocument } from '../../vtex';
import { BASE_MS, makeOrder } from '../helpers/desk-orders';

/**
 * Every entry point (the dialogs through IPC, desk:act) queues through the outbox, so the outbox
 * is where the screens' rules hold for all of them: nothing that a dialog would not let through
 * is stored, whatever the payload says.
 */

let dir: string;
let db: DeskDb;
let clock: ManualClock;
let actor: Actor;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-validation-'));
  clock = new ManualClock(BASE_MS);
  db = openDeskDb(join(dir, 'desk.db'), { clock });
  actor = { station: 'Packing 1', operator: 'Ana', clock, utcOffsetMinutes: -180 };
});
afterEach(() => {
  closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

function order(status: string, orderId: string): OrderDocument {
  const doc = makeOrder({
    index: 7,
    status,
    items: [
      { skuId: '101', price: 2500, quantity: 2 },
      { skuId: '202', price: 5000, quantity: 1 },
    ],
  });
  doc.orderId = orderId;
  doc.value = 11_000;
  doc.paymentData = {
    transactions: [
      { transactionId: 'TX1', payments: [{ id: 'PAY-CASH', group: 'cash', value: 11_000 }] },
    ],
  };
  upsertOrders(db, [doc]);
  return doc;
}

function refusal(r: QueueResult): { code: string; message: string } {
  if (r.ok) throw new Error(`queued ${r.actionId}, expected a refusal`);
  return r.refusal;
}

describe('cash at the till', () => {
  it('refuses a due that is not the payment value, or less received than due', () => {
    order('payment-pending', 'CASH-1');
    const pay = (cash: object) =>
      queueAction(db, actor, { verb: 'record-payment', orderId: 'CASH-1', data: { cash } });
    expect(refusal(pay({ due: -500, received: -1, change: 7 })).code).toBe('ACTION_BAD_DATA');
    expect(refusal(pay({ due: 500, received: 1000 })).code).toBe('CASH_DUE_MISMATCH');
    expect(refusal(pay({ due: 11_000, received: 10_999 })).code).toBe('CASH_NOT_ENOUGH');
    expect(refusal(pay({ due: 11_000, received: 12_000, change: 7 })).message).toMatch(
      /cash\.change/,
    );
    expect(refusal(pay({ due: 11_000.5, received: 12_000 })).code).toBe('ACTION_BAD_DATA');
    expect(listActions(db)).toHaveLength(0);
  });

  it('keeps the change it computed, not one it was given', () => {
    order('payment-pending', 'CASH-2');
    const r = queueAction(db, actor, {
      verb: 'record-payment',
      orderId: 'CASH-2',
      data: { cash: { due: 11_000, received: 20_000 } },
    });
    if (!r.ok) throw new Error(r.refusal.message);
    expect(getAction(db, r.actionId)?.data).toEqual({
      cash: { due: 11_000, received: 20_000, change: 9000 },
    });
  });
});

describe('invoices', () => {
  const invoice = (orderId: string, data: object) =>
    queueAction(db, actor, { verb: 'invoice', orderId, data });

  it('refuses a negative, fractional or made-up unit price', () => {
    order('handling', 'INV-1');
    const line = (price: number) => ({ items: [{ id: '101', quantity: 1, price }] });
    expect(refusal(invoice('INV-1', line(-5000))).code).toBe('ACTION_BAD_DATA');
    expect(refusal(invoice('INV-1', line(2500.5))).code).toBe('ACTION_BAD_DATA');
    expect(refusal(invoice('INV-1', line(1))).message).toMatch(/does not match the order's price/);
    expect(listActions(db)).toHaveLength(0);
  });

  it('refuses an issuance date that is not a real date and time', () => {
    order('handling', 'INV-2');
    for (const issuanceDate of [
      '2026-13-45T99:99:00-03:00',
      '2026-02-29T10:00:00-03:00',
      '2026-11-27T24:00:00-03:00',
      '2026-11-27T10:00:00-25:00',
    ]) {
      expect(refusal(invoice('INV-2', { issuanceDate })).code, issuanceDate).toBe(
        'ACTION_BAD_DATA',
      );
    }
    expect(invoice('INV-2', { issuanceDate: '2028-02-29T10:00:00-03:00' }).ok).toBe(true);
  });

  it('caps the length of every text', () => {
    order('handling', 'INV-3');
    const long = 'x'.repeat(100_000);
    expect(refusal(invoice('INV-3', { invoiceNumber: long })).code).toBe('ACTION_BAD_DATA');
    expect(refusal(invoice('INV-3', { courier: long })).code).toBe('ACTION_BAD_DATA');
    expect(refusal(invoice('INV-3', { invoiceKey: long })).code).toBe('ACTION_BAD_DATA');
  });
});

describe('names and texts', () => {
  it('refuses 100 KB operator or station names, cancel reasons and notes', () => {
    order('ready-for-handling', 'TXT-1');
    const long = 'x'.repeat(100_000);
    const start = (a: Actor) => queueAction(db, a, { verb: 'start-handling', orderId: 'TXT-1' });
    expect(refusal(start({ ...actor, operator: long })).message).toMatch(/operator name/);
    expect(refusal(start({ ...actor, station: long })).message).toMatch(/station name/);
    expect(
      refusal(queueAction(db, actor, { verb: 'cancel', orderId: 'TXT-1', data: { reason: long } }))
        .code,
    ).toBe('ACTION_BAD_DATA');
    expect(
      refusal(queueAction(db, actor, { verb: 'note', orderId: 'TXT-1', data: { message: long } }))
        .code,
    ).toBe('ACTION_BAD_DATA');
    expect(listActions(db)).toHaveLength(0);
  });

  it('an edit is held to the same rules', () => {
    order('ready-for-handling', 'TXT-2');
    const r = queueAction(db, actor, {
      verb: 'cancel',
      orderId: 'TXT-2',
      data: { reason: 'customer asked' },
    });
    if (!r.ok) throw new Error(r.refusal.message);
    const e = editAction(db, actor, r.actionId, { reason: 'y'.repeat(5000) });
    expect(e.ok).toBe(false);
  });
});
