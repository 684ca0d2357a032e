import type { Migration } from './index';

/**
 * Feed events as received (feed v3 is at-least-once: duplicates share an `event_id` and are
 * stored once). Kept per order for the order's history and for idempotency checks.
 */
export const migration: Migration = {
  version: 30,
  name: 'feed-events',
  up(db) {
    db.exec(`
      CREATE TABLE feed_events (
        event_id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL,
        state TEXT NOT NULL,
        last_state TEXT NOT NULL,
        current_change TEXT NOT NULL,
        current_change_ms INTEGER,
        received_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX feed_events_order ON feed_events(order_id, current_change_ms);
      CREATE INDEX feed_events_received ON feed_events(received_at);
    `);
  },
};
