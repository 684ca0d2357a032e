import { systemClock, type Clock } from './clock';
import {
  countByStatus,
  countOrders,
  getSyncState,
  listQuarantined,
  type DeskDb,
  type QuarantinedOrder,
} from './db';
import {
  CoreEmitter,
  type CatchUpReason,
  type CoreEvent,
  type CoreEventOf,
  type CoreEventType,
  type SyncStatus,
} from './events';
import { runCatchUp, type CatchUpOptions, type CatchUpResult } from './feed/catch-up';
import { FeedPoller, type DrainResult, type FeedPollerOptions } from './feed/poller';
import { SyncStatusStore } from './feed/status';
import { readNumber, readWatermark, SYNC_KEYS, type CatchUpWatermark } from './feed/sync-state';
import { SyncEngine, type DrainSummary, type OutboxStatus, type SyncEngineOptions } from './outbox';
import { toFeedFilter, type FeedFilterChoice } from './settings';
import type { VtexClient } from './vtex/client';
import { realSleep, Semaphore, type Sleep } from './vtex/timing';
import { DEFAULT_FETCH_CONCURRENCY } from './vtex/concurrency';
import { onSearchIndexError, pendingSearchCount, scheduleSearchIndex } from './feed/search-indexer';

/** The sync choices a user makes in Settings (the rest are tuning knobs for tests and benches). */
export interface DeskSyncSettings {
  /** What the feed announces (Settings' `feedFilter`); default: the desk's open statuses. */
  feedFilter?: FeedFilterChoice;
  /** Replace a feed configuration someone else set for this appKey (default: report it). */
  replaceForeignFeedConfig?: boolean;
  /** Reconcile through List orders this often while the feed is healthy (0: never). */
  auditIntervalMinutes?: number;
}

export interface DeskCoreOptions {
  db: DeskDb;
  client: VtexClient;
  clock?: Clock;
  sleep?: Sleep;
  settings?: DeskSyncSettings;
  poller?: FeedPollerOptions;
  catchUp?: Omit<CatchUpOptions, 'healthySince' | 'feedStatuses' | 'signal' | 'fetchSemaphore'>;
  /** Where a throwing event listener is reported (it never breaks the core). */
  onListenerError?: (err: unknown) => void;
  /**
   * Sends the offline actions (main/core/outbox) alongside the feed. Off unless given: the
   * composition root turns it on (one engine per database; see SyncEngine's lease).
   */
  outbox?: Omit<SyncEngineOptions, 'db' | 'vtex' | 'clock' | 'sleep' | 'onEvent' | 'onError'>;
}

export interface DeskCoreSnapshot {
  status: SyncStatus;
  orders: number;
  byStatus: Record<string, number>;
  quarantined: QuarantinedOrder[];
  lastCatchUp: CatchUpWatermark | null;
  lastPollAt: number | null;
  /** The outbox's sync status, when the outbox is on. */
  outbox?: OutboxStatus;
}

export interface DeskCore {
  /** Starts the feed loop (catch-up first when due). */
  start(): void;
  /** Finishes the current cycle, then stops. */
  stop(): Promise<void>;
  /** Catch-up if due, then reads the feed until it is empty (headless `--once`). */
  drainOnce(): Promise<DrainResult>;
  /**
   * Sends the queued actions until none is pending (Needs attention does not hold it), or sending
   * pauses for credentials (headless `--once`). Null when the outbox is off.
   */
  drainOutbox(signal?: AbortSignal): Promise<DrainSummary | null>;
  /** The outbox's sync engine, when on (retry/kick after a local action, new credentials). */
  readonly outbox: SyncEngine | null;
  /** Runs a catch-up now (the feed configuration is made sure of first). */
  catchUp(reason?: CatchUpReason): Promise<CatchUpResult>;
  on<K extends CoreEventType>(type: K, listener: (e: CoreEventOf<K>) => void): () => void;
  subscribe(listener: (e: CoreEvent) => void): () => void;
  status(): SyncStatus;
  snapshot(): DeskCoreSnapshot;
  readonly running: boolean;
}

/**
 * Composes the cache, the VTEX client, the feed poller and the catch-up into the desk's sync core,
 * with one typed event stream out. Plain Node: the Electron main process, the browser host and the
 * headless `desk:sync` command all drive it the same way.
 */
export function createDeskCore(opts: DeskCoreOptions): DeskCore {
  const { db, client } = opts;
  const clock = opts.clock ?? systemClock;
  const sleep = opts.sleep ?? realSleep;
  const emitter = new CoreEmitter(opts.onListenerError);
  const emit = (e: CoreEvent): void => emitter.emit(e);
  const lastPollAt = readNumber(db, SYNC_KEYS.lastPollAt);
  const status = new SyncStatusStore(emit, {
    lastSuccessAt: lastPollAt,
    quarantined: listQuarantined(db).length,
  });
  onSearchIndexError(db, (err) =>
    emit({
      type: 'error',
      code: 'SYNC_UNEXPECTED',
      message:
        'The search index could not be brought up to date; the orders are stored and the next attempt indexes them.',
      detail: (err as Error)?.message ?? String(err),
    }),
  );
  // Orders stored before a crash whose search entries were still to be written.
  if (pendingSearchCount(db) > 0) scheduleSearchIndex(db);
  const fetchSemaphore = new Semaphore(opts.poller?.fetchConcurrency ?? DEFAULT_FETCH_CONCURRENCY);

  const doCatchUp = async (reason: CatchUpReason, signal?: AbortSignal): Promise<CatchUpResult> => {
    const healthySince = readNumber(db, SYNC_KEYS.healthySince);
    const result = await runCatchUp({ db, client, clock, emit }, reason, {
      ...opts.catchUp,
      fetchSemaphore,
      // Only a feed that announces our statuses can be blamed for a change it did not announce.
      feedStatuses: poller.configForeign ? null : poller.announcedStatuses,
      healthySince: reason === 'audit' || reason === 'manual' ? healthySince : null,
      ...(signal ? { signal } : {}),
    });
    status.update({ quarantined: listQuarantined(db).length });
    if (result.suspected.length) {
      const message = `${result.suspected.length} order(s) changed at VTEX without this desk hearing of it through the feed (${result.suspected
        .slice(0, 5)
        .join(
          ', ',
        )}${result.suspected.length > 5 ? ', …' : ''}). Another station or program may be using the same appKey (${client.appKey}) and taking its feed events; give each station its own appKey.`;
      status.warn({ code: 'SHARED_KEY_SUSPECTED', message });
      emit({
        type: 'shared-key-suspected',
        orderIds: result.suspected,
        appKey: client.appKey,
        message,
      });
    }
    return result;
  };

  const poller: FeedPoller = new FeedPoller(
    {
      db,
      client,
      clock,
      sleep,
      emit,
      status,
      fetchSemaphore,
      catchUp: async (reason, signal) => {
        await doCatchUp(reason, signal);
      },
    },
    {
      ...opts.poller,
      ...(opts.settings?.replaceForeignFeedConfig !== undefined
        ? { replaceForeignConfig: opts.settings.replaceForeignFeedConfig }
        : {}),
      ...(opts.settings?.feedFilter ? { filter: toFeedFilter(opts.settings.feedFilter) } : {}),
      ...(opts.settings?.auditIntervalMinutes !== undefined
        ? { auditIntervalMs: opts.settings.auditIntervalMinutes * 60_000 }
        : {}),
    },
  );

  const outbox = opts.outbox
    ? new SyncEngine({
        ...opts.outbox,
        db,
        vtex: client,
        clock,
        sleep,
        onEvent: emit,
        onError: (err) =>
          emit({
            type: 'error',
            code: 'SYNC_UNEXPECTED',
            message: (err as Error)?.message ?? String(err),
          }),
      })
    : null;
  if (outbox) {
    // The feed reaching VTEX again is the outbox's cue to send what waited, at once.
    let feedOnline = status.get().online;
    emitter.on('sync-status', (e) => {
      if (e.status.online && !feedOnline) outbox.notifyOnline();
      feedOnline = e.status.online;
    });
  }

  return {
    start: () => {
      poller.start();
      outbox?.start();
    },
    stop: async () => {
      await Promise.all([poller.stop(), outbox?.stop()]);
    },
    drainOnce: () => poller.drainOnce(),
    drainOutbox: async (signal) => (outbox ? outbox.runUntilDrained(signal) : null),
    get outbox() {
      return outbox;
    },
    async catchUp(reason = 'manual') {
      await poller.ensureConfig();
      return doCatchUp(reason);
    },
    on: (type, listener) => emitter.on(type, listener),
    subscribe: (listener) => emitter.subscribe(listener),
    status: () => status.get(),
    snapshot: () => ({
      status: status.get(),
      orders: countOrders(db),
      byStatus: countByStatus(db),
      quarantined: listQuarantined(db),
      lastCatchUp: readWatermark(db),
      lastPollAt: getSyncState<number>(db, SYNC_KEYS.lastPollAt) ?? null,
      ...(outbox ? { outbox: outbox.status() } : {}),
    }),
    get running() {
      return poller.running;
    },
  };
}
