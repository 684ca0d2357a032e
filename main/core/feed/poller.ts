import {
  FROM_WORKFLOW,
  MAXLOT_MAX,
  RETENTION_MIN_SECONDS,
  type FeedConfigRequest,
  type FeedConfigResponse,
  type FeedFilter,
  type FeedItem,
  type OrderDocument,
} from '../../../vtex';
import type { Clock } from '../clock';
import { DESK_ERRORS, isDeskError } from '../errors';
import { DEFAULT_FEED_FILTER, toFeedFilter } from '../settings';
import { getSyncState, listQuarantined, setSyncState, type DeskDb } from '../db';
import type { CatchUpReason, CoreEvent, FeedHealth } from '../events';
import type { FeedBatchItem, VtexClient } from '../vtex/client';
import { isVtexClientError, type VtexClientError } from '../vtex/errors';
import { backoffDelay, type BackoffOptions } from '../vtex/retry';
import { mapLimit, Semaphore, type Sleep } from '../vtex/timing';
import type { SyncStatusStore } from './status';
import { GroupStore } from './store';
import {
  readNumber,
  readOwnConfig,
  readWatermark,
  SYNC_KEYS,
  writeNumber,
  type OwnFeedConfig,
} from './sync-state';
import { DEFAULT_FETCH_CONCURRENCY } from '../vtex/concurrency';

export interface FeedPollerOptions {
  /** Items per feed GET (VTEX: at most 10). */
  maxlot?: number;
  /** Get order requests in flight at once, across all lanes. */
  fetchConcurrency?: number;
  /** Feed GETs processed concurrently while the backlog keeps returning full batches. */
  maxLanes?: number;
  /** Failures of one order's document before it is quarantined and its items committed. */
  quarantineAfter?: number;
  /** Waits after empty polls, in order; the last one repeats. */
  idleBackoffMs?: readonly number[];
  /** Backoff while VTEX is unreachable or failing. */
  errorBackoff?: BackoffOptions;
  /** Wait after 401/403 (the user has to fix the key; no point in hammering). */
  authRetryMs?: number;
  /** The feed filter the desk configures (Settings' choice; default: its open statuses). */
  filter?: FeedFilter;
  visibilityTimeoutSeconds?: number;
  retentionSeconds?: number;
  /** Replace a feed configuration someone else set (otherwise it is reported and consumed). */
  replaceForeignConfig?: boolean;
  /** How often the configuration is checked again while polling works. */
  configCheckIntervalMs?: number;
  /** A catch-up is due when the last poll is older than retention minus this margin. */
  retentionMarginMs?: number;
  /** Periodic reconciliation while the feed is healthy (0: never). */
  auditIntervalMs?: number;
  random?: () => number;
}

export interface FeedPollerDeps {
  db: DeskDb;
  client: VtexClient;
  clock: Clock;
  sleep: Sleep;
  emit: (e: CoreEvent) => void;
  status: SyncStatusStore;
  /** Runs the catch-up; the poller pauses while it runs. `signal` aborts it on stop(). */
  catchUp: (reason: CatchUpReason, signal: AbortSignal) => Promise<void>;
  /** Shared with the catch-up so the two never exceed the fetch bound together. */
  fetchSemaphore?: Semaphore;
}

export interface CycleResult {
  /** Items the feed GET returned. */
  received: number;
  /** Distinct orders among them. */
  orders: number;
  stored: string[];
  stale: string[];
  quarantined: string[];
  /** Orders left uncommitted for redelivery (unreadable document below the threshold). */
  failed: string[];
  /** Handles committed after the store. */
  committed: number;
}

export interface DrainResult {
  cycles: number;
  received: number;
  stored: number;
  stale: number;
  quarantined: number;
  failed: number;
  committed: number;
}

/** The feed answered 404: the configuration is gone (expired, deleted). */
class FeedConfigLost extends Error {
  constructor() {
    super('The feed configuration of this appKey is gone');
  }
}

const DEFAULT_IDLE = [1000, 2000, 5000, 10_000] as const;
const POLL_PERSIST_EVERY_MS = 5000;

/**
 * Consumes the appKey's Feed v3 queue into the cache.
 *
 * One cycle: GET feed (maxlot 10) → fetch the distinct orders concurrently (bounded) → ONE
 * transaction storing documents + feed events + failure counters → THEN commit the handles of the
 * items whose order is stored (or intentionally ignored: stale, quarantined). A crash anywhere
 * before the commit only causes a redelivery, which is harmless: duplicates and reordering are
 * normal feed input and the cache keeps the newest `lastChange`.
 *
 * The loop re-polls at once while items come (with more lanes while batches are full), backs off
 * when the feed is empty, and backs off with jitter while VTEX is unreachable.
 */
const MALFORMED_KEY = 'feed.malformedItems';
const MALFORMED_KEEP = 50;

interface MalformedFeedItem {
  at: number;
  orderId: string | null;
  handle: string | null;
  reason: string;
}

/** With someone else's feed configuration, how often List orders stands in for the feed. */
const FOREIGN_LIST_EVERY_MS = 60_000;

export class FeedPoller {
  private readonly o: Required<Omit<FeedPollerOptions, 'errorBackoff'>> & {
    errorBackoff: BackoffOptions;
  };
  private readonly fetchSem: Semaphore;
  private readonly groupStore: GroupStore;
  private stopping = false;
  private sleepAbort = new AbortController();
  private loopDone: Promise<void> | null = null;
  private configEnsured = false;
  private configCheckedAt = 0;
  private foreign = false;
  private pendingCatchUp: CatchUpReason | null = null;
  /** The catch-up running beside the feed polling, if one does. */
  private catchUpRun: Promise<void> | null = null;
  /** After a failed catch-up, when to try it again (desk clock). */
  private catchUpRetryAt = 0;
  private catchUpFailures = 0;
  private lastAuditAt: number;
  private lastPollAt = 0;
  private lastPollPersistedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: FeedPollerDeps,
    opts: FeedPollerOptions = {},
  ) {
    this.o = {
      maxlot: Math.min(MAXLOT_MAX, opts.maxlot ?? MAXLOT_MAX),
      fetchConcurrency: opts.fetchConcurrency ?? DEFAULT_FETCH_CONCURRENCY,
      maxLanes: Math.max(1, opts.maxLanes ?? 3),
      quarantineAfter: opts.quarantineAfter ?? 5,
      idleBackoffMs: opts.idleBackoffMs?.length ? opts.idleBackoffMs : DEFAULT_IDLE,
      errorBackoff: opts.errorBackoff ?? { baseDelayMs: 1000, maxDelayMs: 60_000 },
      authRetryMs: opts.authRetryMs ?? 60_000,
      filter: opts.filter ?? toFeedFilter(DEFAULT_FEED_FILTER),
      visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds ?? 300,
      retentionSeconds: opts.retentionSeconds ?? RETENTION_MIN_SECONDS,
      replaceForeignConfig: opts.replaceForeignConfig ?? false,
      configCheckIntervalMs: opts.configCheckIntervalMs ?? 10 * 60_000,
      retentionMarginMs: opts.retentionMarginMs ?? 60 * 60_000,
      auditIntervalMs: opts.auditIntervalMs ?? 30 * 60_000,
      random: opts.random ?? Math.random,
    };
    this.fetchSem = deps.fetchSemaphore ?? new Semaphore(this.o.fetchConcurrency);
    this.groupStore = new GroupStore(deps.db, this.o.quarantineAfter);
    this.lastAuditAt = deps.clock.now();
  }

  /** The statuses the configured filter announces; null for a FromOrders expression. */
  get announcedStatuses(): readonly string[] | null {
    const f = this.o.filter;
    return f.type === FROM_WORKFLOW && f.status?.length ? f.status : null;
  }

  /** Whether the configuration in place is someone else's. */
  get configForeign(): boolean {
    return this.foreign;
  }

  // ---- configuration ---------------------------------------------------------------------------

  private desiredConfig(): FeedConfigRequest {
    return {
      filter: this.o.filter,
      queue: {
        visibilityTimeoutInSeconds: this.o.visibilityTimeoutSeconds,
        MessageRetentionPeriodInSeconds: this.o.retentionSeconds,
      },
    };
  }

  private async writeOwnConfig(): Promise<void> {
    const { db, client, clock } = this.deps;
    await client.setFeedConfig(this.desiredConfig());
    const own: OwnFeedConfig = {
      filter: this.o.filter,
      visibilityTimeoutInSeconds: this.o.visibilityTimeoutSeconds,
      retentionSeconds: this.o.retentionSeconds,
      setAt: clock.now(),
    };
    db.transaction(() => {
      setSyncState(db, SYNC_KEYS.ownConfig, own);
      writeNumber(db, SYNC_KEYS.retentionSeconds, this.o.retentionSeconds);
    })();
  }

  /**
   * Makes sure the appKey has a feed configuration that announces what the desk needs. A missing
   * one is created. A configuration that someone set on purpose (not the one this desk wrote) is
   * not overwritten unless `replaceForeignConfig`, and it is never read: a commit removes an item
   * for every consumer of the appKey, so reading someone else's feed takes their events away.
   * The desk then keeps up through List orders and says so in the sync bar.
   */
  async ensureConfig(): Promise<'created' | 'ours' | 'updated' | 'foreign' | 'replaced'> {
    const { db, client, clock, status } = this.deps;
    let current: FeedConfigResponse | null;
    try {
      // The client answers null for an empty body or `null` (no configuration, like 404).
      current = await client.getFeedConfig();
    } catch (err) {
      if (!isVtexClientError(err) || err.code !== 'VTEX_NOT_FOUND') throw err;
      current = null;
    }
    const own = readOwnConfig(db);
    let result: 'created' | 'ours' | 'updated' | 'foreign' | 'replaced';
    if (!current) {
      await this.writeOwnConfig();
      // Our configuration existed before and vanished: events in between were never queued.
      if (own && !this.pendingCatchUp) this.pendingCatchUp = 'config-lost';
      writeNumber(db, SYNC_KEYS.healthySince, null);
      result = 'created';
    } else if (this.covers(current)) {
      writeNumber(db, SYNC_KEYS.retentionSeconds, current.queue.MessageRetentionPeriodInSeconds);
      result = 'ours';
    } else if (own && sameFilter(current.filter, own.filter)) {
      // Our own older configuration (the filter changed in Settings or an upgrade): update it.
      await this.writeOwnConfig();
      writeNumber(db, SYNC_KEYS.healthySince, clock.now());
      result = 'updated';
    } else if (this.o.replaceForeignConfig) {
      await this.writeOwnConfig();
      writeNumber(db, SYNC_KEYS.healthySince, clock.now());
      status.warn({
        code: 'FEED_CONFIG_REPLACED',
        message: `The feed configuration of appKey ${client.appKey} was someone else's (${describe(current)}); it was replaced as the settings allow.`,
      });
      result = 'replaced';
    } else {
      writeNumber(db, SYNC_KEYS.retentionSeconds, current.queue.MessageRetentionPeriodInSeconds);
      result = 'foreign';
    }
    this.foreign = result === 'foreign';
    if (this.foreign) status.update({ feed: 'config-foreign' });
    if (this.foreign && current) {
      status.warn({
        code: 'FEED_CONFIG_FOREIGN',
        message: `The feed of appKey ${client.appKey} is configured by someone else (${describe(current)}). Order Desk does not read it (that would take the events away from its owner) and keeps up through List orders instead, more slowly. Give this station its own appKey, or allow Order Desk to replace the configuration in Settings.`,
      });
    } else {
      status.clearWarning('FEED_CONFIG_FOREIGN');
    }
    this.configEnsured = true;
    this.configCheckedAt = clock.now();
    return result;
  }

  /**
   * Whether a configuration is the one the desk asks for. A filter that merely announces more (a
   * superset) is someone else's: it was set for another reader, whose events we must not take.
   */
  private covers(cfg: FeedConfigResponse): boolean {
    return sameFilter(cfg.filter, this.o.filter);
  }

  // ---- catch-up decisions ----------------------------------------------------------------------

  /** Why a catch-up is due now, if it is. */
  catchUpDue(): CatchUpReason | null {
    if (this.pendingCatchUp) return this.pendingCatchUp;
    const { db, clock } = this.deps;
    const mark = readWatermark(db);
    if (!mark) return 'first-start';
    const lastPoll = Math.max(this.lastPollAt, readNumber(db, SYNC_KEYS.lastPollAt) ?? 0);
    const lastSynced = Math.max(lastPoll, mark.at);
    const retentionMs =
      (readNumber(db, SYNC_KEYS.retentionSeconds) ?? this.o.retentionSeconds) * 1000;
    if (clock.now() - lastSynced > retentionMs - this.o.retentionMarginMs) return 'outage';
    return null;
  }

  private async prepare(): Promise<void> {
    const now = this.deps.clock.now();
    if (!this.configEnsured || now - this.configCheckedAt >= this.o.configCheckIntervalMs) {
      await this.ensureConfig();
    }
    const reason = this.catchUpDue();
    if (reason) this.startCatchUp(reason);
  }

  /**
   * Starts the catch-up beside the feed polling: a catch-up that fails (List orders refused, 403,
   * a 400 on a filter) must not hold the feed, whose items keep coming. Its own failure is shown
   * in the sync bar and it is tried again later, with backoff.
   */
  private startCatchUp(reason: CatchUpReason): void {
    if (this.catchUpRun || this.deps.clock.now() < this.catchUpRetryAt) return;
    this.pendingCatchUp = reason;
    this.catchUpRun = this.runCatchUp(reason)
      .then(() => {
        this.catchUpFailures = 0;
        this.deps.status.clearWarning('CATCH_UP_FAILED');
      })
      .catch((err: unknown) => {
        if (this.stopping && isAbort(err)) return;
        this.catchUpFailures++;
        this.catchUpRetryAt =
          this.deps.clock.now() +
          Math.max(1000, backoffDelay(this.catchUpFailures, this.o.errorBackoff, this.o.random));
        const what = isVtexClientError(err)
          ? err.code === 'VTEX_FORBIDDEN'
            ? 'this appKey lacks the "List Orders" resource; ask the store admin to add it'
            : err.message
          : err instanceof Error
            ? err.message
            : String(err);
        this.deps.status.warn({
          code: 'CATCH_UP_FAILED',
          message: `Checking VTEX's order list failed (${what}). New changes still arrive through the feed; the check is tried again.`,
        });
        if (isVtexClientError(err)) {
          this.deps.emit({
            type: 'error',
            code: err.code,
            message: DESK_ERRORS[err.code].message,
            detail: err.message,
          });
        }
      })
      .finally(() => {
        this.catchUpRun = null;
      });
  }

  private async runCatchUp(reason: CatchUpReason): Promise<void> {
    const { db, clock, status } = this.deps;
    const startedAt = clock.now();
    await this.deps.catchUp(reason, this.sleepAbort.signal);
    this.pendingCatchUp = null;
    this.lastAuditAt = clock.now();
    if (reason !== 'audit' && reason !== 'manual') {
      // The configuration was in place before the catch-up listed VTEX: from its start on, the
      // feed announces every change.
      writeNumber(db, SYNC_KEYS.healthySince, this.foreign ? null : startedAt);
    }
    // It listed and fetched from VTEX: online, whatever the state before.
    status.update({ online: true });
  }

  /** Waits for the catch-up running beside the polling, if any (its failure is already shown). */
  async settleCatchUp(): Promise<void> {
    await this.catchUpRun;
  }

  private healthyFeedState(): FeedHealth {
    return this.foreign ? 'config-foreign' : 'ok';
  }

  // ---- one cycle -------------------------------------------------------------------------------

  private async poll(signal?: AbortSignal): Promise<FeedBatchItem[]> {
    const { client, db, clock, status } = this.deps;
    let items: FeedBatchItem[];
    try {
      // The loop has its own backoff and status reporting: no retries inside the call.
      items = await client.getFeed(this.o.maxlot, { retries: 0, ...(signal ? { signal } : {}) });
    } catch (err) {
      if (isVtexClientError(err) && err.code === 'VTEX_NOT_FOUND') throw new FeedConfigLost();
      throw err;
    }
    const now = clock.now();
    this.lastPollAt = now;
    // Persisted at most every few seconds: it only matters across restarts, where it is compared
    // with a retention of days, and a write per poll would double the transactions under load.
    const becameHealthy =
      readNumber(db, SYNC_KEYS.healthySince) === null &&
      !this.foreign &&
      readWatermark(db) !== null;
    if (becameHealthy || now - this.lastPollPersistedAt >= POLL_PERSIST_EVERY_MS) {
      db.transaction(() => {
        writeNumber(db, SYNC_KEYS.lastPollAt, now);
        if (becameHealthy) writeNumber(db, SYNC_KEYS.healthySince, now);
      })();
      this.lastPollPersistedAt = now;
    }
    status.update({
      online: true,
      lastSuccessAt: now,
      feed: this.healthyFeedState(),
      rateLimitedUntil: null,
    });
    return items;
  }

  /** One GET → fetch → store → commit. Throws on a failed GET or commit. */
  async cycle(signal?: AbortSignal): Promise<CycleResult> {
    const batch = await this.poll(signal);
    const items: FeedItem[] = batch.filter((i) => i.malformed === undefined);
    const malformed = batch.filter((i) => i.malformed !== undefined);
    if (malformed.length) await this.setAside(malformed);
    const result: CycleResult = {
      received: batch.length,
      orders: 0,
      stored: [],
      stale: [],
      quarantined: [],
      failed: [],
      committed: 0,
    };
    if (items.length === 0) return result;

    const byOrder = new Map<string, FeedItem[]>();
    for (const it of items) {
      const list = byOrder.get(it.orderId);
      if (list) list.push(it);
      else byOrder.set(it.orderId, [it]);
    }
    result.orders = byOrder.size;

    const docs: OrderDocument[] = [];
    const failures: { orderId: string; reason: string }[] = [];
    let transient: VtexClientError | null = null;
    await mapLimit([...byOrder.keys()], this.o.fetchConcurrency, async (orderId) => {
      try {
        docs.push(await this.fetchSem.run(() => this.deps.client.getOrder(orderId)));
      } catch (err) {
        if (!isVtexClientError(err)) throw err;
        if (err.code === 'VTEX_BAD_RESPONSE' || err.code === 'VTEX_NOT_FOUND') {
          failures.push({ orderId, reason: err.message });
        } else {
          // Network, timeout, 5xx, 429: not the document's fault. Leave its items for later.
          transient ??= err;
        }
      }
    });

    // Shares one transaction with the batches other lanes hand in at the same time.
    const stored = await this.groupStore.store(docs, failures, byOrder);
    result.stored = stored.stored;
    result.stale = stored.stale;
    result.quarantined = stored.quarantined;
    result.failed = stored.failed;
    if (stored.stored.length) {
      this.deps.emit({ type: 'orders-changed', orderIds: stored.stored, source: 'feed' });
    }
    // New quarantines, or a success that may have lifted one (storeDocuments clears failures).
    if (stored.quarantined.length || this.deps.status.get().quarantined > 0)
      this.reportQuarantine();

    // Only now, with the documents durable, may VTEX forget the items.
    const handles: string[] = [];
    for (const [orderId, list] of byOrder) {
      const o = stored.outcome.get(orderId);
      if (o === 'stored' || o === 'stale' || o === 'quarantined') {
        for (const it of list) handles.push(it.handle);
      }
    }
    if (handles.length) {
      await this.deps.client.commitFeed(handles);
      result.committed = handles.length;
    }
    if (transient) throw transient;
    return result;
  }

  /**
   * Items that do not parse are set aside (kept in the sync state for a look, shown in the sync
   * bar) and committed, so one bad item never holds the rest of the feed. The order they name, if
   * any, is fetched by the next catch-up like any order the feed may have missed.
   */
  private async setAside(items: FeedBatchItem[]): Promise<void> {
    const { db, client, status } = this.deps;
    const kept = getSyncState<MalformedFeedItem[]>(db, MALFORMED_KEY) ?? [];
    const now = this.deps.clock.now();
    const next = [
      ...kept,
      ...items.map((i) => ({
        at: now,
        orderId: i.orderId || null,
        handle: i.handle || null,
        reason: i.malformed ?? '',
      })),
    ].slice(-MALFORMED_KEEP);
    setSyncState(db, MALFORMED_KEY, next);
    status.warn({
      code: 'FEED_ITEMS_MALFORMED',
      message: `${next.length} feed item(s) could not be read and were set aside (${next
        .slice(-3)
        .map((m) => m.orderId ?? 'no order id')
        .join(
          ', ',
        )}); the rest of the feed goes on, and the next check of VTEX's order list covers those orders.`,
    });
    const handles = items.map((i) => i.handle).filter((h) => h !== '');
    if (handles.length) await client.commitFeed(handles);
  }

  private reportQuarantine(): void {
    const q = listQuarantined(this.deps.db);
    this.deps.status.update({ quarantined: q.length });
    if (q.length) {
      this.deps.status.warn({
        code: 'ORDERS_QUARANTINED',
        message: `${q.length} order(s) could not be read from VTEX and were set aside: ${q
          .slice(0, 5)
          .map((x) => x.orderId)
          .join(', ')}${q.length > 5 ? ', …' : ''}`,
      });
    } else {
      this.deps.status.clearWarning('ORDERS_QUARANTINED');
    }
  }

  // ---- drain and loop --------------------------------------------------------------------------

  /**
   * Cycles while the feed keeps returning full batches, in up to `maxLanes` concurrent lanes: a
   * lane that gets a full batch starts another one (up to the limit), a lane that gets less than
   * a full batch ends. Lanes run independently, so one lane's store and commit overlap another's
   * fetches. Resolves once every lane has finished its cycle, with the first error if any.
   */
  private async burst(signal?: AbortSignal): Promise<{ total: DrainResult; error: unknown }> {
    const total = emptyDrain();
    let active = 0;
    let error: unknown = null;
    const lanes: Promise<void>[] = [];
    const lane = async (): Promise<void> => {
      active++;
      try {
        while (error === null && !this.stopping) {
          const r = await this.cycle(signal);
          addCycle(total, r);
          if (r.received < this.o.maxlot) return;
          if (active < this.o.maxLanes) lanes.push(lane());
        }
      } catch (e) {
        error ??= e;
      } finally {
        active--;
      }
    };
    lanes.push(lane());
    // `lanes` grows while we wait; every lane must finish before the caller moves on (or stop()
    // returns and the database closes under a lane still writing).
    for (let i = 0; i < lanes.length; i++) await lanes[i];
    return { total, error };
  }

  /**
   * Catch-up if due, then reads the feed until a GET comes back empty (the `--once` mode and
   * tests). Transient failures are retried with backoff up to `maxErrors` times in a row, then
   * thrown.
   */
  async drainOnce(maxErrors = 5): Promise<DrainResult> {
    const total = emptyDrain();
    let errors = 0;
    this.stopping = false;
    if (this.sleepAbort.signal.aborted) this.sleepAbort = new AbortController();
    // stop() ends a drain too, after the cycle in progress.
    while (!this.stopping) {
      try {
        await this.prepare();
        // Someone else's feed is never read; the catch-up alone keeps the cache current.
        let t = emptyDrain();
        if (!this.foreign) {
          const r = await this.burst();
          t = r.total;
          addDrain(total, t);
          if (r.error !== null) throw r.error;
        }
        errors = 0;
        if (t.received === 0) {
          await this.settleCatchUp();
          // A failed catch-up is tried again here, up to `maxErrors` times: `--once` and tests
          // want it done, where the loop would retry it later beside the polling.
          if (this.pendingCatchUp && this.catchUpFailures > 0 && this.catchUpFailures < maxErrors) {
            await this.pause(Math.max(0, this.catchUpRetryAt - this.deps.clock.now()));
            continue;
          }
          return total;
        }
      } catch (err) {
        if (err instanceof FeedConfigLost) {
          this.onConfigLost();
          continue;
        }
        errors++;
        this.reportError(err);
        if (errors >= maxErrors || !isTransient(err)) throw err;
        await this.pause(this.errorDelay(err, errors));
      }
    }
    return total;
  }

  private onConfigLost(): void {
    this.configEnsured = false;
    this.pendingCatchUp = 'config-lost';
    writeNumber(this.deps.db, SYNC_KEYS.healthySince, null);
    this.deps.status.update({ feed: 'config-missing' });
  }

  /** Starts the loop (idempotent). */
  start(): void {
    if (this.loopDone) return;
    this.stopping = false;
    this.sleepAbort = new AbortController();
    this.loopDone = this.loop().finally(() => {
      this.loopDone = null;
    });
  }

  /** Lets the current cycle finish (its store and commit), then ends the loop or the drain. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sleepAbort.abort(new Error('stopping'));
    await this.loopDone;
    await this.catchUpRun;
    this.deps.status.update({ feed: 'stopped' });
  }

  get running(): boolean {
    return this.loopDone !== null;
  }

  private async pause(ms: number): Promise<void> {
    try {
      await this.deps.sleep(ms, this.sleepAbort.signal);
    } catch {
      // Aborted by stop(): the loop condition ends the loop.
    }
  }

  private async loop(): Promise<void> {
    let idle = 0;
    let errors = 0;
    while (!this.stopping) {
      try {
        await this.prepare();
        if (this.stopping) break;
        if (this.foreign) {
          // Someone else's feed: never read it. List orders keeps the cache current instead,
          // and the configuration is looked at again later.
          this.deps.status.update({ feed: 'config-foreign' });
          const now = this.deps.clock.now();
          if (!this.catchUpRun && now - this.lastAuditAt >= FOREIGN_LIST_EVERY_MS) {
            this.lastAuditAt = now;
            this.startCatchUp('audit');
          }
          await this.pause(this.o.idleBackoffMs.at(-1) ?? 5000);
          continue;
        }
        const { total, error } = await this.burst(this.sleepAbort.signal);
        if (error !== null) throw error;
        errors = 0;
        if (total.received > 0) {
          // Items came: poll again at once.
          idle = 0;
          continue;
        }
        if (await this.auditIfDue()) continue;
        const waits = this.o.idleBackoffMs;
        await this.pause(waits[Math.min(idle, waits.length - 1)] ?? 1000);
        idle++;
      } catch (err) {
        if (this.stopping && isAbort(err)) break;
        if (err instanceof FeedConfigLost) {
          this.onConfigLost();
          continue;
        }
        errors++;
        this.reportError(err);
        await this.pause(this.errorDelay(err, errors));
      }
    }
  }

  private async auditIfDue(): Promise<boolean> {
    if (this.o.auditIntervalMs <= 0 || this.catchUpRun) return false;
    if (this.deps.clock.now() - this.lastAuditAt < this.o.auditIntervalMs) return false;
    this.lastAuditAt = this.deps.clock.now();
    this.startCatchUp('audit');
    return false;
  }

  private errorDelay(err: unknown, attempt: number): number {
    if (isVtexClientError(err)) {
      if (err.code === 'VTEX_RATE_LIMITED') {
        return Math.max(
          err.retryAfterMs ?? 60_000,
          this.deps.client.rateLimitedUntil - this.deps.clock.now(),
        );
      }
      if (err.code === 'VTEX_UNAUTHORIZED' || err.code === 'VTEX_FORBIDDEN')
        return this.o.authRetryMs;
    }
    // At least a short pause, so a permanently failing VTEX never turns into a busy loop.
    return Math.max(250, backoffDelay(attempt, this.o.errorBackoff, this.o.random));
  }

  private reportError(err: unknown): void {
    const { status, emit, clock } = this.deps;
    if (isVtexClientError(err)) {
      const feed: FeedHealth =
        err.code === 'VTEX_NETWORK' || err.code === 'VTEX_TIMEOUT'
          ? 'offline'
          : err.code === 'VTEX_RATE_LIMITED'
            ? 'rate-limited'
            : err.code === 'VTEX_UNAUTHORIZED'
              ? 'unauthorized'
              : err.code === 'VTEX_FORBIDDEN'
                ? 'forbidden'
                : 'server-error';
      status.update({
        online: feed !== 'offline',
        feed,
        rateLimitedUntil:
          feed === 'rate-limited' ? clock.now() + (err.retryAfterMs ?? 60_000) : null,
      });
      emit({
        type: 'error',
        code: err.code,
        message: DESK_ERRORS[err.code].message,
        detail: err.message,
      });
      return;
    }
    if (isDeskError(err)) {
      emit({
        type: 'error',
        code: err.code,
        message: err.userMessage,
        detail: err.detail ?? err.message,
      });
      return;
    }
    emit({
      type: 'error',
      code: 'SYNC_FAILED',
      message: DESK_ERRORS.SYNC_FAILED.message,
      detail: err instanceof Error ? err.message : String(err),
    });
  }
}

function emptyDrain(): DrainResult {
  return { cycles: 0, received: 0, stored: 0, stale: 0, quarantined: 0, failed: 0, committed: 0 };
}

function addCycle(total: DrainResult, r: CycleResult): void {
  total.cycles++;
  total.received += r.received;
  total.stored += r.stored.length;
  total.stale += r.stale.length;
  total.quarantined += r.quarantined.length;
  total.failed += r.failed.length;
  total.committed += r.committed;
}

function addDrain(total: DrainResult, t: DrainResult): void {
  for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += t[k];
}

function isTransient(err: unknown): boolean {
  return isVtexClientError(err) && err.retryable;
}

function isAbort(err: unknown): boolean {
  return (
    (err instanceof Error && (err.name === 'AbortError' || err.message === 'stopping')) ||
    (err instanceof DOMException && err.name === 'AbortError')
  );
}

/** Two filters announce the same events (status order and casing of absent fields aside). */
function sameFilter(a: FeedFilter, b: FeedFilter): boolean {
  if (a.type !== b.type) return false;
  if (a.type === FROM_WORKFLOW) {
    const x = [...(a.status ?? [])].sort();
    const y = [...(b.status ?? [])].sort();
    return x.length === y.length && x.every((s, i) => s === y[i]);
  }
  return (
    (a.expression ?? '') === (b.expression ?? '') && !!a.disableSingleFire === !!b.disableSingleFire
  );
}

function describe(cfg: FeedConfigResponse): string {
  if (cfg.filter.type === FROM_WORKFLOW) {
    const s = cfg.filter.status ?? [];
    return `FromWorkflow: ${s.length ? s.join(', ') : 'all statuses'}`;
  }
  return `FromOrders: ${cfg.filter.expression ?? ''}`;
}
