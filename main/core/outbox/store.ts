import type { OrderDocument } from '../../../vtex';
import { getOrderDoc, type DeskDb } from '../db';
import { prepared } from '../db/connection';
import { believedDoc } from './effects';
import {
  requestOf,
  type ActionKind,
  type ActionRequest,
  type ActionState,
  type ActionVerb,
} from './kinds';
import type { Refusal } from './refusals';

/**
 * The outbox tables (migration 0100). Every function is synchronous and takes the handle first;
 * callers compose them inside `durably()`.
 */

/**
 * Runs `fn` in one IMMEDIATE transaction committed with `synchronous = FULL`.
 *
 * Why FULL: the cache connection runs at NORMAL (see openDeskDb), where in WAL mode a power cut
 * or OS crash can roll back the last commits. That is fine for cached VTEX documents (they can be
 * fetched again) but not for an action the worker was told is saved, nor for the `sending` mark
 * that must be on disk BEFORE a write leaves for VTEX (if it were lost, a restart would resend
 * without first checking VTEX, and could invoice twice). FULL makes SQLite fsync the WAL at each
 * commit, so a commit that returned survives power loss. Cost: one fsync (≈0.25 ms here).
 *
 * How: `synchronous` is a per-connection setting that cannot change inside a transaction, and the
 * desk uses one connection per process for the cache and the outbox. So it is raised to FULL just
 * for this commit and put back afterwards. better-sqlite3 is synchronous, so no other statement of
 * this connection can run in between. Called inside an outer transaction, `fn` runs as a savepoint
 * and the outer commit decides durability (the caller must use `durably` itself).
 *
 * Why IMMEDIATE: the write path reads (the order, the chain) and then writes. A deferred
 * transaction that started as a reader fails with SQLITE_BUSY, without waiting, when another
 * process (desk:sync, desk:act) committed in between; IMMEDIATE takes the write lock first and
 * waits for it under busy_timeout.
 */
export function durably<T>(db: DeskDb, fn: () => T): T {
  if (db.inTransaction) return db.transaction(fn)();
  const before = db.pragma('synchronous', { simple: true }) as number;
  const FULL = 2;
  if (before !== FULL) db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn).immediate();
  } finally {
    if (before !== FULL) db.pragma(`synchronous = ${before}`);
  }
}

/**
 * The engine's hot queries, named so that outbox-store.test.ts can check their query plans (each
 * must use an index of migration 0100, never scan the whole outbox).
 */
export const SQL = {
  actionByKey: "SELECT * FROM outbox_actions WHERE idempotency_key = ? AND state <> 'discarded'",
  openChain: `SELECT * FROM outbox_actions WHERE order_id = ?
         AND (state IN ('queued', 'sending', 'attention') OR (state = 'done' AND confirmed = 0))
       ORDER BY seq`,
  dueHeads: `SELECT a.* FROM outbox_actions a
      WHERE a.state IN ('queued', 'sending') AND a.next_attempt_at <= ?
        AND NOT EXISTS (
          SELECT 1 FROM outbox_actions b
           WHERE b.order_id = a.order_id AND b.seq < a.seq
             AND b.state IN ('queued', 'sending', 'attention')
             AND NOT (b.kind = 'note' AND b.parent_id IS NOT NULL))
      ORDER BY a.next_attempt_at, a.seq
      LIMIT ?`,
  nextDueAt: `SELECT a.next_attempt_at AS t FROM outbox_actions a
      WHERE a.state IN ('queued', 'sending')
        AND NOT EXISTS (
          SELECT 1 FROM outbox_actions b
           WHERE b.order_id = a.order_id AND b.seq < a.seq
             AND b.state IN ('queued', 'sending', 'attention')
             AND NOT (b.kind = 'note' AND b.parent_id IS NOT NULL))
      ORDER BY a.next_attempt_at LIMIT 1`,
  blocked: `SELECT count(*) AS n FROM outbox_actions a
      WHERE a.state IN ('queued', 'sending')
        AND EXISTS (
          SELECT 1 FROM outbox_actions b
           WHERE b.order_id = a.order_id AND b.seq < a.seq AND b.state = 'attention'
             AND NOT (b.kind = 'note' AND b.parent_id IS NOT NULL))`,
  unconfirmedOrders: `SELECT DISTINCT order_id FROM outbox_actions
        WHERE state = 'done' AND confirmed = 0 LIMIT ?`,
  workerPending: `SELECT count(DISTINCT coalesce(parent_id, id)) AS n
     FROM outbox_actions WHERE state IN ('queued', 'sending')`,
  outboxCounts: `SELECT
       sum(CASE WHEN state IN ('queued', 'sending') THEN 1 ELSE 0 END) AS pending,
       sum(CASE WHEN state = 'attention' THEN 1 ELSE 0 END) AS attention,
       min(CASE WHEN state IN ('queued', 'sending') THEN created_at END) AS oldest
     FROM outbox_actions WHERE state IN ('queued', 'sending', 'attention')`,
} as const;

export interface ActionError {
  code: string;
  message: string;
  status?: number;
  vtexCode?: string;
}

export interface ActionRow {
  seq: number;
  id: string;
  idempotencyKey: string;
  orderId: string;
  verb: ActionVerb;
  kind: ActionKind;
  request: ActionRequest;
  /** What the user typed, kept for editing. */
  data: unknown;
  operator: string;
  station: string;
  createdAt: number;
  prevActionId: string | null;
  parentId: string | null;
  /** What VTEX had when the action was queued: the Output invoice numbers (conflict check). */
  basis: { invoices: string[] } | null;
  state: ActionState;
  attempts: number;
  nextAttemptAt: number;
  inDoubt: boolean;
  everInDoubt: boolean;
  lastError: ActionError | null;
  attentionAt: number | null;
  doneAt: number | null;
  confirmed: boolean;
  outcome: string | null;
  discardReason: string | null;
  updatedAt: number;
}

interface RawAction {
  seq: number;
  id: string;
  idempotency_key: string;
  order_id: string;
  verb: string;
  kind: string;
  target: string | null;
  payload: string | null;
  data: string;
  operator: string;
  station: string;
  created_at: number;
  prev_action_id: string | null;
  parent_id: string | null;
  basis: string | null;
  state: string;
  attempts: number;
  next_attempt_at: number;
  in_doubt: number;
  ever_in_doubt: number;
  last_error: string | null;
  attention_at: number | null;
  done_at: number | null;
  confirmed: number;
  outcome: string | null;
  discard_reason: string | null;
  updated_at: number;
}

function toRow(r: RawAction): ActionRow {
  const kind = r.kind as ActionKind;
  return {
    seq: r.seq,
    id: r.id,
    idempotencyKey: r.idempotency_key,
    orderId: r.order_id,
    verb: r.verb as ActionVerb,
    kind,
    request: requestOf(kind, r.target, r.payload === null ? null : JSON.parse(r.payload)),
    data: JSON.parse(r.data) as unknown,
    operator: r.operator,
    station: r.station,
    createdAt: r.created_at,
    prevActionId: r.prev_action_id,
    parentId: r.parent_id,
    basis: r.basis === null ? null : (JSON.parse(r.basis) as { invoices: string[] }),
    state: r.state as ActionState,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    inDoubt: r.in_doubt === 1,
    everInDoubt: r.ever_in_doubt === 1,
    lastError: r.last_error === null ? null : (JSON.parse(r.last_error) as ActionError),
    attentionAt: r.attention_at,
    doneAt: r.done_at,
    confirmed: r.confirmed === 1,
    outcome: r.outcome,
    discardReason: r.discard_reason,
    updatedAt: r.updated_at,
  };
}

/** The effect an action has at VTEX, as a key: two live actions may not share one. */
export function idempotencyKey(orderId: string, actionId: string, req: ActionRequest): string {
  switch (req.kind) {
    case 'start-handling':
      return `start-handling:${orderId}`;
    case 'record-payment':
      return `payment:${orderId}:${req.target}`;
    case 'invoice':
      return `invoice:${orderId}:${req.body.invoiceNumber}`;
    case 'cancel':
      return `cancel:${orderId}`;
    case 'tracking':
    case 'tracking-events':
    case 'note':
    case 'change':
      return `${req.kind}:${actionId}`;
  }
}

export interface NewAction {
  id: string;
  orderId: string;
  verb: ActionVerb;
  request: ActionRequest;
  data: unknown;
  operator: string;
  station: string;
  createdAt: number;
  prevActionId: string | null;
  parentId: string | null;
  basis: { invoices: string[] } | null;
}

export function insertAction(db: DeskDb, a: NewAction): void {
  prepared(
    db,
    `INSERT INTO outbox_actions (id, idempotency_key, order_id, verb, kind, target, payload, data,
       operator, station, created_at, prev_action_id, parent_id, basis, state, next_attempt_at,
       updated_at)
     VALUES (@id, @key, @orderId, @verb, @kind, @target, @payload, @data, @operator, @station,
       @createdAt, @prevActionId, @parentId, @basis, 'queued', @createdAt, @createdAt)`,
  ).run({
    id: a.id,
    key: idempotencyKey(a.orderId, a.id, a.request),
    orderId: a.orderId,
    verb: a.verb,
    kind: a.request.kind,
    target: a.request.target,
    payload: a.request.body === null ? null : JSON.stringify(a.request.body),
    data: JSON.stringify(a.data ?? {}),
    operator: a.operator,
    station: a.station,
    createdAt: a.createdAt,
    prevActionId: a.prevActionId,
    parentId: a.parentId,
    basis: a.basis === null ? null : JSON.stringify(a.basis),
  });
}

/** What VTEX showed when the person last looked at the action (queue, retry, edit). */
export function setBasis(db: DeskDb, id: string, basis: { invoices: string[] }): void {
  prepared(db, 'UPDATE outbox_actions SET basis = ? WHERE id = ?').run(JSON.stringify(basis), id);
}

/** Replaces the request of an action (edit: new payload, same action id). */
export function replaceRequest(
  db: DeskDb,
  id: string,
  orderId: string,
  request: ActionRequest,
  data: unknown,
  now: number,
): void {
  prepared(
    db,
    `UPDATE outbox_actions SET target = @target, payload = @payload, data = @data,
       idempotency_key = @key, updated_at = @now WHERE id = @id`,
  ).run({
    id,
    target: request.target,
    payload: request.body === null ? null : JSON.stringify(request.body),
    data: JSON.stringify(data ?? {}),
    key: idempotencyKey(orderId, id, request),
    now,
  });
}

export function getAction(db: DeskDb, id: string): ActionRow | undefined {
  const r = prepared(db, 'SELECT * FROM outbox_actions WHERE id = ?').get(id) as
    RawAction | undefined;
  return r ? toRow(r) : undefined;
}

export function actionByKey(db: DeskDb, key: string): ActionRow | undefined {
  const r = prepared(db, SQL.actionByKey).get(key) as RawAction | undefined;
  return r ? toRow(r) : undefined;
}

/**
 * The actions of an order whose effect is not (known to be) in the cached document yet: open ones
 * and done ones not confirmed by a later fetch, oldest first.
 */
export function openChain(db: DeskDb, orderId: string): ActionRow[] {
  return (prepared(db, SQL.openChain).all(orderId) as RawAction[]).map(toRow);
}

export function actionsOfOrder(db: DeskDb, orderId: string): ActionRow[] {
  return (
    prepared(db, 'SELECT * FROM outbox_actions WHERE order_id = ? ORDER BY seq').all(
      orderId,
    ) as RawAction[]
  ).map(toRow);
}

export function childrenOf(db: DeskDb, parent: ActionRow): ActionRow[] {
  return (
    prepared(
      db,
      'SELECT * FROM outbox_actions WHERE order_id = ? AND parent_id = ? ORDER BY seq',
    ).all(parent.orderId, parent.id) as RawAction[]
  ).map(toRow);
}

export interface ListActionsQuery {
  states?: readonly ActionState[];
  orderId?: string;
  limit?: number;
}

export function listActions(db: DeskDb, q: ListActionsQuery = {}): ActionRow[] {
  const states = q.states ?? ['queued', 'sending', 'attention'];
  const marks = states.map(() => '?').join(', ');
  const where = [`state IN (${marks})`, ...(q.orderId ? ['order_id = ?'] : [])].join(' AND ');
  const params: (string | number)[] = [...states, ...(q.orderId ? [q.orderId] : [])];
  return (
    prepared(db, `SELECT * FROM outbox_actions WHERE ${where} ORDER BY seq LIMIT ?`).all(
      ...params,
      q.limit ?? 1_000_000,
    ) as RawAction[]
  ).map(toRow);
}

/**
 * What the desk believes about an order: VTEX's last document, plus the effects of the actions
 * that did not reach it yet, up to the first one in Needs attention (its effect, and the effect of
 * everything queued behind it, is rolled back to VTEX's truth until someone resolves it).
 */
export interface Believed {
  /** VTEX's document as cached. */
  truth: OrderDocument;
  /** The order as the desk believes it is. */
  doc: OrderDocument;
  chain: ActionRow[];
  /** The action in Needs attention that holds the chain, if any. */
  blockedBy: ActionRow | null;
}

/**
 * The automatic note that follows an action (start handling's "handling started at station S"):
 * it never holds the actions after it, whether it waits, retries or sits in Needs attention.
 */
export function isCompanionNote(a: Pick<ActionRow, 'kind' | 'parentId'>): boolean {
  return a.kind === 'note' && a.parentId !== null;
}

export function believe(
  db: DeskDb,
  orderId: string,
  opts: { before?: number; truth?: OrderDocument } = {},
): Believed | undefined {
  const truth = opts.truth ?? getOrderDoc(db, orderId);
  if (!truth) return undefined;
  const chain = openChain(db, orderId).filter(
    (a) => opts.before === undefined || a.seq < opts.before,
  );
  const blockedBy = chain.find((a) => a.state === 'attention' && !isCompanionNote(a)) ?? null;
  const effective = blockedBy ? chain.filter((a) => a.seq < blockedBy.seq) : chain;
  return {
    truth,
    doc: believedDoc(
      truth,
      effective.map((a) => ({ id: a.id, request: a.request })),
    ),
    chain,
    blockedBy,
  };
}

const KIND_LABEL: Record<ActionKind, string> = {
  'start-handling': 'start handling',
  'record-payment': 'payment',
  invoice: 'invoice',
  tracking: 'tracking',
  'tracking-events': 'tracking events',
  cancel: 'cancel',
  note: 'note',
  change: 'change of items',
};

export interface LocalState {
  orderId: string;
  status: string;
  label: string;
  pending: number;
  attention: number;
  updatedAt: number;
}

/**
 * Recomputes what the order shows on screens while actions wait; removes the row when nothing
 * waits (the order then shows VTEX's own status).
 */
export function refreshLocalState(
  db: DeskDb,
  orderId: string,
  now: number,
  truth?: OrderDocument,
): LocalState | null {
  const b = believe(db, orderId, truth ? { truth } : {});
  const open = b?.chain.filter((a) => a.state !== 'done') ?? [];
  if (!b || open.length === 0) {
    prepared(db, 'DELETE FROM order_local_state WHERE order_id = ?').run(orderId);
    return null;
  }
  const attention = open.filter((a) => a.state === 'attention').length;
  // What the worker did: an action and its companions (the note of a start-handling) are one.
  const pending = new Set(
    open.filter((a) => a.state !== 'attention').map((a) => a.parentId ?? a.id),
  ).size;
  const label = b.blockedBy
    ? `${b.doc.status} — needs attention (${KIND_LABEL[b.blockedBy.kind]}: ${b.blockedBy.lastError?.message ?? 'refused'})`
    : `${b.doc.status} — waiting to sync`;
  const state: LocalState = {
    orderId,
    status: b.doc.status,
    label,
    pending,
    attention,
    updatedAt: now,
  };
  prepared(
    db,
    `INSERT INTO order_local_state (order_id, status, label, pending, attention, updated_at)
     VALUES (@orderId, @status, @label, @pending, @attention, @updatedAt)
     ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, label = excluded.label,
       pending = excluded.pending, attention = excluded.attention, updated_at = excluded.updated_at`,
  ).run(state);
  return state;
}

export function getLocalState(db: DeskDb, orderId: string): LocalState | undefined {
  const r = prepared(
    db,
    `SELECT order_id AS orderId, status, label, pending, attention, updated_at AS updatedAt
       FROM order_local_state WHERE order_id = ?`,
  ).get(orderId) as LocalState | undefined;
  return r;
}

// ---- engine transitions ------------------------------------------------------------------------

/**
 * The next action of each order that may be sent now: the oldest open action of its order, due,
 * and not behind an action in Needs attention. Orders in `busy` (being worked on) are skipped.
 */
export function dueHeads(
  db: DeskDb,
  now: number,
  limit: number,
  busy: ReadonlySet<string>,
): ActionRow[] {
  // A companion note does not hold its order's next action, so one order may have two heads:
  // take one per order (the oldest), an order is worked on by one lane at a time.
  const rows = prepared(db, SQL.dueHeads).all(now, 2 * limit + busy.size) as RawAction[];
  const seen = new Set(busy);
  const out: ActionRow[] = [];
  for (const a of rows.map(toRow).sort((x, y) => x.seq - y.seq)) {
    if (seen.has(a.orderId)) continue;
    seen.add(a.orderId);
    out.push(a);
  }
  return out.sort((x, y) => x.nextAttemptAt - y.nextAttemptAt || x.seq - y.seq).slice(0, limit);
}

/**
 * When the next sendable action becomes due (for the engine's sleep), or null. Only heads count:
 * an action behind another one of its order, or behind one in Needs attention, is not sendable
 * however old its own time is.
 */
export function nextDueAt(db: DeskDb): number | null {
  const r = prepared(db, SQL.nextDueAt).get() as { t: number } | undefined;
  return r?.t ?? null;
}

/** Pending actions held behind an action of their order in Needs attention. */
export function blockedCount(db: DeskDb): number {
  return (prepared(db, SQL.blocked).get() as { n: number }).n;
}

/** Written durably BEFORE the request leaves: from here on, the action may have been applied. */
export function markSending(db: DeskDb, id: string, now: number): void {
  prepared(
    db,
    `UPDATE outbox_actions SET state = 'sending', attempts = attempts + 1, in_doubt = 1,
       ever_in_doubt = 1, updated_at = ? WHERE id = ?`,
  ).run(now, id);
}

export function markDone(db: DeskDb, id: string, outcome: string, now: number): void {
  prepared(
    db,
    `UPDATE outbox_actions SET state = 'done', in_doubt = 0, done_at = ?, outcome = ?,
       last_error = NULL, updated_at = ? WHERE id = ?`,
  ).run(now, outcome, now, id);
}

/**
 * Back to the queue for another attempt at `at`. `inDoubt` stays set when the last attempt may
 * have been applied (the next attempt then starts by reading the order).
 */
export function markRetry(
  db: DeskDb,
  id: string,
  at: number,
  inDoubt: boolean,
  err: ActionError,
  now: number,
): void {
  prepared(
    db,
    `UPDATE outbox_actions SET state = 'queued', next_attempt_at = ?, in_doubt = ?,
       last_error = ?, updated_at = ? WHERE id = ?`,
  ).run(at, inDoubt ? 1 : 0, JSON.stringify(err), now, id);
}

/**
 * Not yet: the action stays queued, untouched (no attempt, no error), and is looked at again at
 * `at` (a start of handling waiting for VTEX's cancellation window).
 */
export function deferAction(db: DeskDb, id: string, at: number, now: number): void {
  prepared(
    db,
    `UPDATE outbox_actions SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'`,
  ).run(at, now, id);
}

/** The request was certainly not applied (verified at VTEX, or refused before sending). */
export function clearDoubt(db: DeskDb, id: string, now: number): void {
  prepared(db, 'UPDATE outbox_actions SET in_doubt = 0, updated_at = ? WHERE id = ?').run(now, id);
}

export function markAttention(
  db: DeskDb,
  id: string,
  err: Refusal & ActionError,
  now: number,
): void {
  prepared(
    db,
    `UPDATE outbox_actions SET state = 'attention', in_doubt = 0, last_error = ?,
       attention_at = ?, updated_at = ? WHERE id = ?`,
  ).run(JSON.stringify(err), now, now, id);
}

/** A document fetched after these actions succeeded is in the cache. */
export function markConfirmed(db: DeskDb, orderId: string, doneBefore: number): void {
  prepared(
    db,
    `UPDATE outbox_actions SET confirmed = 1
      WHERE order_id = ? AND state = 'done' AND confirmed = 0 AND done_at <= ?`,
  ).run(orderId, doneBefore);
}

export function markConfirmedOne(db: DeskDb, id: string): void {
  prepared(db, 'UPDATE outbox_actions SET confirmed = 1 WHERE id = ?').run(id);
}

/** Orders with succeeded actions whose VTEX document has not been fetched since. */
export function unconfirmedOrders(db: DeskDb, limit: number): string[] {
  return (prepared(db, SQL.unconfirmedOrders).all(limit) as { order_id: string }[]).map(
    (r) => r.order_id,
  );
}

/**
 * Connectivity came back: actions waiting on a backoff are due now. One whose last attempt may
 * have landed still waits out the settle delay after that attempt (VTEX may be finishing it).
 */
export function makeWaitingDue(db: DeskDb, now: number, settleMs: number): number {
  return prepared(
    db,
    `UPDATE outbox_actions
        SET next_attempt_at = CASE WHEN in_doubt = 1 THEN max(@now, updated_at + @settle) ELSE @now END
      WHERE state IN ('queued', 'sending') AND next_attempt_at > @now
        AND (in_doubt = 0 OR next_attempt_at > updated_at + @settle)`,
  ).run({ now, settle: settleMs }).changes;
}

export function setState(
  db: DeskDb,
  id: string,
  state: ActionState,
  now: number,
  extra: { discardReason?: string; nextAttemptAt?: number } = {},
): void {
  prepared(
    db,
    `UPDATE outbox_actions SET state = @state, updated_at = @now,
       discard_reason = coalesce(@discardReason, discard_reason),
       outcome = CASE WHEN @state = 'discarded' THEN 'discarded' ELSE outcome END,
       next_attempt_at = coalesce(@nextAttemptAt, next_attempt_at)
     WHERE id = @id`,
  ).run({
    id,
    state,
    now,
    discardReason: extra.discardReason ?? null,
    nextAttemptAt: extra.nextAttemptAt ?? null,
  });
}

// ---- counts and meta ---------------------------------------------------------------------------

export interface OutboxCounts {
  pending: number;
  attention: number;
  oldestPendingAt: number | null;
}

export function outboxCounts(db: DeskDb): OutboxCounts {
  const r = prepared(db, SQL.outboxCounts).get() as {
    pending: number | null;
    attention: number | null;
    oldest: number | null;
  };
  return { pending: r.pending ?? 0, attention: r.attention ?? 0, oldestPendingAt: r.oldest };
}

/**
 * Waiting actions as the worker counts them, for the screens: an action and its companions (the
 * note a start-handling adds) are one thing done. The engine counts rows (`outboxCounts`).
 */
export function workerPendingCount(db: DeskDb): number {
  return (prepared(db, SQL.workerPending).get() as { n: number }).n;
}

export function getMeta(db: DeskDb, key: string): string | undefined {
  const r = prepared(db, 'SELECT value FROM outbox_meta WHERE key = ?').get(key) as
    { value: string } | undefined;
  return r?.value;
}

export function setMeta(db: DeskDb, key: string, value: string): void {
  prepared(
    db,
    `INSERT INTO outbox_meta (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(key, value);
}
