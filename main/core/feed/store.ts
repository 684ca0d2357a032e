import type { FeedItem, OrderDocument } from '../../../vtex';
import {
  clearOrderFailures,
  quarantineOrder,
  recordFeedEvents,
  recordOrderFailure,
  type DeskDb,
} from '../db';
import { prepareOrders, writeOrders } from '../db/orders';
import { scheduleSearchIndex } from './search-indexer';

export type OrderOutcome =
  /** The document was newer than the cache and is stored. */
  | 'stored'
  /** The cache already held this or a newer version: nothing to do, and that is fine. */
  | 'stale'
  /** The order failed too often and was set aside; its feed items may be committed. */
  | 'quarantined'
  /** The order failed; its feed items stay uncommitted so the feed delivers them again. */
  | 'failed';

export interface StoreResult {
  outcome: Map<string, OrderOutcome>;
  stored: string[];
  stale: string[];
  quarantined: string[];
  failed: string[];
}

/** One feed batch (or catch-up page) to store: documents, failed fetches, and its feed items. */
export interface StoreBatch {
  docs: readonly OrderDocument[];
  failures: readonly { orderId: string; reason: string }[];
  itemsByOrder?: ReadonlyMap<string, readonly FeedItem[]> | undefined;
}

/**
 * Writes one batch in ONE synchronous transaction: the fetched documents (newest `lastChange`
 * wins), the feed events of the orders that were handled, cleared failure counters, and the
 * failures of documents that could not be used (quarantined after `quarantineAfter`). Only after
 * this returns may the caller commit the feed handles of handled orders: a crash before that
 * point loses nothing, the feed delivers the items again.
 */
export function storeDocuments(
  db: DeskDb,
  docs: readonly OrderDocument[],
  failures: readonly { orderId: string; reason: string }[],
  quarantineAfter: number,
  itemsByOrder?: ReadonlyMap<string, readonly FeedItem[]>,
): StoreResult {
  const [result] = storeBatches(db, [{ docs, failures, itemsByOrder }], quarantineAfter);
  if (!result) throw new Error('storeBatches returned no result');
  return result;
}

/**
 * storeDocuments for several batches in ONE transaction, with one result per batch. A document
 * the cache refuses (e.g. an unreadable date) counts as a failure of its order and does not
 * block the others.
 *
 * Nothing here opens a savepoint once the search index has been written in the transaction:
 * FTS5 flushes its pending data at every savepoint, so the feed events (whose insert is a
 * nested transaction) are written first, and the documents last, all in the one transaction.
 */
export function storeBatches(
  db: DeskDb,
  batches: readonly StoreBatch[],
  quarantineAfter: number,
): StoreResult[] {
  // Outside the transaction: pure work, and it sorts out the documents the cache refuses.
  const prepared = batches.map((b) => prepareOrders(db, b.docs));
  let deferred = false;
  const results = db.transaction((): StoreResult[] => {
    // 'handled' until the write tells stored from stale; a failure overrides it.
    const outcomes = batches.map((b, i) => {
      const outcome = new Map<string, OrderOutcome | 'handled'>();
      for (const o of prepared[i]?.orders ?? []) outcome.set(o.doc.orderId, 'handled');
      const fail = (orderId: string, reason: string): void => {
        const attempts = recordOrderFailure(db, orderId, reason);
        if (attempts >= quarantineAfter) {
          quarantineOrder(db, orderId, reason);
          outcome.set(orderId, 'quarantined');
        } else {
          outcome.set(orderId, 'failed');
        }
      };
      for (const f of prepared[i]?.invalid ?? []) fail(f.orderId, f.reason);
      for (const f of b.failures) fail(f.orderId, f.reason);
      return outcome;
    });

    const handledItems: FeedItem[] = [];
    batches.forEach((b, i) => {
      for (const [id, o] of outcomes[i] ?? []) {
        if (o !== 'handled') continue;
        clearOrderFailures(db, id);
        const items = b.itemsByOrder?.get(id);
        if (items) handledItems.push(...items);
      }
    });
    if (handledItems.length) recordFeedEvents(db, handledItems);

    // The search entries follow in larger batches (search-indexer.ts); the pending list is
    // written in this transaction, so a crash cannot lose them.
    const written = writeOrders(
      db,
      prepared.flatMap((p) => p.orders),
      { deferSearch: true },
    );
    const stored = new Set(written.stored);
    deferred = stored.size > 0;

    return outcomes.map((outcome) => {
      const final = new Map<string, OrderOutcome>();
      for (const [id, o] of outcome)
        final.set(id, o === 'handled' ? (stored.has(id) ? 'stored' : 'stale') : o);
      const pick = (o: OrderOutcome): string[] =>
        [...final].filter(([, v]) => v === o).map(([k]) => k);
      return {
        outcome: final,
        stored: pick('stored'),
        stale: pick('stale'),
        quarantined: pick('quarantined'),
        failed: pick('failed'),
      };
    });
  })();
  if (deferred) scheduleSearchIndex(db);
  return results;
}

const GROUP_WAIT_MS = 5;
const GROUP_DOCS = 40;

interface GroupEntry {
  docs: readonly OrderDocument[];
  failures: readonly { orderId: string; reason: string }[];
  itemsByOrder: ReadonlyMap<string, readonly FeedItem[]>;
  resolve: (r: StoreResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Stores the batches of concurrent feed lanes in one transaction (group commit). A commit is the
 * expensive part of a small write: it writes every touched page to the WAL once, however many
 * orders share it (10 orders a commit cost a third more CPU per order than 40). So a group waits
 * up to GROUP_WAIT_MS for the other lanes' batches, or less once GROUP_DOCS documents are in, and
 * stores them in one transaction, each batch with its own result. A document the cache refuses
 * fails only its order (see storeBatches); anything else that breaks the write (disk full…) fails
 * the whole group, whose lanes then back off and read their items again later. The promise
 * settles only after the transaction committed or rolled back, which keeps the poller's rule:
 * feed handles are committed only for durable documents.
 */
export class GroupStore {
  private queue: GroupEntry[] = [];
  private queuedDocs = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: DeskDb,
    private readonly quarantineAfter: number,
  ) {}

  store(
    docs: readonly OrderDocument[],
    failures: readonly { orderId: string; reason: string }[],
    itemsByOrder: ReadonlyMap<string, readonly FeedItem[]>,
  ): Promise<StoreResult> {
    return new Promise<StoreResult>((resolve, reject) => {
      this.queue.push({ docs, failures, itemsByOrder, resolve, reject });
      this.queuedDocs += docs.length;
      if (this.queuedDocs >= GROUP_DOCS) {
        setImmediate(() => this.flush());
      } else if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), GROUP_WAIT_MS);
      }
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const group = this.queue;
    this.queue = [];
    this.queuedDocs = 0;
    if (group.length === 0) return;
    let results: StoreResult[];
    try {
      results = storeBatches(this.db, group, this.quarantineAfter);
    } catch (error) {
      // Rolled back: nothing of the group is durable, so no lane may commit its handles.
      for (const e of group) e.reject(error);
      return;
    }
    group.forEach((e, i) => {
      const r = results[i];
      if (r) e.resolve(r);
      else e.reject(new Error('storeBatches returned no result'));
    });
  }
}
