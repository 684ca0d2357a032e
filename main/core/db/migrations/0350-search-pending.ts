import type { Migration } from './index';

/**
 * Orders whose search entry is still to be written. The feed's ingest stores an order's rows and
 * document at once but leaves its search index entry to a later, larger batch (see
 * search-index.ts): FTS5 flushes a segment at every commit, which cost more than the rest of a
 * small feed batch's store. A row here is written in the same transaction as the order, so a
 * crash between the two loses nothing: the next start indexes what is listed.
 * `fresh` = 1 when the order had no search entry yet (nothing to delete before inserting); the
 * text columns are the entry itself (search-text.ts), so indexing does not parse the document
 * again (parsing a 13 KB document cost as much as indexing it).
 */
export const migration: Migration = {
  version: 350,
  name: 'search-pending',
  up(db) {
    db.exec(`
      CREATE TABLE search_pending (
        id INTEGER PRIMARY KEY,
        fresh INTEGER NOT NULL,
        order_ref TEXT NOT NULL,
        sequence TEXT NOT NULL,
        customer TEXT NOT NULL,
        items TEXT NOT NULL
      ) STRICT;
    `);
  },
};
