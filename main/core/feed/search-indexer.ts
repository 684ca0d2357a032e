import type { DeskDb } from '../db';
import { indexPendingSearch, pendingSearchCount } from '../db/search-index';

/**
 * Writes the search entries the feed's ingest deferred (see db/search-index.ts) in the background,
 * when the ingest pauses: `QUIET_MS` after the last store that deferred some, or `MAX_WAIT_MS`
 * after the first one during a long catch-up, in batches of `BATCH` orders (one transaction
 * each, a few tens of ms), yielding to the event loop between batches so a person searching or
 * opening an order is not kept waiting. An order stored in the cache is never lost to search:
 * what is pending is a table row written with the order, indexed at the next start after a crash.
 */

const QUIET_MS = 1000;
const MAX_WAIT_MS = 5000;
const BATCH = 500;

interface Indexer {
  /** Told when a background batch fails (its entries stay pending for the next run). */
  onError: (err: unknown) => void;
  timer: ReturnType<typeof setTimeout> | null;
  /** When the oldest store not yet indexed was scheduled (0: none waiting). */
  firstAt: number;
  running: boolean;
}

const indexers = new WeakMap<DeskDb, Indexer>();

function indexerOf(db: DeskDb): Indexer {
  let i = indexers.get(db);
  if (!i) {
    i = { onError: () => undefined, timer: null, firstAt: 0, running: false };
    indexers.set(db, i);
  }
  return i;
}

function run(db: DeskDb, ix: Indexer): void {
  ix.timer = null;
  ix.firstAt = 0;
  ix.running = true;
  const step = (): void => {
    try {
      // A closed cache (the desk quitting) keeps its pending rows for the next start.
      if (db.open && indexPendingSearch(db, BATCH) >= BATCH) {
        setImmediate(step);
        return;
      }
    } catch (err) {
      ix.onError(err);
    }
    ix.running = false;
  };
  step();
}

/** Where the failures of the background batches of `db` are told (the desk core's events). */
export function onSearchIndexError(db: DeskDb, onError: (err: unknown) => void): void {
  indexerOf(db).onError = onError;
}

/** Orders were stored with their search entries deferred: index them once the ingest pauses. */
export function scheduleSearchIndex(db: DeskDb): void {
  const ix = indexerOf(db);
  // A run in progress reads the pending rows again batch after batch: it takes these too.
  if (ix.running) return;
  const now = Date.now();
  if (ix.timer) clearTimeout(ix.timer);
  if (ix.firstAt === 0) ix.firstAt = now;
  const wait = Math.max(0, Math.min(QUIET_MS, ix.firstAt + MAX_WAIT_MS - now));
  ix.timer = setTimeout(() => run(db, ix), wait);
  // Never what keeps a process alive: whatever is left is indexed at the next start.
  ix.timer.unref?.();
}

/** Indexes everything pending now (a `--once` sync before it exits, tests, benchmarks). */
export function flushSearchIndex(db: DeskDb): number {
  const ix = indexerOf(db);
  if (ix.timer) clearTimeout(ix.timer);
  ix.timer = null;
  ix.firstAt = 0;
  let total = 0;
  for (let n = indexPendingSearch(db, BATCH); n > 0; n = indexPendingSearch(db, BATCH)) total += n;
  return total;
}

export { pendingSearchCount };
