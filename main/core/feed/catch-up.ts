import {
  LIST_STATUS_FILTERS,
  OPEN_STATUSES,
  type OrderDocument,
  type OrderListRow,
} from '../../../vtex';
import type { Clock } from '../clock';
import {
  optimizeSearchIndex,
  compareInstants,
  getOrder,
  listFeedEvents,
  listOrders,
  parseVtexTime,
  setSyncState,
  type DeskDb,
  type KeysetCursor,
} from '../db';
import type { CatchUpReason, CoreEvent } from '../events';
import type { VtexClient } from '../vtex/client';
import { isVtexClientError } from '../vtex/errors';
import { mapLimit, Semaphore } from '../vtex/timing';
import { storeDocuments } from './store';
import { SYNC_KEYS, type CatchUpWatermark } from './sync-state';
import { DEFAULT_FETCH_CONCURRENCY } from '../vtex/concurrency';

/** VTEX's List orders serves at most 30 pages of at most 100 rows (digest §4.2). */
export const LIST_MAX_PAGES = 30;
export const LIST_MAX_PER_PAGE = 100;

export interface CatchUpOptions {
  /** Statuses reconciled through `f_status`: those in which the desk still has work to do. */
  statuses?: readonly string[];
  /** How far back the creation-date windows reach. */
  lookbackDays?: number;
  perPage?: number;
  /** Concurrent List orders page requests. */
  listConcurrency?: number;
  /** Concurrent Get order requests (shared with the feed when `fetchSemaphore` is given). */
  fetchConcurrency?: number;
  fetchSemaphore?: Semaphore;
  /** Failures of one order document before it is quarantined. */
  quarantineAfter?: number;
  /** Documents stored per transaction. */
  storeBatch?: number;
  /** Statuses the desk's feed configuration announces (null: not ours; no shared-key check). */
  feedStatuses?: readonly string[] | null;
  /**
   * Since when the feed has announced every change (null: unknown). Only changes after it count
   * as "missed by a healthy feed".
   */
  healthySince?: number | null;
  /** Changes younger than this may still be on their way through the feed. */
  graceMs?: number;
  /** Stops the catch-up between requests (what was fetched is kept; no watermark is written). */
  signal?: AbortSignal;
}

export interface CatchUpDeps {
  db: DeskDb;
  client: VtexClient;
  clock: Clock;
  emit: (e: CoreEvent) => void;
}

export interface CatchUpResult {
  reason: CatchUpReason;
  /** Rows List orders returned (all windows, all pages). */
  listed: number;
  /** Creation-date windows queried (after splitting). */
  windows: number;
  /** Orders fetched with Get order (missing, older, or open in the cache but not listed). */
  fetched: number;
  stored: string[];
  stale: string[];
  quarantined: string[];
  /** Orders that failed but stay below the quarantine threshold. */
  failed: string[];
  /** Orders that changed while the feed was healthy, without any feed event. */
  suspected: string[];
  /** Windows that still held more than 30 × 100 rows at the 1 ms floor (rows beyond were missed). */
  truncatedWindows: number;
  startedAt: number;
  finishedAt: number;
}

interface Window {
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;

/**
 * The open statuses List orders can filter on: VTEX documents only a few `f_status` values
 * (LIST_STATUS_FILTERS); an undocumented one may be refused with 400. Orders in the other open
 * statuses (window-to-cancel, invoice) are passing through and reach a listed one soon.
 */
export const CATCH_UP_STATUSES: readonly string[] = OPEN_STATUSES.filter((s) =>
  (LIST_STATUS_FILTERS as readonly string[]).includes(s),
);

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Reconciles the cache with VTEX through List orders, for when the feed cannot be trusted to have
 * announced everything: the first start, a lost feed configuration, an outage longer than the
 * feed's retention, and a periodic audit.
 *
 * 1. List the open statuses (`f_status`) over creation-date windows. List orders serves at most
 *    30 × 100 rows per query, so a window whose `paging.total` exceeds that is split in halves,
 *    recursively, until every window fits.
 * 2. Get order for every listed order that is missing in the cache or older there, and for every
 *    order the cache holds as open that the list no longer shows (it was invoiced or canceled
 *    meanwhile).
 * 3. Store in batches, report progress, and record the watermark.
 *
 * The feed configuration must already be in place when this starts: changes that happen during
 * the catch-up are then announced by the feed, so nothing falls between the two.
 */
export async function runCatchUp(
  deps: CatchUpDeps,
  reason: CatchUpReason,
  opts: CatchUpOptions = {},
): Promise<CatchUpResult> {
  const { db, client, clock, emit } = deps;
  const statuses = (opts.statuses ?? CATCH_UP_STATUSES).filter((s) =>
    (LIST_STATUS_FILTERS as readonly string[]).includes(s),
  );
  const perPage = Math.min(LIST_MAX_PER_PAGE, opts.perPage ?? LIST_MAX_PER_PAGE);
  const maxRows = perPage * LIST_MAX_PAGES;
  const fetchSem =
    opts.fetchSemaphore ?? new Semaphore(opts.fetchConcurrency ?? DEFAULT_FETCH_CONCURRENCY);
  const listSem = new Semaphore(opts.listConcurrency ?? 4);
  const startedAt = clock.now();
  const eta = new CatchUpEta(clock);
  const progress = (phase: 'listing' | 'fetching' | 'done', done: number, total: number): void =>
    emit({
      type: 'catch-up-progress',
      reason,
      phase,
      done,
      total,
      remainingMs: phase === 'fetching' ? eta.remainingMs(done, total) : null,
    });

  // ---- 1. list -------------------------------------------------------------------------------
  progress('listing', 0, 0);
  const listed = new Map<string, OrderListRow>();
  let windows = 0;
  let truncatedWindows = 0;
  let listedSoFar = 0;

  const signal = opts.signal;
  const listPage = (w: Window, page: number, only: readonly string[]) =>
    listSem.run(() =>
      client.listOrders(
        {
          status: only,
          creationDate: { from: iso(w.from), to: iso(w.to) },
          orderBy: { field: 'creationDate', dir: 'asc' },
          page,
          perPage,
        },
        signal ? { signal } : undefined,
      ),
    );

  const listWindow = async (w: Window, only: readonly string[]): Promise<void> => {
    const first = await listPage(w, 1, only);
    if (first.paging.total > maxRows && w.to > w.from) {
      // Too many rows for one query: split the window in halves and list each.
      const mid = w.from + Math.floor((w.to - w.from) / 2);
      await Promise.all([
        listWindow({ from: w.from, to: mid }, only),
        listWindow({ from: mid + 1, to: w.to }, only),
      ]);
      return;
    }
    windows++;
    if (first.paging.total > maxRows) truncatedWindows++;
    const pages = Math.min(LIST_MAX_PAGES, Math.max(1, first.paging.pages));
    const rest = await Promise.all(
      Array.from({ length: pages - 1 }, (_, i) => listPage(w, i + 2, only)),
    );
    for (const res of [first, ...rest]) {
      for (const row of res.list) listed.set(row.orderId, row);
      listedSoFar += res.list.length;
    }
    progress('listing', listedSoFar, Math.max(listedSoFar, first.paging.total));
  };

  const now = clock.now();
  // One day ahead covers a VTEX clock that runs ahead of this machine's.
  const all: Window = { from: now - (opts.lookbackDays ?? 90) * DAY_MS, to: now + DAY_MS };
  try {
    await listWindow(all, statuses);
  } catch (err) {
    // A 400 on several statuses at once: VTEX may take only one f_status value per call.
    if (!isVtexClientError(err) || err.status !== 400 || statuses.length < 2) throw err;
    for (const s of statuses) await listWindow(all, [s]);
  }

  // ---- 2. decide what to fetch ----------------------------------------------------------------
  const toFetch: string[] = [];
  const cachedBefore = new Map<string, { status: string; lastChange: string }>();
  for (const row of listed.values()) {
    const cached = getOrder(db, row.orderId);
    if (cached)
      cachedBefore.set(row.orderId, { status: cached.status, lastChange: cached.lastChange });
    if (!cached || isNewer(row, cached)) toFetch.push(row.orderId);
  }
  // Orders the cache holds as open but VTEX no longer lists as open moved on while we did not
  // watch (invoiced, canceled, or into a status the list does not filter on).
  for (const id of cachedOpenOrderIds(db, opts.statuses ?? OPEN_STATUSES)) {
    if (listed.has(id)) continue;
    const cached = getOrder(db, id);
    if (cached) cachedBefore.set(id, { status: cached.status, lastChange: cached.lastChange });
    toFetch.push(id);
  }

  // ---- 3. fetch and store ---------------------------------------------------------------------
  const total = toFetch.length;
  progress('fetching', 0, total);
  const stored: string[] = [];
  const stale: string[] = [];
  const quarantined: string[] = [];
  const failed: string[] = [];
  const fetchedDocs: OrderDocument[] = [];
  const batch = opts.storeBatch ?? 100;
  let done = 0;
  let pending: OrderDocument[] = [];
  let pendingFailures: { orderId: string; reason: string }[] = [];

  const flush = (): void => {
    if (pending.length === 0 && pendingFailures.length === 0) return;
    const r = storeDocuments(db, pending, pendingFailures, opts.quarantineAfter ?? 5);
    stored.push(...r.stored);
    stale.push(...r.stale);
    quarantined.push(...r.quarantined);
    failed.push(...r.failed);
    if (r.stored.length) emit({ type: 'orders-changed', orderIds: r.stored, source: 'catch-up' });
    done += pending.length + pendingFailures.length;
    pending = [];
    pendingFailures = [];
    progress('fetching', done, total);
  };

  await mapLimit(toFetch, opts.fetchConcurrency ?? DEFAULT_FETCH_CONCURRENCY, async (id) => {
    if (signal?.aborted) return;
    try {
      const doc = await fetchSem.run(() => client.getOrder(id));
      pending.push(doc);
      fetchedDocs.push(doc);
    } catch (err) {
      if (isVtexClientError(err) && err.code === 'VTEX_NOT_FOUND' && !listed.has(id)) {
        // A cached order VTEX no longer serves (older than its 2-year window): nothing to update.
        done++;
        return;
      }
      if (
        isVtexClientError(err) &&
        (err.code === 'VTEX_BAD_RESPONSE' || err.code === 'VTEX_NOT_FOUND')
      ) {
        pendingFailures.push({ orderId: id, reason: err.message });
      } else {
        throw err;
      }
    }
    if (pending.length + pendingFailures.length >= batch) flush();
  });
  flush();
  signal?.throwIfAborted();

  // ---- 4. shared-key check --------------------------------------------------------------------
  const suspected = findUnannouncedChanges(db, fetchedDocs, cachedBefore, {
    healthySince: opts.healthySince ?? null,
    feedStatuses: opts.feedStatuses ?? null,
    latest: clock.now() - (opts.graceMs ?? 120_000),
  });

  const finishedAt = clock.now();
  const watermark: CatchUpWatermark = {
    at: startedAt,
    finishedAt,
    reason,
    listed: listed.size,
    fetched: total,
  };
  setSyncState(db, SYNC_KEYS.catchUp, watermark);
  // A catch-up writes many orders at once; merging the FTS segments afterwards roughly halves search
  // time. Once per catch-up, never per feed event (it costs about 1 s per 100k orders).
  if (total > 0) optimizeSearchIndex(db);
  progress('done', total, total);
  return {
    reason,
    listed: listed.size,
    windows,
    fetched: total,
    stored,
    stale,
    quarantined,
    failed,
    suspected,
    truncatedWindows,
    startedAt,
    finishedAt,
  };
}

/**
 * The time a catch-up's fetching has left, from the rate of the last minute's progress. The rate
 * is what the account's limit (shared with the other stations) lets through, so it is measured,
 * not computed from settings, and follows it when other stations come and go. Until a few seconds
 * and orders have gone by there is no estimate.
 */
export class CatchUpEta {
  private samples: { at: number; done: number }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
    private readonly minElapsedMs = 2000,
    private readonly minDone = 10,
  ) {}

  remainingMs(done: number, total: number): number | null {
    const now = this.clock.now();
    const last = this.samples.at(-1);
    if (last && done < last.done) this.samples = [];
    this.samples.push({ at: now, done });
    // Keep one sample older than the window, so the rate always spans a whole window.
    while (this.samples.length > 2 && (this.samples[1]?.at ?? now) <= now - this.windowMs)
      this.samples.shift();
    if (done >= total) return 0;
    const first = this.samples[0] as { at: number; done: number };
    const elapsed = now - first.at;
    const progressed = done - first.done;
    if (elapsed < this.minElapsedMs || progressed < this.minDone) return null;
    return Math.round(((total - done) * elapsed) / progressed);
  }
}

/** Whether a list row shows a newer state than the cache holds. */
function isNewer(row: OrderListRow, cached: { status: string; lastChange: string }): boolean {
  const rowTime = row.lastChange ? parseVtexTime(row.lastChange) : undefined;
  const cachedTime = parseVtexTime(cached.lastChange);
  if (rowTime && cachedTime) {
    const c = compareInstants(rowTime, cachedTime);
    return c > 0 || (c === 0 && row.status !== cached.status);
  }
  // Without a usable lastChange on the row, a different status is the only evidence we have.
  return row.status !== cached.status;
}

/** Every order the cache holds in one of `statuses` (keyset pages; never OFFSET). */
function cachedOpenOrderIds(db: DeskDb, statuses: readonly string[]): string[] {
  const ids: string[] = [];
  let after: KeysetCursor | null = null;
  for (;;) {
    const page = listOrders(db, {
      statuses: [...statuses],
      sort: 'creation_asc',
      limit: 500,
      after,
    });
    for (const r of page.rows) ids.push(r.orderId);
    if (!page.next) return ids;
    after = page.next;
  }
}

/**
 * Orders that reached a status the feed announces, after the feed became healthy and long enough
 * ago that the event should have arrived, without any feed event for that status: someone else
 * consumed (and committed) the event. At VTEX that happens when two stations share one appKey.
 */
function findUnannouncedChanges(
  db: DeskDb,
  docs: readonly OrderDocument[],
  cachedBefore: ReadonlyMap<string, { status: string; lastChange: string }>,
  o: { healthySince: number | null; feedStatuses: readonly string[] | null; latest: number },
): string[] {
  if (o.healthySince === null || o.feedStatuses === null) return [];
  const announced = new Set(o.feedStatuses);
  const out: string[] = [];
  for (const doc of docs) {
    if (!announced.has(doc.status)) continue;
    const before = cachedBefore.get(doc.orderId);
    if (before && before.status === doc.status) continue;
    // lastChange is at or after the status change: if even it is too young, the event may still
    // be on its way; if it is older than the healthy period, the change is not the feed's fault.
    const changed = parseVtexTime(doc.lastChange)?.ms;
    const created = parseVtexTime(doc.creationDate)?.ms;
    if (changed === undefined || changed > o.latest) continue;
    if ((before ? changed : (created ?? changed)) < o.healthySince) continue;
    const events = listFeedEvents(db, doc.orderId);
    if (events.some((e) => e.state === doc.status)) continue;
    out.push(doc.orderId);
  }
  return out.sort();
}
