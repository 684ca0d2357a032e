import { prepared, type DeskDb } from './connection';

/**
 * The search index entries the feed's ingest left for later (`search_pending`, written with the
 * order in one transaction, entry text included): indexed here in batches, oldest order first, so
 * FTS5 appends ascending rowids and flushes one segment per batch instead of one per feed batch.
 */

/** Orders whose search entry is still to be written. */
export function pendingSearchCount(db: DeskDb): number {
  return (prepared(db, 'SELECT count(*) AS n FROM search_pending').get() as { n: number }).n;
}

/**
 * Writes the search entries of up to `max` pending orders in ONE transaction and returns how many
 * were handled (0: nothing was pending).
 */
export function indexPendingSearch(db: DeskDb, max = 500): number {
  const page = prepared(
    db,
    `SELECT id, fresh, order_ref, sequence, customer, items FROM search_pending
     ORDER BY id LIMIT ?`,
  );
  const delFts = prepared(db, 'DELETE FROM orders_fts WHERE rowid = ?');
  const insFts = prepared(
    db,
    'INSERT INTO orders_fts(rowid, order_ref, sequence, customer, items) VALUES (?, ?, ?, ?, ?)',
  );
  const done = prepared(db, 'DELETE FROM search_pending WHERE id <= ?');
  return db.transaction((): number => {
    const rows = page.all(Math.max(1, Math.trunc(max))) as {
      id: number;
      fresh: number;
      order_ref: string;
      sequence: string;
      customer: string;
      items: string;
    }[];
    for (const r of rows) {
      if (r.fresh === 0) delFts.run(r.id);
      insFts.run(r.id, r.order_ref, r.sequence, r.customer, r.items);
    }
    const last = rows.at(-1);
    // Every pending id up to `last` was in this page (ordered by id): all are written now.
    if (last) done.run(last.id);
    return rows.length;
  })();
}
