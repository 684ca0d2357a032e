import type { Migration } from './index';

/** Small JSON values the feed poller and catch-up keep between runs (cursors, last success). */
export const migration: Migration = {
  version: 40,
  name: 'sync-state',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
