import type { OrderDocument } from '../../../../vtex';
import { searchColumns } from '../search-text';
import type { Migration } from './index';

/**
 * Full-text search over the cached orders (see search-text.ts for what is indexed).
 * - Contentless (`content=''`): the text lives in `orders` already; the index only maps tokens to
 *   the order's rowid (`orders.id`, creation-ordered), which keeps file and page cache small.
 *   `contentless_delete=1` lets an upsert replace an order's entry.
 * - `prefix='1 2 3 4'`: FTS5 answers a prefix query by merging the postings of every term that
 *   starts with it, which for "m*" or "jo*" means most of the index on every keystroke. Prefix
 *   indexes keep those short prefixes a single streamed read (measured: "1*" 55 ms → 0.1 ms over
 *   100k orders), for about three times the index size.
 */
export const migration: Migration = {
  version: 20,
  name: 'search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE orders_fts USING fts5(
        order_ref, sequence, customer, items,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3 4'
      );
    `);
    // Index whatever an earlier version already cached.
    const insert = db.prepare(
      'INSERT INTO orders_fts(rowid, order_ref, sequence, customer, items) VALUES (?, ?, ?, ?, ?)',
    );
    // In pages: better-sqlite3 cannot write while an iterator over the same connection is open.
    const page = db.prepare('SELECT id, doc FROM order_docs WHERE id > ? ORDER BY id LIMIT 1000');
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = page.all(after) as { id: number; doc: string }[];
      for (const row of rows) {
        const c = searchColumns(JSON.parse(row.doc) as OrderDocument);
        insert.run(row.id, c.orderRef, c.sequence, c.customer, c.items);
        after = row.id;
      }
      if (rows.length < 1000) break;
    }
  },
};
