import type { SandboxContext } from '../context';
import { vtexTime } from './clock';
import { schema } from './db';

/**
 * VTEX's passing statuses (`start-handling`, `approve-payment`, `invoice`, `cancel`): an accepted
 * request moves the order into one of them, and the workflow carries it on to the next status a
 * little later. A read in between shows the passing status. The sandbox keeps one pending move
 * per order here; the status ticker completes the moves that are due.
 */

/** A realistic few seconds of sandbox time between an accepted request and the next status. */
export const DEFAULT_STATUS_DELAY_MS = 3_000;

/** Where each passing status leads. */
export type PassTarget = 'handling' | 'payment-approved' | 'invoiced' | 'canceled';

function ensure(ctx: SandboxContext): void {
  schema(
    ctx.db,
    `CREATE TABLE IF NOT EXISTS passing_moves (
       order_id TEXT PRIMARY KEY, from_status TEXT NOT NULL, to_status TEXT NOT NULL,
       due_ms INTEGER NOT NULL)`,
  );
}

/** The delay for moves that start now: a `statusDelay` fault wins over the configured delay. */
export function statusDelayMs(ctx: SandboxContext): number {
  return ctx.faults.statusDelayMs() ?? ctx.options.statusDelayMs;
}

/**
 * Completes a move out of a passing status: at once when `delayMs` is 0 (the behaviour tests
 * that want instant moves ask for), otherwise when the ticker finds it due.
 */
export function passOn(
  ctx: SandboxContext,
  orderId: string,
  from: string,
  to: PassTarget,
  delayMs: number,
): void {
  if (delayMs <= 0) {
    complete(ctx, orderId, to);
    return;
  }
  ensure(ctx);
  ctx.db
    .prepare(
      `INSERT INTO passing_moves (order_id, from_status, to_status, due_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT(order_id) DO UPDATE SET from_status = excluded.from_status,
         to_status = excluded.to_status, due_ms = excluded.due_ms`,
    )
    .run(orderId, from, to, ctx.clock.now() + delayMs);
}

function complete(ctx: SandboxContext, orderId: string, to: PassTarget): void {
  if (to === 'invoiced') {
    const now = vtexTime(ctx.clock.now());
    ctx.orders.setStatus(orderId, 'invoiced', (doc) => {
      doc.invoicedDate = now;
      doc.allowEdition = false;
    });
    return;
  }
  ctx.orders.setStatus(orderId, to);
}

/** Completes every move that is due, if the order is still in the status the move started from. */
export function runPassingMoves(ctx: SandboxContext): void {
  ensure(ctx);
  const rows = ctx.db
    .prepare(
      'SELECT order_id, from_status, to_status FROM passing_moves WHERE due_ms <= ? ORDER BY due_ms LIMIT 500',
    )
    .all(ctx.clock.now()) as { order_id: string; from_status: string; to_status: PassTarget }[];
  for (const r of rows) {
    ctx.db.prepare('DELETE FROM passing_moves WHERE order_id = ?').run(r.order_id);
    const doc = ctx.orders.get(r.order_id);
    if (doc?.status === r.from_status) complete(ctx, r.order_id, r.to_status);
  }
}
