import { randomBytes } from 'node:crypto';
import type { DeskDb } from '../db';
import { prepared } from '../db/connection';
import { DeskError } from '../errors';
import { durably } from '../outbox/store';

/**
 * The station's cash drawer (migration 0300): synchronous queries, db handle first, like every
 * other store of the desk. A drawer is opened with the float counted at the start of a shift,
 * collects every cash payment, refund and cash in/out of the shift, and is closed with the
 * operator's count: the expected cash and the difference are written once, in that same write.
 *
 * Every write goes through `durably` (synchronous = FULL): the worker was told the money is
 * recorded, so the record must survive a power cut like an action in the outbox does.
 */

export const MOVEMENT_KINDS = ['sale', 'refund', 'cash-in', 'cash-out'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
/** The kinds a person enters by hand on the drawer screen (a sale comes with its payment). */
export const MANUAL_MOVEMENT_KINDS = ['refund', 'cash-in', 'cash-out'] as const;
export type ManualMovementKind = (typeof MANUAL_MOVEMENT_KINDS)[number];

export interface DrawerRow {
  id: string;
  /** The drawer's number at this station (1, 2, …): what the report and the screens show. */
  number: number;
  station: string;
  /** The currency of its cash (taken from the first cash payment); null until then. */
  currency: string | null;
  state: 'open' | 'closed';
  openedAt: number;
  openedBy: string;
  openingFloat: number;
  /** false when the drawer was opened by a cash payment, with no float counted first. */
  floatCounted: boolean;
  closedAt: number | null;
  closedBy: string | null;
  /** At the close: what should have been in the drawer. */
  expected: number | null;
  counted: number | null;
  /** counted − expected: positive is cash over, negative cash short. */
  difference: number | null;
  closeNote: string | null;
}

export interface MovementRow {
  id: string;
  drawerId: string;
  kind: MovementKind;
  /** Cents, always positive; `kind` says whether it came in or went out. */
  amount: number;
  orderId: string | null;
  actionId: string | null;
  paymentId: string | null;
  /** Sales only: the count at the till. */
  due: number | null;
  received: number | null;
  change: number | null;
  currency: string | null;
  note: string | null;
  operator: string;
  station: string;
  at: number;
}

export interface DrawerTotals {
  openingFloat: number;
  /** Cash kept from sales (Σ due). */
  sales: number;
  salesCount: number;
  /** What customers handed over, and what went back as change (received − change = sales). */
  received: number;
  change: number;
  refunds: number;
  refundsCount: number;
  cashIn: number;
  cashOut: number;
  /** float + sales − refunds + cash in − cash out. */
  expected: number;
}

interface RawDrawer {
  seq: number;
  id: string;
  station: string;
  currency: string | null;
  state: 'open' | 'closed';
  opened_at: number;
  opened_by: string;
  opening_float: number;
  float_counted: number;
  closed_at: number | null;
  closed_by: string | null;
  expected: number | null;
  counted: number | null;
  difference: number | null;
  close_note: string | null;
}

interface RawMovement {
  seq: number;
  id: string;
  drawer_id: string;
  kind: MovementKind;
  amount: number;
  order_id: string | null;
  action_id: string | null;
  payment_id: string | null;
  due: number | null;
  received: number | null;
  change: number | null;
  currency: string | null;
  note: string | null;
  operator: string;
  station: string;
  at: number;
}

function toDrawer(r: RawDrawer): DrawerRow {
  return {
    id: r.id,
    number: r.seq,
    station: r.station,
    currency: r.currency,
    state: r.state,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    openingFloat: r.opening_float,
    floatCounted: r.float_counted === 1,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    expected: r.expected,
    counted: r.counted,
    difference: r.difference,
    closeNote: r.close_note,
  };
}

function toMovement(r: RawMovement): MovementRow {
  return {
    id: r.id,
    drawerId: r.drawer_id,
    kind: r.kind,
    amount: r.amount,
    orderId: r.order_id,
    actionId: r.action_id,
    paymentId: r.payment_id,
    due: r.due,
    received: r.received,
    change: r.change,
    currency: r.currency,
    note: r.note,
    operator: r.operator,
    station: r.station,
    at: r.at,
  };
}

const newId = (prefix: string, now: number) =>
  `${prefix}-${now.toString(36)}-${randomBytes(3).toString('hex')}`;

function isCents(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function badAmount(what: string, n: number): never {
  throw new DeskError('DRAWER_BAD_AMOUNT', `${what}: ${n}`);
}

export function currentDrawer(db: DeskDb): DrawerRow | undefined {
  const r = prepared(db, "SELECT * FROM cash_drawers WHERE state = 'open'").get() as
    RawDrawer | undefined;
  return r ? toDrawer(r) : undefined;
}

export function getDrawer(db: DeskDb, id: string): DrawerRow | undefined {
  const r = prepared(db, 'SELECT * FROM cash_drawers WHERE id = ?').get(id) as
    RawDrawer | undefined;
  return r ? toDrawer(r) : undefined;
}

/** The station's drawers, newest first (keyset on the number). */
export function listDrawers(
  db: DeskDb,
  q: { before?: number; limit?: number } = {},
): { drawers: DrawerRow[]; next: number | null } {
  const limit = Math.min(Math.max(1, Math.trunc(q.limit ?? 20)), 200);
  const rows = prepared(
    db,
    'SELECT * FROM cash_drawers WHERE seq < ? ORDER BY seq DESC LIMIT ?',
  ).all(q.before ?? Number.MAX_SAFE_INTEGER, limit + 1) as RawDrawer[];
  const drawers = rows.slice(0, limit).map(toDrawer);
  return { drawers, next: rows.length > limit ? (drawers.at(-1)?.number ?? null) : null };
}

export function movementsOf(db: DeskDb, drawerId: string): MovementRow[] {
  return (
    prepared(db, 'SELECT * FROM cash_movements WHERE drawer_id = ? ORDER BY seq').all(
      drawerId,
    ) as RawMovement[]
  ).map(toMovement);
}

/** The cash counted at the till for an order's payments, oldest first (the order screen). */
export function cashOfOrder(db: DeskDb, orderId: string): MovementRow[] {
  return (
    prepared(db, 'SELECT * FROM cash_movements WHERE order_id = ? ORDER BY seq').all(
      orderId,
    ) as RawMovement[]
  ).map(toMovement);
}

export function drawerTotals(db: DeskDb, drawerId: string): DrawerTotals {
  const drawer = getDrawer(db, drawerId);
  if (!drawer) throw new DeskError('DRAWER_NOT_FOUND', drawerId);
  const r = prepared(
    db,
    `SELECT
       coalesce(sum(CASE WHEN kind = 'sale' THEN amount END), 0) AS sales,
       coalesce(sum(CASE WHEN kind = 'sale' THEN 1 END), 0) AS sales_count,
       coalesce(sum(CASE WHEN kind = 'sale' THEN received END), 0) AS received,
       coalesce(sum(CASE WHEN kind = 'sale' THEN change END), 0) AS change,
       coalesce(sum(CASE WHEN kind = 'refund' THEN amount END), 0) AS refunds,
       coalesce(sum(CASE WHEN kind = 'refund' THEN 1 END), 0) AS refunds_count,
       coalesce(sum(CASE WHEN kind = 'cash-in' THEN amount END), 0) AS cash_in,
       coalesce(sum(CASE WHEN kind = 'cash-out' THEN amount END), 0) AS cash_out
     FROM cash_movements WHERE drawer_id = ?`,
  ).get(drawerId) as {
    sales: number;
    sales_count: number;
    received: number;
    change: number;
    refunds: number;
    refunds_count: number;
    cash_in: number;
    cash_out: number;
  };
  return {
    openingFloat: drawer.openingFloat,
    sales: r.sales,
    salesCount: r.sales_count,
    received: r.received,
    change: r.change,
    refunds: r.refunds,
    refundsCount: r.refunds_count,
    cashIn: r.cash_in,
    cashOut: r.cash_out,
    expected: drawer.openingFloat + r.sales - r.refunds + r.cash_in - r.cash_out,
  };
}

export interface OpenDrawerInput {
  station: string;
  operator: string;
  openingFloat: number;
  now: number;
  /** false: opened by a cash payment with no drawer open (no float was counted). */
  floatCounted?: boolean;
}

function insertDrawer(db: DeskDb, input: OpenDrawerInput): DrawerRow {
  const id = newId('cd', input.now);
  prepared(
    db,
    `INSERT INTO cash_drawers (id, station, state, opened_at, opened_by, opening_float, float_counted)
     VALUES (?, ?, 'open', ?, ?, ?, ?)`,
  ).run(
    id,
    input.station,
    input.now,
    input.operator,
    input.openingFloat,
    input.floatCounted === false ? 0 : 1,
  );
  const drawer = getDrawer(db, id);
  if (!drawer) throw new Error(`drawer ${id} vanished after insert`);
  return drawer;
}

/** Opens the drawer with the float counted at the start of a shift. DRAWER_ALREADY_OPEN otherwise. */
export function openDrawer(db: DeskDb, input: OpenDrawerInput): DrawerRow {
  if (!isCents(input.openingFloat)) badAmount('opening float', input.openingFloat);
  return durably(db, () => {
    const open = currentDrawer(db);
    if (open) throw new DeskError('DRAWER_ALREADY_OPEN', `drawer ${open.number}`);
    return insertDrawer(db, input);
  });
}

export interface SaleInput {
  orderId: string;
  actionId: string;
  paymentId: string | null;
  due: number;
  received: number;
  change: number;
  currency: string | null;
  operator: string;
  station: string;
  now: number;
}

/**
 * A cash payment into the open drawer. With none open, one is opened for it with a float of zero,
 * marked as not counted: the money is in the till either way and must be on some drawer's count.
 * Call inside the transaction that queues the payment's action, so both are written or neither.
 */
export function recordSale(db: DeskDb, s: SaleInput): { drawer: DrawerRow; movement: MovementRow } {
  for (const [what, n] of [
    ['due', s.due],
    ['received', s.received],
    ['change', s.change],
  ] as const) {
    if (!isCents(n)) badAmount(what, n);
  }
  if (s.received - s.change !== s.due) {
    throw new DeskError(
      'DRAWER_BAD_AMOUNT',
      `received ${s.received} − change ${s.change} is not the ${s.due} due`,
    );
  }
  return durably(db, () => {
    const drawer =
      currentDrawer(db) ??
      insertDrawer(db, {
        station: s.station,
        operator: s.operator,
        openingFloat: 0,
        floatCounted: false,
        now: s.now,
      });
    if (drawer.currency === null && s.currency) {
      prepared(db, 'UPDATE cash_drawers SET currency = ? WHERE id = ?').run(s.currency, drawer.id);
    }
    const id = newId('cm', s.now);
    prepared(
      db,
      `INSERT INTO cash_movements (id, drawer_id, kind, amount, order_id, action_id, payment_id,
         due, received, change, currency, operator, station, at)
       VALUES (?, ?, 'sale', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      drawer.id,
      s.due,
      s.orderId,
      s.actionId,
      s.paymentId,
      s.due,
      s.received,
      s.change,
      s.currency,
      s.operator,
      s.station,
      s.now,
    );
    return { drawer: getDrawer(db, drawer.id) ?? drawer, movement: getMovement(db, id) };
  });
}

function getMovement(db: DeskDb, id: string): MovementRow {
  const r = prepared(db, 'SELECT * FROM cash_movements WHERE id = ?').get(id) as
    RawMovement | undefined;
  if (!r) throw new Error(`movement ${id} vanished after insert`);
  return toMovement(r);
}

export interface ManualMovementInput {
  kind: ManualMovementKind;
  amount: number;
  orderId?: string | null;
  note?: string | null;
  operator: string;
  station: string;
  now: number;
}

/**
 * A refund or a cash in/out on the open drawer. Cash cannot leave a drawer that does not hold it:
 * a refund or cash-out above the expected cash is refused (DRAWER_NOT_ENOUGH_CASH).
 */
export function addMovement(db: DeskDb, m: ManualMovementInput): MovementRow {
  if (!isCents(m.amount) || m.amount === 0) badAmount(m.kind, m.amount);
  return durably(db, () => {
    const drawer = currentDrawer(db);
    if (!drawer) throw new DeskError('DRAWER_NOT_OPEN');
    if (m.kind !== 'cash-in' && m.amount > drawerTotals(db, drawer.id).expected) {
      throw new DeskError('DRAWER_NOT_ENOUGH_CASH', `${m.amount} out of drawer ${drawer.number}`);
    }
    const id = newId('cm', m.now);
    prepared(
      db,
      `INSERT INTO cash_movements (id, drawer_id, kind, amount, order_id, currency, note, operator,
         station, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      drawer.id,
      m.kind,
      m.amount,
      m.orderId ?? null,
      drawer.currency,
      m.note ?? null,
      m.operator,
      m.station,
      m.now,
    );
    return getMovement(db, id);
  });
}

export interface CloseDrawerInput {
  counted: number;
  note?: string | null;
  operator: string;
  now: number;
}

/** Closes the open drawer with the operator's count; expected and difference are fixed here. */
export function closeDrawer(db: DeskDb, c: CloseDrawerInput): DrawerRow {
  if (!isCents(c.counted)) badAmount('counted', c.counted);
  return durably(db, () => {
    const drawer = currentDrawer(db);
    if (!drawer) throw new DeskError('DRAWER_NOT_OPEN');
    const expected = drawerTotals(db, drawer.id).expected;
    prepared(
      db,
      `UPDATE cash_drawers SET state = 'closed', closed_at = ?, closed_by = ?, expected = ?,
         counted = ?, difference = ?, close_note = ? WHERE id = ? AND state = 'open'`,
    ).run(c.now, c.operator, expected, c.counted, c.counted - expected, c.note ?? null, drawer.id);
    const closed = getDrawer(db, drawer.id);
    if (!closed) throw new Error(`drawer ${drawer.id} vanished while closing`);
    return closed;
  });
}
