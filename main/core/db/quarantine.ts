import { clockOf, prepared, type DeskDb } from './connection';

export interface QuarantinedOrder {
  orderId: string;
  attempts: number;
  reason: string;
  lastReason: string;
  firstFailedAt: number;
  lastFailedAt: number;
  quarantinedAt: number;
}

/** Counts one more failure for the order and returns the attempt count so far. */
export function recordOrderFailure(db: DeskDb, orderId: string, reason: string): number {
  const now = clockOf(db).now();
  const row = prepared(
    db,
    `INSERT INTO order_failures (order_id, attempts, last_reason, first_failed_at, last_failed_at)
     VALUES (?, 1, ?, ?, ?)
     ON CONFLICT (order_id) DO UPDATE SET attempts = attempts + 1,
       last_reason = excluded.last_reason, last_failed_at = excluded.last_failed_at
     RETURNING attempts`,
  ).get(orderId, reason, now, now) as { attempts: number };
  return row.attempts;
}

/** Parks the order: the poller skips it until `clearOrderFailures`. Idempotent. */
export function quarantineOrder(db: DeskDb, orderId: string, reason: string): void {
  const now = clockOf(db).now();
  prepared(
    db,
    `INSERT INTO order_failures (order_id, attempts, last_reason, first_failed_at, last_failed_at,
       quarantined_at, quarantine_reason)
     VALUES (?, 0, ?, ?, ?, ?, ?)
     ON CONFLICT (order_id) DO UPDATE SET
       quarantined_at = coalesce(quarantined_at, excluded.quarantined_at),
       quarantine_reason = excluded.quarantine_reason`,
  ).run(orderId, reason, now, now, now, reason);
}

export function isQuarantined(db: DeskDb, orderId: string): boolean {
  return (
    prepared(
      db,
      'SELECT 1 FROM order_failures WHERE order_id = ? AND quarantined_at IS NOT NULL',
    ).get(orderId) !== undefined
  );
}

/** Quarantined orders, longest-parked first. */
export function listQuarantined(db: DeskDb): QuarantinedOrder[] {
  const rows = prepared(
    db,
    `SELECT order_id, attempts, quarantine_reason, last_reason, first_failed_at, last_failed_at,
       quarantined_at
     FROM order_failures WHERE quarantined_at IS NOT NULL ORDER BY quarantined_at, order_id`,
  ).all() as {
    order_id: string;
    attempts: number;
    quarantine_reason: string;
    last_reason: string;
    first_failed_at: number;
    last_failed_at: number;
    quarantined_at: number;
  }[];
  return rows.map((r) => ({
    orderId: r.order_id,
    attempts: r.attempts,
    reason: r.quarantine_reason,
    lastReason: r.last_reason,
    firstFailedAt: r.first_failed_at,
    lastFailedAt: r.last_failed_at,
    quarantinedAt: r.quarantined_at,
  }));
}

/** Forgets the order's failures and lifts its quarantine (after a successful fetch, or by hand). */
export function clearOrderFailures(db: DeskDb, orderId: string): void {
  prepared(db, 'DELETE FROM order_failures WHERE order_id = ?').run(orderId);
}
