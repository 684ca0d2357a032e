import { randomBytes } from 'node:crypto';
import { packagesOf, type OrderDocument } from '../../../vtex';
import type { Clock } from '../clock';
import type { DeskDb } from '../db';
import { checkInvoicePattern, drawInvoiceNumber } from './invoice-number';
import { ACTION_VERBS, FIELD_LIMITS, type ActionRequest, type ActionVerb } from './kinds';
import { companionId, prepare } from './prepare';
import { refusal, type Refusal } from './refusals';
import {
  actionByKey,
  believe,
  childrenOf,
  durably,
  getAction,
  idempotencyKey,
  insertAction,
  refreshLocalState,
  replaceRequest,
  setBasis,
  setState,
  type LocalState,
} from './store';

/**
 * The write path of offline actions: validate against the order as the desk believes it is, then
 * ONE durable transaction writes the outbox row(s) and the order's optimistic state. Nothing here
 * touches the network; the sync engine takes it from there.
 */

/** Who acts, where, and the station's settings that shape a request. */
export interface Actor {
  station: string;
  operator: string;
  clock: Clock;
  /** The station's UTC offset for issuance dates; defaults to this computer's. */
  utcOffsetMinutes?: number;
  /** Overrides the invoice number pattern saved in the database. */
  invoicePattern?: string;
}

export type QueueResult =
  | { ok: true; actionId: string; actionIds: string[]; local: LocalState | null }
  | { ok: false; refusal: Refusal };

export type ChangeResult = { ok: true; local: LocalState | null } | { ok: false; refusal: Refusal };

/** Sortable by creation, unique across stations, short enough to read out on the phone. */
export function newActionId(now: number): string {
  return `act-${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function localOffsetMinutes(now: number): number {
  return -new Date(now).getTimezoneOffset();
}

function outputInvoices(doc: OrderDocument): string[] {
  return packagesOf(doc)
    .filter((p) => p.type.toLowerCase() !== 'input')
    .map((p) => p.invoiceNumber);
}

function actorRefusal(actor: Actor): Refusal | null {
  if (!actor.station.trim())
    return refusal('STATION_REQUIRED', 'Set this station\u2019s name first.');
  if (!actor.operator.trim())
    return refusal('OPERATOR_REQUIRED', 'Say who you are (operator) before acting on orders.');
  // Every action (and VTEX's interaction text) carries both names: as long as a shift and the
  // settings allow, whoever asks.
  for (const [what, name] of [
    ['station', actor.station],
    ['operator', actor.operator],
  ] as const) {
    if (name.trim().length > FIELD_LIMITS.name) {
      return refusal(
        'ACTION_BAD_DATA',
        `The ${what} name is longer than ${FIELD_LIMITS.name} characters; use a shorter one.`,
      );
    }
  }
  if (actor.invoicePattern !== undefined) {
    const bad = checkInvoicePattern(actor.invoicePattern);
    if (bad) return refusal('INVOICE_PATTERN_INVALID', bad);
  }
  return null;
}

const NOT_CACHED = (orderId: string) =>
  refusal(
    'ORDER_NOT_IN_CACHE',
    `Order ${orderId} is not on this desk yet. Check the number, or wait until the desk has synced it.`,
  );

function duplicateRefusal(existingId: string, state: string): Refusal {
  return refusal(
    'DUPLICATE_ACTION',
    state === 'done'
      ? `This was already done from this desk (action ${existingId}).`
      : `This is already waiting to sync (action ${existingId}).`,
  );
}

/** Validates and queues one action. Returns the action id, or the refusal. */
export function queueAction(
  db: DeskDb,
  actor: Actor,
  input: { verb: ActionVerb; orderId: string; data?: unknown },
): QueueResult {
  if (!(ACTION_VERBS as readonly string[]).includes(input.verb)) {
    return {
      ok: false,
      refusal: refusal(
        'ACTION_UNKNOWN',
        `Unknown action "${input.verb}"; use one of ${ACTION_VERBS.join(', ')}.`,
      ),
    };
  }
  const bad = actorRefusal(actor);
  if (bad) return { ok: false, refusal: bad };
  const now = actor.clock.now();
  const offset = actor.utcOffsetMinutes ?? localOffsetMinutes(now);
  const actionId = newActionId(now);

  return guard(() =>
    durably(db, (): QueueResult => {
      const b = believe(db, input.orderId);
      if (!b) return { ok: false, refusal: NOT_CACHED(input.orderId) };
      const prepared = prepare(input.verb, input.data, {
        doc: b.doc,
        actionId,
        station: actor.station,
        operator: actor.operator,
        now,
        utcOffsetMinutes: offset,
        nextInvoiceNumber: () =>
          drawInvoiceNumber(db, {
            ...(actor.invoicePattern !== undefined ? { pattern: actor.invoicePattern } : {}),
            station: actor.station,
            now,
            utcOffsetMinutes: offset,
          }),
      });
      if (!prepared.ok) return prepared;

      const ids = prepared.requests.map((_, i) => (i === 0 ? actionId : companionId(actionId)));
      for (const [i, req] of prepared.requests.entries()) {
        const id = ids[i] as string;
        const existing = actionByKey(db, idempotencyKey(input.orderId, id, req));
        // Throwing rolls the whole transaction back, the drawn invoice number included.
        if (existing) throw new RefusedInTransaction(duplicateRefusal(existing.id, existing.state));
      }
      let prev = b.chain.filter((a) => a.state !== 'done').at(-1)?.id ?? null;
      const basis = { invoices: outputInvoices(b.doc) };
      for (const [i, req] of prepared.requests.entries()) {
        const id = ids[i] as string;
        insertAction(db, {
          id,
          orderId: input.orderId,
          verb: input.verb,
          request: req,
          data: i === 0 ? (prepared.data ?? input.data ?? {}) : {},
          operator: actor.operator,
          station: actor.station,
          createdAt: now,
          prevActionId: prev,
          parentId: i === 0 ? null : actionId,
          basis,
        });
        prev = id;
      }
      return {
        ok: true,
        actionId,
        actionIds: ids,
        local: refreshLocalState(db, input.orderId, now, b.truth),
      };
    }),
  ) as QueueResult;
}

/** Carries a refusal out of a transaction so that everything it wrote is rolled back. */
class RefusedInTransaction extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

function guard<T extends { ok: false; refusal: Refusal }>(
  fn: () => QueueResult | ChangeResult,
): QueueResult | ChangeResult | T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RefusedInTransaction) return { ok: false, refusal: e.refusal };
    throw e;
  }
}

const NO_SUCH_ACTION = (id: string) =>
  refusal('ACTION_NOT_FOUND', `There is no action ${id} on this desk.`);

/**
 * Sends an action in Needs attention again. The person has looked at the conflict, so the check
 * for invoices made elsewhere starts from what VTEX shows now.
 */
export function retryAction(db: DeskDb, clock: Clock, id: string): ChangeResult {
  const now = clock.now();
  return durably(db, (): ChangeResult => {
    const a = getAction(db, id);
    if (!a) return { ok: false, refusal: NO_SUCH_ACTION(id) };
    if (a.state !== 'attention') {
      return {
        ok: false,
        refusal: refusal(
          'ACTION_NOT_IN_ATTENTION',
          `Action ${id} is ${a.state}; only an action in Needs attention can be retried.`,
        ),
      };
    }
    const b = believe(db, a.orderId, { before: a.seq });
    setState(db, id, 'queued', now, { nextAttemptAt: now });
    if (b) setBasis(db, id, { invoices: outputInvoices(b.doc) });
    return { ok: true, local: refreshLocalState(db, a.orderId, now) };
  });
}

/**
 * Changes what an action sends (new payload, same action id): validated again against the order
 * as believed before it. The invoice number stays the one drawn at creation unless the new data
 * names one.
 */
export function editAction(db: DeskDb, actor: Actor, id: string, data: unknown): ChangeResult {
  const bad = actorRefusal(actor);
  if (bad) return { ok: false, refusal: bad };
  const now = actor.clock.now();
  const offset = actor.utcOffsetMinutes ?? localOffsetMinutes(now);
  return guard(() =>
    durably(db, (): ChangeResult => {
      const a = getAction(db, id);
      if (!a) return { ok: false, refusal: NO_SUCH_ACTION(id) };
      if (a.parentId) {
        return {
          ok: false,
          refusal: refusal(
            'ACTION_NOT_EDITABLE',
            `Action ${id} is part of ${a.parentId}; edit that one.`,
          ),
        };
      }
      const editable = a.state === 'attention' || (a.state === 'queued' && !a.everInDoubt);
      if (!editable) {
        return {
          ok: false,
          refusal: refusal(
            'ACTION_NOT_EDITABLE',
            `Action ${id} is ${a.state === 'queued' ? 'already on its way to VTEX' : a.state}; it can no longer be edited.`,
          ),
        };
      }
      const b = believe(db, a.orderId, { before: a.seq });
      if (!b) return { ok: false, refusal: NOT_CACHED(a.orderId) };
      const keepNumber =
        a.request.kind === 'invoice' &&
        !(data && typeof data === 'object' && 'invoiceNumber' in data)
          ? a.request.body.invoiceNumber
          : undefined;
      const merged =
        keepNumber !== undefined ? { ...(data as object), invoiceNumber: keepNumber } : data;
      const prepared = prepare(a.verb, merged, {
        doc: b.doc,
        actionId: id,
        station: a.station,
        operator: a.operator,
        now,
        utcOffsetMinutes: offset,
        nextInvoiceNumber: () =>
          drawInvoiceNumber(db, {
            ...(actor.invoicePattern !== undefined ? { pattern: actor.invoicePattern } : {}),
            station: a.station,
            now,
            utcOffsetMinutes: offset,
          }),
      });
      if (!prepared.ok) return prepared;
      const req = prepared.requests[0] as ActionRequest;
      if (req.kind !== a.kind) {
        return {
          ok: false,
          refusal: refusal(
            'ACTION_KIND_CHANGED',
            `An edit keeps the kind of action (${a.kind}); discard it and queue a new one instead.`,
          ),
        };
      }
      const other = actionByKey(db, idempotencyKey(a.orderId, id, req));
      if (other && other.id !== id)
        throw new RefusedInTransaction(duplicateRefusal(other.id, other.state));
      replaceRequest(db, id, a.orderId, req, prepared.data ?? merged, now);
      setBasis(db, id, { invoices: outputInvoices(b.doc) });
      setState(db, id, 'queued', now, { nextAttemptAt: now });
      return { ok: true, local: refreshLocalState(db, a.orderId, now) };
    }),
  ) as ChangeResult;
}

/**
 * Gives up an action, with the reason kept for the record. Its companion rows (the note of
 * a start-handling) go with it. An action that may be at VTEX already cannot be discarded.
 */
export function discardAction(db: DeskDb, clock: Clock, id: string, reason: string): ChangeResult {
  const now = clock.now();
  if (!reason.trim()) {
    return {
      ok: false,
      refusal: refusal('DISCARD_REASON_REQUIRED', 'Say why this action is being discarded.'),
    };
  }
  return durably(db, (): ChangeResult => {
    const a = getAction(db, id);
    if (!a) return { ok: false, refusal: NO_SUCH_ACTION(id) };
    const discardable = a.state === 'attention' || (a.state === 'queued' && !a.inDoubt);
    if (!discardable) {
      return {
        ok: false,
        refusal: refusal(
          'ACTION_NOT_DISCARDABLE',
          a.state === 'done' || a.state === 'discarded'
            ? `Action ${id} is already ${a.state}.`
            : `Action ${id} may already have reached VTEX; wait until the desk has checked.`,
        ),
      };
    }
    setState(db, id, 'discarded', now, { discardReason: reason.trim() });
    for (const c of childrenOf(db, a)) {
      if (c.state === 'queued' || c.state === 'attention') {
        setState(db, c.id, 'discarded', now, { discardReason: `with ${id}: ${reason.trim()}` });
      }
    }
    return { ok: true, local: refreshLocalState(db, a.orderId, now) };
  });
}
