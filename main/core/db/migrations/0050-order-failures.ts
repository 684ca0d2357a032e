import type { Migration } from './index';

/**
 * Orders whose fetch or processing keeps failing. After enough attempts the poller quarantines
 * the order so one poisoned order cannot block the feed; the row stays until it is cleared.
 */
export const migration: Migration = {
  version: 50,
  name: 'order-failures',
  up(db) {
    db.exec(`
      CREATE TABLE order_failures (
        order_id TEXT PRIMARY KEY,
        attempts INTEGER NOT NULL,
        last_reason TEXT NOT NULL,
        first_failed_at INTEGER NOT NULL,
        last_failed_at INTEGER NOT NULL,
        quarantined_at INTEGER,
        quarantine_reason TEXT
      ) STRICT;
      CREATE INDEX order_failures_quarantined ON order_failures(quarantined_at)
        WHERE quarantined_at IS NOT NULL;
    `);
  },
};
