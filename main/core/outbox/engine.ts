import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  changeFailed,
  packagesOf,
  resourcesFor,
  type ChangeDetailView,
  type ChangePreviewView,
  type OrderDocument,
} from '../../../vtex';
import type { Clock } from '../clock';
import { getOrderDoc, upsertOrders, type DeskDb } from '../db';
import { realSleep, type Sleep } from '../vtex/timing';
import { isVtexClientError, type VtexClientError } from '../vtex/errors';
import { isApplied, settledBy, type NoteLike } from './effects';
import { completeTrackingBody, recheck } from './prepare';
import { CANCEL_WINDOW_STATUSES, noteMarker, waitsForCancelWindow } from './kinds';
import { refusal, type Refusal } from './refusals';
import {
  actionsOfOrder,
  believe,
  clearDoubt,
  deferAction,
  dueHeads,
  durably,
  getMeta,
  makeWaitingDue,
  markAttention,
  markConfirmedOne,
  markDone,
  markRetry,
  markSending,
  nextDueAt,
  openChain,
  outboxCounts,
  refreshLocalState,
  setMeta,
  unconfirmedOrders,
  listActions,
  blockedCount,
  getAction,
  type ActionError,
  type ActionRow,
} from './store';
import { noteDescription } from './kinds';
import type { OutboxVtex } from './vtex-port';

/**
 * The sync engine: drains the outbox to VTEX with exactly one effect per action.
 *
 * Per order, actions go strictly oldest first (start-handling → payment → invoice keeps its
 * order); different orders go in parallel (`concurrency` lanes), all through the client's rate
 * limiter. For each action:
 *
 *  1. If the last attempt may have been applied (`in_doubt`: a timeout or reset after sending, a
 *     5xx, or a crash after the `sending` mark), read the order first and decide from VTEX's state
 *     whether the effect is there. Only if it is certainly not there is the request sent again.
 *  2. Check the request against VTEX's latest truth (the rules, plus conflicts with other
 *     stations: an order already in handling, an invoice made elsewhere since the action was
 *     queued). A doomed or conflicting request is not sent: it goes to Needs attention.
 *  3. Mark it `sending` durably (fsync) — from then on it counts as possibly applied — and send.
 *  4. Success → done, and the order is fetched again. Its optimistic effect stays merged until
 *     VTEX's document shows it or contradicts it: VTEX moves an order through passing statuses
 *     (start-handling, approve-payment, invoice, cancel) a little after accepting a request, and
 *     a read in between may still show the old status. Transient failure → retry with capped
 *     exponential backoff (Retry-After honoured; a 429 holds every lane). Ambiguous failure →
 *     in doubt, re-read after a short settle delay (a request VTEX is still processing must have
 *     landed before we look). Rejection (decided on the HTTP status and the order read back, not
 *     on VTEX's error codes) → Needs attention with VTEX's message; the order's optimistic state
 *     falls back to VTEX's truth and its later actions wait. 401 → the whole engine pauses until
 *     credentials are fixed; nothing is dropped. 403 → the key lacks the License Manager resource
 *     of that one endpoint: that action goes to Needs attention naming the resource, the rest
 *     keeps flowing.
 */

export interface OutboxStatus {
  /** The last VTEX call answered (any HTTP status); false after network failures. */
  online: boolean;
  /** Why sending is held, if it is. */
  paused: 'credentials' | null;
  /** Actions waiting to reach VTEX (queued or being sent). */
  pending: number;
  /** Actions in Needs attention. */
  attention: number;
  /** Pending actions that wait behind an action of their order in Needs attention. */
  blocked: number;
  /** Age of the oldest pending action (desk clock), or null. */
  oldestPendingAgeMs: number | null;
  /** When an action last reached VTEX (desk clock), or null. */
  lastSuccessAt: number | null;
  /** Until when VTEX's 429 holds the engine back, or null. */
  rateLimitedUntil: number | null;
}

export type OutboxEvent =
  { type: 'outbox-status'; status: OutboxStatus } | { type: 'actions-changed'; orderIds: string[] };

export interface SyncEngineOptions {
  db: DeskDb;
  vtex: OutboxVtex;
  clock: Clock;
  sleep?: Sleep;
  /** Source of backoff jitter; tests pass a fixed one. */
  random?: () => number;
  /** Orders worked on in parallel. */
  concurrency?: number;
  /** Transient failures: base · 2^(n-1), capped, with jitter in [½, 1]. */
  backoff?: { baseMs: number; maxMs: number };
  /**
   * After an ambiguous failure, how long to wait before reading the order back: a request that
   * timed out on our side may still be running at VTEX, and must have landed before we look.
   */
  settleMs?: number;
  /** A document fetched this recently counts as fresh for the pre-send conflict check. */
  freshForMs?: number;
  /** Connectivity probe while offline: first delay and cap. */
  probe?: { minMs: number; maxMs: number };
  /** While idle, how often to look for actions queued by another process (desk:act). */
  idlePollMs?: number;
  onEvent?: (e: OutboxEvent) => void;
  /** Unexpected failures (bugs, a broken disk): reported, never thrown out of the loop. */
  onError?: (err: unknown) => void;
}

export interface DrainSummary {
  pending: number;
  attention: number;
  /** Of the pending ones, those held behind an action in Needs attention. */
  blocked: number;
  paused: 'credentials' | null;
  online: boolean;
}

/** How often a start of handling waiting for VTEX's cancellation window looks at the order. */
const WINDOW_RECHECK_MS = 15_000;

const HANDLING_OR_LATER: readonly string[] = [
  'start-handling',
  'handling',
  'ready-for-invoicing',
  'waiting-for-fulfillment',
  'invoice',
  'invoiced',
];

/**
 * How long an accepted action's effect may stay assumed while VTEX shows neither it nor anything
 * contradicting it; VTEX's passing statuses last seconds, so past this the desk shows VTEX's word.
 */
const OPTIMISM_LIMIT_MS = 10 * 60_000;

const LEASE_KEY = 'engine.lease';
const LAST_SUCCESS_KEY = 'sync.lastSuccessAt';

type Classified =
  | { type: 'credentials'; err: ActionError }
  | { type: 'forbidden'; err: ActionError; method: string | undefined; path: string | undefined }
  | { type: 'rate-limited'; retryAfterMs: number; err: ActionError }
  | {
      type: 'transient';
      ambiguous: boolean;
      offline: boolean;
      retryAfterMs: number | undefined;
      err: ActionError;
    }
  | { type: 'rejected'; err: ActionError };

function errorOf(e: VtexClientError): ActionError {
  return {
    code: e.code,
    message: e.message,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.vtexCode !== undefined ? { vtexCode: e.vtexCode } : {}),
  };
}

/** How a failed call is handled. `sent`: the failing call was the write itself. */
export function classify(err: unknown, sent: boolean): Classified {
  if (!isVtexClientError(err)) {
    // Not VTEX's answer (a bug, a disk error): retry later, in doubt if the write had left.
    return {
      type: 'transient',
      ambiguous: sent,
      offline: false,
      retryAfterMs: undefined,
      err: { code: 'SYNC_UNEXPECTED', message: (err as Error)?.message ?? String(err) },
    };
  }
  const e = errorOf(err);
  switch (err.code) {
    case 'VTEX_UNAUTHORIZED':
      return { type: 'credentials', err: e };
    case 'VTEX_FORBIDDEN':
      return { type: 'forbidden', err: e, method: err.method, path: err.path };
    case 'VTEX_RATE_LIMITED':
      return { type: 'rate-limited', retryAfterMs: err.retryAfterMs ?? 60_000, err: e };
    case 'VTEX_NETWORK':
    case 'VTEX_TIMEOUT':
    case 'VTEX_SERVER':
      return {
        type: 'transient',
        ambiguous: sent && err.ambiguous,
        // Offline: the connection could not be made, or nothing answered at all. A connection
        // that was reset after the request went out proves the other side is there.
        offline:
          (err.code === 'VTEX_NETWORK' && !err.ambiguous) ||
          (err.code === 'VTEX_TIMEOUT' && err.status === undefined),
        retryAfterMs: err.retryAfterMs,
        err: e,
      };
    case 'VTEX_BAD_RESPONSE':
      // A 2xx whose body we cannot read: for a write, it most likely WAS applied.
      return {
        type: 'transient',
        ambiguous: sent,
        offline: false,
        retryAfterMs: undefined,
        err: e,
      };
    case 'VTEX_NOT_FOUND':
    case 'VTEX_CONFLICT':
    case 'VTEX_REJECTED':
      return { type: 'rejected', err: e };
  }
}

const WHAT_IT_DOES: Record<string, string> = {
  'start-handling': 'start handling',
  'record-payment': 'record payments',
  invoice: 'send invoices',
  tracking: 'update tracking',
  'tracking-events': 'send tracking events',
  cancel: 'cancel orders',
  note: 'add notes',
};

/** The refusal for a 403: which License Manager resource the key lacks for this one call. */
export function forbiddenRefusal(
  kind: string,
  method: string | undefined,
  path: string | undefined,
): Refusal {
  const needed = method && path ? resourcesFor(method, path) : null;
  const what = needed
    ? needed.map((r) => `"${r}"`).join(' or ')
    : 'the resource of this endpoint (see README, "The key of a station")';
  const call = method && path ? ` (${method} ${path})` : '';
  return refusal(
    'VTEX_FORBIDDEN',
    `This appKey lacks the permission to ${WHAT_IT_DOES[kind] ?? kind} at VTEX${call}. Ask the store admin to add the resource ${what} to the key's role, then retry this action. The desk's other actions keep flowing.`,
  );
}

function outputNumbers(doc: OrderDocument): string[] {
  return packagesOf(doc)
    .filter((p) => p.type.toLowerCase() !== 'input')
    .map((p) => p.invoiceNumber);
}

/** VTEX's own words out of a client error message (`METHOD path → 409: words`). */
function vtexText(message: string): string {
  return message.includes(': ') ? message.slice(message.indexOf(': ') + 2) : message;
}

/** Signed cents as the log and Needs attention show them: `-12.90` refunded, `+5.00` charged. */
function fmtCents(cents: number): string {
  const sign = cents > 0 ? '+' : cents < 0 ? '-' : '';
  return `${sign}${(Math.abs(cents) / 100).toFixed(2)}`;
}

/** The last error VTEX logged for a change, as `: message`, or nothing. */
function lastLog(c: ChangeDetailView): string {
  const e = [...(c.logs ?? [])].reverse().find((l) => l.type === 'error' && l.message);
  return e?.message ? ` (${e.message})` : '';
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class OutboxBusyError extends Error {
  readonly code = 'SYNC_ALREADY_RUNNING';
  constructor(holder: string) {
    super(
      `Another Order Desk process (${holder}) is already sending this desk's actions; close it first.`,
    );
  }
}

export class SyncEngine {
  private readonly db: DeskDb;
  private vtex: OutboxVtex;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly concurrency: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly settleMs: number;
  private readonly freshForMs: number;
  private readonly probeDelays: { minMs: number; maxMs: number };
  private readonly idlePollMs: number;
  private readonly onEvent: (e: OutboxEvent) => void;
  private readonly onError: (err: unknown) => void;

  private online = true;
  private paused: 'credentials' | null = null;
  private rateLimitedUntil = 0;
  private probeDelay: number;
  private nextProbeAt = 0;
  private readonly freshAt = new Map<string, number>();
  private readonly busy = new Set<string>();
  private lastStatusKey = '';
  private readonly leaseOwner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private lastHeartbeat = 0;
  private running: Promise<void> | null = null;
  private stopController: AbortController | null = null;
  private wake: AbortController | null = null;
  private kicked = false;

  constructor(opts: SyncEngineOptions) {
    this.db = opts.db;
    this.vtex = opts.vtex;
    this.clock = opts.clock;
    this.sleep = opts.sleep ?? realSleep;
    this.random = opts.random ?? Math.random;
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.backoff = opts.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
    this.settleMs = opts.settleMs ?? 3_000;
    this.freshForMs = opts.freshForMs ?? 2_000;
    this.probeDelays = opts.probe ?? { minMs: 1_000, maxMs: 15_000 };
    this.probeDelay = this.probeDelays.minMs;
    this.idlePollMs = opts.idlePollMs ?? 1_000;
    this.onEvent = opts.onEvent ?? (() => undefined);
    this.onError = opts.onError ?? (() => undefined);
  }

  // ---- public API ------------------------------------------------------------------------------

  status(): OutboxStatus {
    const now = this.clock.now();
    const c = outboxCounts(this.db);
    const last = getMeta(this.db, LAST_SUCCESS_KEY);
    return {
      online: this.online,
      paused: this.paused,
      pending: c.pending,
      attention: c.attention,
      blocked: c.attention > 0 ? blockedCount(this.db) : 0,
      oldestPendingAgeMs: c.oldestPendingAt === null ? null : Math.max(0, now - c.oldestPendingAt),
      lastSuccessAt: last === undefined ? null : Number(last),
      rateLimitedUntil: this.rateLimitedUntil > now ? this.rateLimitedUntil : null,
    };
  }

  /** New credentials (a new client) after a 401/403 pause: sending resumes at once. */
  resume(vtex?: OutboxVtex): void {
    if (vtex) this.vtex = vtex;
    this.paused = null;
    this.emitStatus();
    this.kick();
  }

  /**
   * Connectivity came back (the feed poller got an answer, the OS said so): everything that was
   * waiting on the network is due now.
   */
  notifyOnline(): void {
    const wasOffline = !this.online;
    this.online = true;
    this.probeDelay = this.probeDelays.minMs;
    const n = durably(this.db, () => makeWaitingDue(this.db, this.clock.now(), this.settleMs));
    if (wasOffline || n > 0) this.emitStatus();
    this.kick();
  }

  /** Something was queued (in this process): look now instead of at the next poll. */
  kick(): void {
    if (this.wake) this.wake.abort();
    // Not waiting right now: the next wait returns at once instead.
    else this.kicked = true;
  }

  /**
   * One pass without waiting: settles and sends every action that is due now (following each
   * order's chain as far as it goes), refreshes orders whose actions succeeded, probes once if
   * offline. For tests and for callers that schedule the engine themselves.
   */
  async drainOnce(): Promise<DrainSummary> {
    this.takeLease();
    try {
      if (!this.online) await this.probe();
      await this.runDue();
      await this.refreshUnconfirmed();
    } finally {
      this.releaseLease();
    }
    return this.summary();
  }

  /**
   * Runs until every pending action has reached VTEX (actions in Needs attention do not hold it),
   * waiting through backoffs and outages, or until sending is paused for credentials, or `signal`
   * aborts. For `desk:sync --once`.
   */
  async runUntilDrained(signal?: AbortSignal): Promise<DrainSummary> {
    this.takeLease();
    try {
      await this.loop(signal, true);
    } finally {
      this.releaseLease();
    }
    return this.summary();
  }

  /** Runs in the background until `stop()`. */
  start(): void {
    if (this.running) return;
    this.takeLease();
    this.stopController = new AbortController();
    const signal = this.stopController.signal;
    this.running = this.loop(signal, false)
      .catch((err: unknown) => {
        if (!signal.aborted) this.onError(err);
      })
      .finally(() => this.releaseLease());
  }

  /** Finishes the requests in flight and stops. */
  async stop(): Promise<void> {
    this.stopController?.abort();
    this.kick();
    await this.running;
    this.running = null;
    this.stopController = null;
  }

  // ---- the loop --------------------------------------------------------------------------------

  /** Pending actions not held behind Needs attention: what `runUntilDrained` waits for. */
  private sendablePending(): number {
    const c = outboxCounts(this.db);
    return c.attention > 0 ? c.pending - blockedCount(this.db) : c.pending;
  }

  private summary(): DrainSummary {
    const c = outboxCounts(this.db);
    return {
      pending: c.pending,
      attention: c.attention,
      blocked: c.attention > 0 ? blockedCount(this.db) : 0,
      paused: this.paused,
      online: this.online,
    };
  }

  private async loop(signal: AbortSignal | undefined, untilDrained: boolean): Promise<void> {
    this.emitStatus();
    while (!signal?.aborted) {
      this.heartbeat();
      if (untilDrained && (this.sendablePending() === 0 || this.paused)) {
        // A previous run may have stopped between an action's success and the order's re-read.
        await this.refreshUnconfirmed();
        return;
      }
      const now = this.clock.now();
      let wait: number;
      if (this.paused) {
        wait = this.idlePollMs;
      } else if (!this.online) {
        if (now >= this.nextProbeAt) await this.probe();
        wait = this.online ? 0 : Math.max(0, this.nextProbeAt - this.clock.now());
      } else if (now < this.rateLimitedUntil) {
        wait = this.rateLimitedUntil - now;
      } else {
        await this.runDue(signal);
        await this.refreshUnconfirmed();
        const due = nextDueAt(this.db);
        const t = this.clock.now();
        wait = due === null ? this.idlePollMs : Math.min(this.idlePollMs, Math.max(0, due - t));
        if (due !== null && due <= t) wait = 0;
      }
      if (wait > 0 && !signal?.aborted) await this.pause(wait, signal);
    }
  }

  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.kicked) {
      this.kicked = false;
      return;
    }
    this.wake = new AbortController();
    const s = signal ? AbortSignal.any([signal, this.wake.signal]) : this.wake.signal;
    try {
      await this.sleep(ms, s);
    } catch {
      // Woken early (kick, stop): just look again.
    } finally {
      this.wake = null;
    }
  }

  /** Sends everything due now, one lane per order, until nothing due is left. */
  private async runDue(signal?: AbortSignal): Promise<void> {
    const inflight = new Map<string, Promise<void>>();
    for (;;) {
      const blocked =
        signal?.aborted ||
        this.paused !== null ||
        !this.online ||
        this.clock.now() < this.rateLimitedUntil;
      const free = this.concurrency - inflight.size;
      if (!blocked && free > 0) {
        const heads = dueHeads(this.db, this.clock.now(), free, this.busy);
        for (const h of heads) {
          this.busy.add(h.orderId);
          const p = this.process(h)
            .catch((err: unknown) => this.onError(err))
            .finally(() => {
              this.busy.delete(h.orderId);
              inflight.delete(h.orderId);
            });
          inflight.set(h.orderId, p);
        }
      }
      if (inflight.size === 0) return;
      await Promise.race(inflight.values());
    }
  }

  // ---- one action ------------------------------------------------------------------------------

  private async process(a: ActionRow): Promise<void> {
    if (a.kind === 'change') {
      await this.processChange(a);
      return;
    }
    let fresh: OrderDocument | null = null;
    if (!a.inDoubt && waitsForCancelWindow(a)) {
      try {
        fresh = await this.fetch(a.orderId);
      } catch (err) {
        this.failed(a, err, false);
        return;
      }
      if (CANCEL_WINDOW_STATUSES.includes(fresh.status)) {
        // VTEX refuses a start of handling until the window has run: look again a little later.
        const now = this.clock.now();
        const at = now + Math.min(this.backoff.maxMs, WINDOW_RECHECK_MS);
        durably(this.db, () => deferAction(this.db, a.id, at, now));
        return;
      }
    }
    try {
      if (a.inDoubt) {
        const settled = await this.settle(a);
        if (settled === 'resolved') return;
        fresh = settled;
      } else if (fresh === null && this.wantsFreshTruth(a)) {
        fresh = await this.fetch(a.orderId);
      }
    } catch (err) {
      this.failed(a, err, false);
      return;
    }

    const blocker = this.preSendCheck(a, fresh);
    if (blocker) {
      this.toAttention(a, blocker);
      return;
    }

    // Another process (desk:act, a second window) may have discarded or edited the action since
    // it was picked: send only what the row says now, and only if it is still to be sent.
    const unchanged = durably(this.db, () => {
      const cur = getAction(this.db, a.id);
      if (
        !cur ||
        (cur.state !== 'queued' && cur.state !== 'sending') ||
        JSON.stringify(cur.request) !== JSON.stringify(a.request)
      ) {
        return false;
      }
      markSending(this.db, a.id, this.clock.now());
      return true;
    });
    if (!unchanged) return;
    try {
      await this.send(a);
    } catch (err) {
      const c = classify(err, true);
      if (c.type === 'rejected') await this.rejected(a, c.err);
      else if (c.type === 'forbidden')
        this.toAttention(a, forbiddenRefusal(a.kind, c.method, c.path), c.err);
      else this.failed(a, err, true);
      return;
    }
    this.succeeded(a, 'applied');
    // A following action of the same order reads (or optimistically merges) this one's effect;
    // the order is fetched once its chain has drained instead of after every step.
    const more = openChain(this.db, a.orderId).some((x) => x.state === 'queued');
    if (!more) await this.refreshQuietly(a.orderId);
  }

  /**
   * The last attempt may have been applied. Reads the order: effect present → done (nothing is
   * sent again); absent → returns the fresh document and the action is sent again.
   */
  private async settle(a: ActionRow): Promise<OrderDocument | 'resolved'> {
    const doc = await this.fetch(a.orderId);
    const notes = a.kind === 'note' ? await this.notes(a.orderId) : undefined;
    const applied = isApplied(doc, a.request, a.id, notes ?? undefined);
    if (applied === true) {
      this.succeeded(a, 'found-at-vtex');
      await this.refreshQuietly(a.orderId, doc);
      return 'resolved';
    }
    if (applied === 'unknown') {
      this.toAttention(
        a,
        refusal(
          'SYNC_UNCONFIRMED',
          'The desk cannot tell whether this note reached VTEX (the connection broke while sending). Check the order at VTEX: retry to send it again, or discard it.',
        ),
      );
      return 'resolved';
    }
    durably(this.db, () => clearDoubt(this.db, a.id, this.clock.now()));
    return doc;
  }

  private wantsFreshTruth(a: ActionRow): boolean {
    // Invoices are where two stations can do real harm (a second invoice): always look at VTEX's
    // current document right before sending one.
    if (a.kind !== 'invoice') return false;
    const at = this.freshAt.get(a.orderId);
    return at === undefined || at < this.clock.now() - this.freshForMs;
  }

  /** Conflicts with other stations, then VTEX's rules, on the latest truth. */
  private preSendCheck(a: ActionRow, fresh: OrderDocument | null): Refusal | null {
    const b = believe(this.db, a.orderId, { before: a.seq });
    if (!b) {
      return refusal(
        'ORDER_NOT_IN_CACHE',
        `Order ${a.orderId} is no longer on this desk; it cannot be sent.`,
      );
    }
    const truth = fresh ?? b.truth;
    const conflict = this.conflict(a, truth);
    if (conflict) return conflict;
    return recheck(b.doc, a.request);
  }

  private conflict(a: ActionRow, truth: OrderDocument): Refusal | null {
    const r = a.request;
    if (r.kind === 'start-handling' && HANDLING_OR_LATER.includes(truth.status)) {
      return refusal(
        'CONFLICT_ALREADY_HANDLING',
        `Another station already started handling this order (it is "${truth.status}" at VTEX). Check with your team; discard this action if they have it.`,
      );
    }
    if (r.kind === 'cancel' && ['cancel', 'canceled'].includes(truth.status)) {
      return refusal(
        'CONFLICT_ALREADY_CANCELED',
        'The order was already canceled at VTEX by someone else. Discard this action.',
      );
    }
    if (r.kind === 'invoice') {
      const taken = packagesOf(truth).find((p) => p.invoiceNumber === r.body.invoiceNumber);
      if (taken) {
        return refusal(
          'CONFLICT_INVOICE_NUMBER_TAKEN',
          `VTEX already has an invoice ${r.body.invoiceNumber} on this order that this desk did not send. Edit the action with another number, or discard it.`,
        );
      }
      if (r.body.type === 'Output') {
        const ours = new Set(
          actionsOfOrder(this.db, a.orderId)
            .filter((x) => x.request.kind === 'invoice' && x.state !== 'discarded')
            .map((x) => (x.request.kind === 'invoice' ? x.request.body.invoiceNumber : '')),
        );
        const known = new Set(a.basis?.invoices ?? []);
        const foreign = outputNumbers(truth).filter((n) => !known.has(n) && !ours.has(n));
        if (foreign.length > 0) {
          return refusal(
            'CONFLICT_INVOICED_ELSEWHERE',
            `Another station invoiced this order after you queued this invoice (invoice ${foreign.join(', ')}). Check the order: retry to send yours anyway, or discard it.`,
          );
        }
      }
    }
    return null;
  }

  private async send(a: ActionRow): Promise<void> {
    const r = a.request;
    const id = a.orderId;
    switch (r.kind) {
      case 'start-handling':
        await this.vtex.startHandling(id);
        return;
      case 'record-payment':
        await this.vtex.paymentNotification(id, r.target);
        return;
      case 'invoice':
        await this.vtex.invoice(id, r.body);
        return;
      case 'tracking':
        await this.vtex.patchInvoice(
          id,
          r.target,
          completeTrackingBody(r.body, believe(this.db, id, { before: a.seq })?.doc, r.target),
        );
        return;
      case 'tracking-events':
        await this.vtex.putTracking(id, r.target, r.body);
        return;
      case 'cancel':
        await this.vtex.cancel(id, r.body);
        return;
      case 'note':
        await this.vtex.addNote(id, { description: noteDescription(r.body) });
        return;
    }
  }

  // ---- order changes --------------------------------------------------------------------------

  /**
   * A change of items is found again by its marker in VTEX's list of the order's changes, which
   * VTEX fills when it accepts the PATCH: the list settles an ambiguous send (nothing is sent twice)
   * and follows the change while VTEX applies it. The action stays open until VTEX has applied
   * it, so the order's later actions (an invoice) wait behind it: VTEX documents that an invoice
   * meeting a change being applied can leave the order broken.
   */
  private async processChange(a: ActionRow): Promise<void> {
    if (a.request.kind !== 'change') return;
    const req = a.request;
    const marker = noteMarker(a.id);
    let ours: ChangeDetailView | undefined;
    try {
      const list = await this.vtex.listChanges(a.orderId);
      ours = list.requests.find((r) => (r.reason ?? '').includes(marker));
    } catch (err) {
      this.failed(a, err, false);
      return;
    }
    if (ours) {
      await this.followChange(a, ours);
      return;
    }
    let fresh: OrderDocument;
    let preview: ChangePreviewView;
    try {
      fresh = await this.fetch(a.orderId);
      preview = await this.vtex.previewChange(a.orderId, req.body);
    } catch (err) {
      const c = classify(err, false);
      if (c.type === 'rejected') {
        this.toAttention(
          a,
          refusal('VTEX_REJECTED', `VTEX refused this change: ${vtexText(c.err.message)}`),
          c.err,
        );
      } else this.failed(a, err, false);
      return;
    }
    const blocker = this.preSendCheck(a, fresh) ?? this.consent(a, preview.totalChangeValue);
    if (blocker) {
      this.toAttention(a, blocker);
      return;
    }
    const unchanged = durably(this.db, () => {
      const cur = getAction(this.db, a.id);
      if (!cur || (cur.state !== 'queued' && cur.state !== 'sending')) return false;
      markSending(this.db, a.id, this.clock.now());
      return true;
    });
    if (!unchanged) return;
    try {
      await this.vtex.requestChange(a.orderId, req.body);
    } catch (err) {
      const c = classify(err, true);
      if (c.type === 'rejected') {
        this.toAttention(
          a,
          refusal('VTEX_REJECTED', `VTEX refused this change: ${vtexText(c.err.message)}`),
          c.err,
        );
      } else this.failed(a, err, true);
      return;
    }
    this.waitForChange(a);
  }

  /** Accepted at VTEX: look again after the settle delay, until VTEX has applied it. */
  private waitForChange(a: ActionRow): void {
    const now = this.clock.now();
    durably(this.db, () => {
      markRetry(
        this.db,
        a.id,
        now + this.settleMs,
        false,
        {
          code: 'CHANGE_BEING_APPLIED',
          message: 'VTEX accepted the change and is applying it.',
        },
        now,
      );
      refreshLocalState(this.db, a.orderId, now);
    });
    this.online = true;
    this.changed([a.orderId]);
  }

  private async followChange(a: ActionRow, ours: ChangeDetailView): Promise<void> {
    if (ours.status === 'done') {
      this.succeeded(a, a.everInDoubt ? 'found-at-vtex' : 'applied');
      await this.refreshQuietly(a.orderId);
      return;
    }
    if (ours.status === 'canceled') {
      this.toAttention(
        a,
        refusal(
          'CHANGE_CANCELED_AT_VTEX',
          `VTEX canceled this change${lastLog(ours)}. Discard it, and make a new change if it is still needed.`,
        ),
      );
      return;
    }
    if (!changeFailed(ours)) {
      this.waitForChange(a);
      return;
    }
    // Failed at VTEX. Coming back from Needs attention means a person asked to retry it.
    if (a.lastError?.code === 'CHANGE_FAILED_AT_VTEX') {
      try {
        await this.vtex.retryChange(a.orderId, ours.requestId);
      } catch (err) {
        const c = classify(err, false);
        if (c.type === 'rejected') {
          this.toAttention(
            a,
            refusal(
              'VTEX_REJECTED',
              `VTEX refused to retry this change: ${vtexText(c.err.message)}`,
            ),
            c.err,
          );
        } else this.failed(a, err, false);
        return;
      }
      this.waitForChange(a);
      return;
    }
    this.toAttention(
      a,
      refusal(
        'CHANGE_FAILED_AT_VTEX',
        `VTEX accepted the change but could not apply it${lastLog(ours)}. Retry it, or discard it and cancel it at VTEX from the order's changes.`,
      ),
    );
  }

  /**
   * Who agreed to the money: a change the worker previewed carries the value they confirmed; one
   * queued offline goes ahead only as a refund without a new SKU (its value is the order's own
   * prices). A charge, or a price the desk could not know, needs the customer.
   */
  private consent(a: ActionRow, previewed: number): Refusal | null {
    const data = (a.data ?? {}) as { approvedChangeValue?: unknown; replace?: unknown[] };
    const money = fmtCents(previewed);
    if (typeof data.approvedChangeValue === 'number') {
      return data.approvedChangeValue === previewed
        ? null
        : refusal(
            'CHANGE_VALUE_CHANGED',
            `VTEX now prices this change at ${money}; ${fmtCents(data.approvedChangeValue)} was confirmed. Preview it again on the order, or discard it.`,
          );
    }
    if (previewed > 0 || (data.replace?.length ?? 0) > 0) {
      return refusal(
        'CHANGE_NEEDS_CONSENT',
        `VTEX prices this change at ${money} (${previewed > 0 ? 'charged to the customer' : 'with a new item'}). The customer must agree: preview the change again on the order and confirm it, or discard this one.`,
      );
    }
    return null;
  }

  // ---- outcomes --------------------------------------------------------------------------------

  private succeeded(a: ActionRow, outcome: 'applied' | 'found-at-vtex'): void {
    const now = this.clock.now();
    durably(this.db, () => {
      markDone(this.db, a.id, outcome, now);
      setMeta(this.db, LAST_SUCCESS_KEY, String(now));
      refreshLocalState(this.db, a.orderId, now);
    });
    this.online = true;
    this.changed([a.orderId]);
  }

  /**
   * VTEX refused the request. Reads the order back: if an earlier attempt was in doubt and its
   * effect is there after all, the action is done; otherwise it goes to Needs attention with
   * VTEX's reason, worded for the worker when it is one of VTEX's known rules.
   */
  private async rejected(a: ActionRow, err: ActionError): Promise<void> {
    let fresh: OrderDocument | null = null;
    try {
      fresh = await this.fetch(a.orderId);
    } catch {
      // The reason VTEX gave stands on its own; the feed will bring the order's truth.
    }
    if (fresh && a.everInDoubt) {
      const notes = a.kind === 'note' ? await this.notes(a.orderId) : undefined;
      if (isApplied(fresh, a.request, a.id, notes ?? undefined) === true) {
        this.succeeded(a, 'found-at-vtex');
        return;
      }
    }
    const conflict = fresh ? this.conflict(a, fresh) : null;
    if (conflict) {
      this.toAttention(a, conflict, err);
      return;
    }
    if (err.status === 404 && a.kind !== 'tracking' && a.kind !== 'tracking-events') {
      this.toAttention(
        a,
        refusal('ORDER_UNKNOWN_AT_VTEX', `VTEX does not know order ${a.orderId}.`),
        err,
      );
      return;
    }
    // The worker's wording comes from our own rules checked on the order as VTEX shows it now,
    // never from VTEX's error code (VTEX documents few of them).
    const vtexText = err.message.includes(': ')
      ? err.message.slice(err.message.indexOf(': ') + 2)
      : err.message;
    const byRules = fresh ? recheck(fresh, a.request) : null;
    const base = byRules ?? refusal('VTEX_REJECTED', `VTEX refused this action: ${vtexText}`);
    this.toAttention(a, base, err);
  }

  private toAttention(a: ActionRow, r: Refusal, vtexErr?: ActionError): void {
    const now = this.clock.now();
    durably(this.db, () => {
      markAttention(
        this.db,
        a.id,
        {
          code: r.code,
          message: r.message,
          ...(vtexErr?.status !== undefined ? { status: vtexErr.status } : {}),
          ...(vtexErr?.vtexCode !== undefined ? { vtexCode: vtexErr.vtexCode } : {}),
        },
        now,
      );
      refreshLocalState(this.db, a.orderId, now);
    });
    this.changed([a.orderId]);
  }

  /** Transient failures, rate limits and credential problems: the action waits, nothing is lost. */
  private failed(a: ActionRow, err: unknown, sent: boolean): void {
    const c = classify(err, sent);
    if (c.type === 'forbidden') {
      this.toAttention(a, forbiddenRefusal(a.kind, c.method, c.path), c.err);
      return;
    }
    if (c.type === 'rejected') {
      // A refused READ (the order vanished at VTEX) before sending: nothing was sent.
      this.toAttention(
        a,
        c.err.status === 404
          ? refusal('ORDER_UNKNOWN_AT_VTEX', `VTEX does not know order ${a.orderId}.`)
          : refusal('VTEX_REJECTED', `VTEX refused to show this order: ${c.err.message}`),
        c.err,
      );
      return;
    }
    if (!isVtexClientError(err)) this.onError(err);
    const now = this.clock.now();
    // Still in doubt if it already was (a failed settle read) or if this send may have landed.
    const inDoubt = (!sent && a.inDoubt) || (c.type === 'transient' && c.ambiguous);
    let at: number;
    if (c.type === 'credentials') {
      this.paused = 'credentials';
      at = now;
    } else if (c.type === 'rate-limited') {
      this.rateLimitedUntil = Math.max(this.rateLimitedUntil, now + c.retryAfterMs);
      at = this.rateLimitedUntil;
    } else {
      if (c.offline) this.goOffline();
      else this.online = true;
      // `a` was read before this attempt's `sending` mark bumped attempts.
      const n = a.attempts + 1;
      const ceiling = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (n - 1));
      const jittered = Math.round(ceiling * (0.5 + this.random() / 2));
      at = now + Math.max(jittered, c.retryAfterMs ?? 0, inDoubt ? this.settleMs : 0);
    }
    durably(this.db, () => {
      markRetry(this.db, a.id, at, inDoubt, c.err, now);
      refreshLocalState(this.db, a.orderId, now);
    });
    this.changed([a.orderId]);
  }

  private goOffline(): void {
    if (this.online) {
      this.online = false;
      this.probeDelay = this.probeDelays.minMs;
      this.nextProbeAt = this.clock.now() + this.probeDelay;
    }
  }

  /** A light request to learn whether VTEX answers again. */
  private async probe(): Promise<void> {
    const oldest = listActions(this.db, { states: ['queued', 'sending'], limit: 1 })[0];
    const orderId =
      oldest?.orderId ??
      (
        this.db.prepare('SELECT order_id FROM orders LIMIT 1').get() as
          { order_id: string } | undefined
      )?.order_id;
    try {
      if (orderId) await this.fetch(orderId);
      this.notifyOnline();
    } catch (err) {
      const c = classify(err, false);
      if (c.type === 'transient' && c.offline) {
        this.probeDelay = Math.min(this.probeDelays.maxMs, this.probeDelay * 2);
        this.nextProbeAt = this.clock.now() + this.probeDelay;
        return;
      }
      if (c.type === 'credentials') this.paused = 'credentials';
      // Any HTTP answer means the network is back.
      this.notifyOnline();
    }
  }

  // ---- reading orders --------------------------------------------------------------------------

  /**
   * GET the order and store it (newest wins). An action done before the read started is
   * confirmed (its optimistic effect is no longer merged) once the newest document shows its
   * effect or contradicts it; a document still showing the order as before the action (VTEX has
   * not moved it on yet) keeps the optimistic state, and the order is read again later.
   */
  private async fetch(orderId: string): Promise<OrderDocument> {
    const startedAt = this.clock.now();
    const doc = await this.vtex.getOrder(orderId);
    this.online = true;
    durably(this.db, () => {
      upsertOrders(this.db, [doc]);
      const newest = getOrderDoc(this.db, orderId) ?? doc;
      for (const a of openChain(this.db, orderId)) {
        if (a.state !== 'done' || (a.doneAt ?? Infinity) > startedAt) continue;
        const tooOld = startedAt - (a.doneAt ?? startedAt) > OPTIMISM_LIMIT_MS;
        if (tooOld || settledBy(newest, a.request, a.id)) markConfirmedOne(this.db, a.id);
      }
      refreshLocalState(this.db, orderId, this.clock.now());
    });
    this.freshAt.set(orderId, startedAt);
    return doc;
  }

  private async refreshQuietly(orderId: string, already?: OrderDocument): Promise<void> {
    if (already) {
      this.changed([orderId]);
      return;
    }
    try {
      await this.fetch(orderId);
      this.changed([orderId]);
    } catch (err) {
      // The action is done; its effect stays merged optimistically until a later fetch.
      if (isVtexClientError(err) && err.code === 'VTEX_UNAUTHORIZED') this.paused = 'credentials';
    }
  }

  /**
   * Orders whose actions succeeded but whose VTEX document does not show them yet (offline since,
   * or VTEX still moving the order through a passing status). Read again at most every
   * `freshForMs`.
   */
  private async refreshUnconfirmed(): Promise<void> {
    if (this.paused || !this.online) return;
    const now = this.clock.now();
    for (const orderId of unconfirmedOrders(this.db, 50)) {
      if (this.busy.has(orderId)) continue;
      if ((this.freshAt.get(orderId) ?? -Infinity) > now - this.freshForMs) continue;
      if (openChain(this.db, orderId).some((x) => x.state === 'queued' || x.state === 'sending'))
        continue;
      await this.refreshQuietly(orderId);
      if (!this.online || this.paused) return;
    }
  }

  /**
   * The order's VTEX DO notes, or null when the account cannot list them (no such route, or a list
   * the desk cannot read): the note is then unknown and waits in Needs attention rather than
   * being sent twice. Other failures propagate and are classified like any call.
   */
  private async notes(orderId: string): Promise<NoteLike[] | null> {
    try {
      return await this.vtex.getNotes(orderId);
    } catch (err) {
      if (
        isVtexClientError(err) &&
        (err.status === 404 || err.status === 405 || err.code === 'VTEX_BAD_RESPONSE')
      ) {
        return null;
      }
      throw err;
    }
  }

  // ---- events ----------------------------------------------------------------------------------

  private changed(orderIds: string[]): void {
    this.onEvent({ type: 'actions-changed', orderIds });
    this.emitStatus();
  }

  private emitStatus(): void {
    const s = this.status();
    const key = JSON.stringify({ ...s, oldestPendingAgeMs: null });
    if (key === this.lastStatusKey) return;
    this.lastStatusKey = key;
    this.onEvent({ type: 'outbox-status', status: s });
  }

  // ---- one engine per database -----------------------------------------------------------------

  /**
   * Two engines draining one outbox would each send the same action. The lease names the process
   * that drains; a crashed holder (dead pid or no heartbeat for a minute) is taken over.
   */
  private takeLease(): void {
    const now = this.clock.now();
    durably(this.db, () => {
      const raw = getMeta(this.db, LEASE_KEY);
      if (raw) {
        const l = JSON.parse(raw) as { owner: string; pid: number; host: string; at: number };
        const alive =
          l.owner !== this.leaseOwner &&
          l.host === hostname() &&
          pidAlive(l.pid) &&
          l.pid !== process.pid &&
          now - l.at < 60_000;
        if (alive) throw new OutboxBusyError(`pid ${l.pid}`);
      }
      setMeta(
        this.db,
        LEASE_KEY,
        JSON.stringify({ owner: this.leaseOwner, pid: process.pid, host: hostname(), at: now }),
      );
    });
    this.lastHeartbeat = now;
  }

  private heartbeat(): void {
    const now = this.clock.now();
    if (now - this.lastHeartbeat < 10_000) return;
    this.lastHeartbeat = now;
    setMeta(
      this.db,
      LEASE_KEY,
      JSON.stringify({ owner: this.leaseOwner, pid: process.pid, host: hostname(), at: now }),
    );
  }

  private releaseLease(): void {
    try {
      const raw = getMeta(this.db, LEASE_KEY);
      if (raw && (JSON.parse(raw) as { owner: string }).owner === this.leaseOwner) {
        this.db.prepare('DELETE FROM outbox_meta WHERE key = ?').run(LEASE_KEY);
      }
    } catch {
      // Closing database: the lease expires by itself.
    }
  }
}
