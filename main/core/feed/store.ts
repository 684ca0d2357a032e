import type { FeedItem, OrderDocument } from '../../../vtex';
import {
  clearOrderFailures,
  quarantineOrder,
  recordFeedEvents,
  recordOrderFailure,
  upsertOrders,
  type DeskDb,
} from '../db';
import { isDeskError } from '../errors';

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
  const outcome = new Map<string, OrderOutcome>();
  const fail = (orderId: string, reason: string): void => {
    const attempts = recordOrderFailure(db, orderId, reason);
    if (attempts >= quarantineAfter) {
      quarantineOrder(db, orderId, reason);
      outcome.set(orderId, 'quarantined');
    } else {
      outcome.set(orderId, 'failed');
    }
  };

  db.transaction(() => {
    let result: { stored: string[]; stale: string[] } | undefined;
    try {
      result = upsertOrders(db, [...docs]);
    } catch (err) {
      // One document the cache refuses (e.g. an unreadable date) must not block the others:
      // retry one by one, each in its own savepoint, and count the refused ones as failures.
      if (!isDeskError(err, 'ORDER_DOC_INVALID')) throw err;
      result = { stored: [], stale: [] };
      for (const doc of docs) {
        try {
          const r = upsertOrders(db, [doc]);
          result.stored.push(...r.stored);
          result.stale.push(...r.stale);
        } catch (e) {
          if (!isDeskError(e, 'ORDER_DOC_INVALID')) throw e;
          fail(doc.orderId, e.message);
        }
      }
    }
    for (const id of result.stale) outcome.set(id, 'stale');
    for (const id of result.stored) outcome.set(id, 'stored');
    for (const f of failures) fail(f.orderId, f.reason);

    const handled: FeedItem[] = [];
    for (const [id, o] of outcome) {
      if (o === 'stored' || o === 'stale') {
        clearOrderFailures(db, id);
        const items = itemsByOrder?.get(id);
        if (items) handled.push(...items);
      }
    }
    if (handled.length) recordFeedEvents(db, handled);
  })();

  const pick = (o: OrderOutcome): string[] =>
    [...outcome].filter(([, v]) => v === o).map(([k]) => k);
  return {
    outcome,
    stored: pick('stored'),
    stale: pick('stale'),
    quarantined: pick('quarantined'),
    failed: pick('failed'),
  };
}
