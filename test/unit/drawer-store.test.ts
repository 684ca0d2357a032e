import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import { closeDeskDb, openDeskDb, upsertOrders, type DeskDb } from '../../main/core/db';
import { MIGRATIONS } from '../../main/core/db/migrations';
import {
  addMovement,
  cashOfOrder,
  closeDrawer,
  currentDrawer,
  drawerTotals,
  listDrawers,
  movementsOf,
  openDrawer,
  queueCashPayment,
} from '../../main/core/drawer';
import { isDeskError } from '../../main/core/errors';
import { getAction } from '../../main/core/outbox';
import { minimalOrder } from '../helpers/minimal-order';

/**
 * The cash drawer's store: a shift's float, cash payments written with their action, refunds and
 * cash in/out, the expected cash, the count and its difference — and all of it still there after
 * the desk is closed and opened again.
 */

const T0 = Date.parse('2026-12-04T12:00:00.000Z');
let dir: string;
let file: string;
let db: DeskDb;
let clock: ManualClock;
const actor = () => ({ station: 'Till 1', operator: 'Ana', clock, utcOffsetMinutes: -180 });

function cashOrder(value: number) {
  const doc = minimalOrder({ unitPrice: value - 1000, quantity: 1 });
  const payment = doc.paymentData?.transactions[0]?.payments[0];
  if (payment) Object.assign(payment, { group: 'cash', paymentSystemName: 'Dinheiro', value });
  doc.storePreferencesData = { currencyCode: 'BRL' } as typeof doc.storePreferencesData;
  upsertOrders(db, [doc]);
  return { orderId: doc.orderId, paymentId: payment?.id ?? '' };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isDeskError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'drawer-store-'));
  file = join(dir, 'desk.db');
  clock = new ManualClock(T0);
  db = openDeskDb(file, { clock });
});
afterEach(() => {
  if (db.open) closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('cash drawer', () => {
  it('adds up float, sales, refunds and cash in/out, and keeps the count and difference', () => {
    const drawer = openDrawer(db, {
      station: 'Till 1',
      operator: 'Ana',
      openingFloat: 10_000,
      now: clock.now(),
    });
    expect(drawer).toMatchObject({ number: 1, state: 'open', openingFloat: 10_000 });
    expect(refusal(() => openDrawer(db, { ...actor(), openingFloat: 0, now: 1 }))).toBe(
      'DRAWER_ALREADY_OPEN',
    );

    const a = cashOrder(4_590);
    clock.advance(60_000);
    const sale = queueCashPayment(db, actor(), { ...a, due: 4_590, received: 5_000 });
    expect(sale).toMatchObject({ ok: true, change: 410 });
    if (!sale.ok) throw new Error('refused');
    expect(sale.movement).toMatchObject({
      kind: 'sale',
      amount: 4_590,
      due: 4_590,
      received: 5_000,
      change: 410,
      orderId: a.orderId,
      paymentId: a.paymentId,
      currency: 'BRL',
    });
    // The action carries the same count (what the order's timeline shows).
    expect(getAction(db, sale.actionId)?.data).toMatchObject({
      cash: { due: 4_590, received: 5_000, change: 410 },
    });

    const b = cashOrder(12_000);
    expect(queueCashPayment(db, actor(), { ...b, due: 12_000, received: 20_000 })).toMatchObject({
      ok: true,
      change: 8_000,
    });
    addMovement(db, { ...actor(), kind: 'refund', amount: 1_500, orderId: b.orderId, now: 5 });
    addMovement(db, { ...actor(), kind: 'cash-in', amount: 2_000, note: 'coins', now: 6 });
    addMovement(db, { ...actor(), kind: 'cash-out', amount: 5_000, note: 'bank drop', now: 7 });
    expect(
      refusal(() => addMovement(db, { ...actor(), kind: 'cash-out', amount: 1_000_000, now: 8 })),
    ).toBe('DRAWER_NOT_ENOUGH_CASH');
    expect(refusal(() => addMovement(db, { ...actor(), kind: 'refund', amount: 0, now: 8 }))).toBe(
      'DRAWER_BAD_AMOUNT',
    );

    const totals = drawerTotals(db, drawer.id);
    expect(totals).toEqual({
      openingFloat: 10_000,
      sales: 16_590,
      salesCount: 2,
      received: 25_000,
      change: 8_410,
      refunds: 1_500,
      refundsCount: 1,
      cashIn: 2_000,
      cashOut: 5_000,
      expected: 10_000 + 16_590 - 1_500 + 2_000 - 5_000,
    });
    expect(cashOfOrder(db, a.orderId).map((m) => m.kind)).toEqual(['sale']);

    const closed = closeDrawer(db, { counted: 22_000, note: 'short 90', operator: 'Bia', now: 9 });
    expect(closed).toMatchObject({
      state: 'closed',
      closedBy: 'Bia',
      expected: 22_090,
      counted: 22_000,
      difference: -90,
      closeNote: 'short 90',
      currency: 'BRL',
    });
    expect(currentDrawer(db)).toBeUndefined();
    expect(refusal(() => closeDrawer(db, { counted: 0, operator: 'Bia', now: 10 }))).toBe(
      'DRAWER_NOT_OPEN',
    );
    expect(
      refusal(() => addMovement(db, { ...actor(), kind: 'cash-in', amount: 1, now: 10 })),
    ).toBe('DRAWER_NOT_OPEN');
  });

  it('keeps an open drawer and its totals across a restart, and closes it afterwards', () => {
    openDrawer(db, { ...actor(), openingFloat: 5_000, now: clock.now() });
    const a = cashOrder(3_310);
    queueCashPayment(db, actor(), { ...a, due: 3_310, received: 3_330 });
    closeDeskDb(db);

    db = openDeskDb(file, { clock });
    const open = currentDrawer(db);
    expect(open).toMatchObject({ state: 'open', openingFloat: 5_000 });
    if (!open) throw new Error('no drawer');
    expect(drawerTotals(db, open.id)).toMatchObject({ sales: 3_310, change: 20, expected: 8_310 });
    const b = cashOrder(1_000);
    queueCashPayment(db, actor(), { ...b, due: 1_000, received: 1_000 });
    expect(closeDrawer(db, { counted: 9_400, operator: 'Ana', now: 1 })).toMatchObject({
      expected: 9_310,
      difference: 90,
    });
    closeDeskDb(db);

    db = openDeskDb(file, { clock });
    const [last] = listDrawers(db).drawers;
    expect(last).toMatchObject({ state: 'closed', counted: 9_400, difference: 90 });
    expect(movementsOf(db, last?.id ?? '').map((m) => m.amount)).toEqual([3_310, 1_000]);
  });

  it('a cash payment with no drawer open opens one without a counted float', () => {
    const a = cashOrder(2_000);
    const sale = queueCashPayment(db, actor(), { ...a, due: 2_000, received: 5_000 });
    expect(sale.ok).toBe(true);
    expect(currentDrawer(db)).toMatchObject({ openingFloat: 0, floatCounted: false });
  });

  it('a refused payment leaves no line in the drawer', () => {
    openDrawer(db, { ...actor(), openingFloat: 0, now: clock.now() });
    const a = cashOrder(2_000);
    expect(queueCashPayment(db, actor(), { ...a, due: 2_000, received: 2_000 }).ok).toBe(true);
    // The same payment again: the outbox refuses it (already recorded), and so does the drawer.
    const again = queueCashPayment(db, actor(), { ...a, due: 2_000, received: 2_000 });
    expect(again.ok).toBe(false);
    const open = currentDrawer(db);
    expect(movementsOf(db, open?.id ?? '')).toHaveLength(1);
  });

  it('the print history takes shift reports after the upgrade, and keeps its older jobs', () => {
    closeDeskDb(db);
    rmSync(file);
    const raw = new Database(file);
    for (const m of MIGRATIONS.filter((x) => x.version <= 200)) {
      m.up(raw);
      raw.pragma(`user_version = ${m.version}`);
    }
    raw
      .prepare(
        `INSERT INTO print_jobs (id, order_id, invoice_number, kind, variant, locale, trigger,
           state, copies, created_at, updated_at)
         VALUES ('pj-1', 'o-1', 'NF-1', 'thermal', 'output', 'en', 'manual', 'printed', 1, 1, 1)`,
      )
      .run();
    raw.close();

    db = openDeskDb(file, { clock });
    expect(db.prepare('SELECT id, variant FROM print_jobs').all()).toEqual([
      { id: 'pj-1', variant: 'output' },
    ]);
    db.prepare(
      `INSERT INTO print_jobs (id, order_id, invoice_number, kind, variant, locale, trigger,
         state, copies, created_at, updated_at)
       VALUES ('pj-2', 'cd-1', '1', 'sheet', 'shift-report', 'en', 'manual', 'queued', 1, 2, 2)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO print_jobs (id, order_id, invoice_number, kind, variant, locale, trigger,
             state, copies, created_at, updated_at)
           VALUES ('pj-3', 'x', '1', 'sheet', 'nonsense', 'en', 'manual', 'queued', 1, 2, 2)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'print_jobs'")
      .all() as { name: string }[];
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(['print_jobs_order', 'print_jobs_state']),
    );
  });
});
