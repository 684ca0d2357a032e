import { prepared, type DeskDb } from './connection';
import { rowColumns, toOrderRow, type OrderRow, type RawOrderRow } from './orders';
import { indexPendingSearch } from './search-index';
import { toMatchQuery } from './search-text';

export { toMatchQuery } from './search-text';

/** Why an order matched: an exact identifier (ranked first, in this order) or the text index. */
export type SearchMatch = 'order-id' | 'sequence' | 'ean' | 'text';

export interface SearchHit extends OrderRow {
  matchedBy: SearchMatch;
}

const SEQ_PREFIX = /^seq(\d+)$/i;
const SEARCH_CATCH_UP = 500;

/**
 * Finds cached orders by order id, sequence, customer name, email, document, SKU, EAN, refId or
 * item name. Exact hits on the order id, the sequence (also written `seq123456`, as VTEX accepts
 * it) and an EAN come first, since that is what a scanner produces; then text matches (accents
 * and case ignored), newest first: orders where every word matches a whole word, or, when there
 * are none, where the last word is only the beginning of one (search as you type, a partial scan).
 *
 * Text hits are not ranked by relevance (bm25): that needs a score for every match before the
 * first row comes out, 5–35 ms for a common name over 100k orders. Index rowids are creation-
 * ordered, so "newest first" is the index's own order and stops after `limit` hits; on a
 * warehouse desk the newest matching order is nearly always the one wanted.
 * Any input is safe: nothing the user types is passed raw into SQL or MATCH.
 */
export function searchOrders(db: DeskDb, query: string, limit = 50): SearchHit[] {
  const max = Math.min(500, Math.max(1, Math.trunc(limit) || 1));
  const text = query.normalize('NFC').trim();
  if (text === '') return [];
  // Entries the feed's ingest deferred are written first, a batch at most (a few ms; a big
  // catch-up's backlog is the background indexer's): an order just stored is found at once. Should
  // that write fail (the cache busy), the search still answers from the index as it is.
  if (!db.inTransaction) {
    try {
      indexPendingSearch(db, SEARCH_CATCH_UP);
    } catch {
      // The entries stay pending for the background indexer and the next search.
    }
  }
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  const add = (rows: RawOrderRow[], matchedBy: SearchMatch): void => {
    for (const r of rows) {
      if (hits.length >= max || seen.has(r.order_id)) continue;
      seen.add(r.order_id);
      hits.push({ ...toOrderRow(r), matchedBy });
    }
  };

  if (!/\s/.test(text) && text.length <= 64) {
    add(
      prepared(db, `SELECT ${rowColumns()} FROM orders WHERE order_id IN (?, ?)`).all(
        text,
        text.toLowerCase(),
      ) as RawOrderRow[],
      'order-id',
    );
    const sequence = SEQ_PREFIX.exec(text)?.[1] ?? text;
    // orders.id is creation-ordered, and both indexes carry it: newest first, no sort.
    add(
      prepared(
        db,
        `SELECT ${rowColumns()} FROM orders WHERE sequence = ? ORDER BY id DESC LIMIT ?`,
      ).all(sequence, max) as RawOrderRow[],
      'sequence',
    );
    add(
      prepared(
        db,
        `SELECT ${rowColumns()} FROM orders WHERE id IN (
           SELECT order_rowid FROM order_items WHERE ean = ? ORDER BY order_rowid DESC LIMIT ?)
         ORDER BY id DESC`,
      ).all(text, max) as RawOrderRow[],
      'ean',
    );
  }
  if (hits.length >= max) return hits;

  // Whole words first; only when no order matches them all does the last word count as the
  // beginning of a word (still being typed, or a partial scan). A whole token streams newest-first
  // and stops at `max`; a prefix longer than the prefix indexes makes FTS5 merge the postings of
  // every term it starts first, 3–10x slower for common words.
  const byText = prepared(
    db,
    `SELECT ${rowColumns('o')} FROM orders_fts f JOIN orders o ON o.id = f.rowid
     WHERE orders_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?`,
  );
  const whole = toMatchQuery(text, { lastWordPrefix: false });
  if (whole === undefined) return hits;
  const rows = byText.all(whole, max) as RawOrderRow[];
  add(rows.length > 0 ? rows : (byText.all(`${whole}*`, max) as RawOrderRow[]), 'text');
  return hits;
}

/**
 * Merges the search index into one segment. FTS5 appends a segment per write and merges them
 * only gradually, and every segment costs each query a lookup: after a bulk load (a catch-up of
 * thousands of orders) searches run about twice as fast once merged. Takes ~1 s per 100k orders
 * and holds the write lock meanwhile: call it after a catch-up or when the desk is idle, never
 * per feed event.
 */
export function optimizeSearchIndex(db: DeskDb): void {
  prepared(db, "INSERT INTO orders_fts(orders_fts) VALUES ('optimize')").run();
}
