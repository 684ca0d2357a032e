import type { Migration } from './index';

/**
 * A line of the pack check reported missing or damaged (`missing`): the item, how many units were
 * taken out through a change of items and the SKU that replaced them, if any — so the order's
 * timeline says why its items changed. SQLite cannot widen a CHECK in place: the table is built
 * again with the new kind and columns and every kept event is copied over, in this step's
 * transaction.
 */
export const migration: Migration = {
  version: 340,
  name: 'pack-missing',
  up(db) {
    db.exec(`
      CREATE TABLE pack_events_new (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('wrong', 'too-many', 'override', 'missing')),
        code TEXT,
        item_name TEXT,
        expected INTEGER,
        supervisor TEXT,
        quantity INTEGER,
        replaced_by TEXT,
        operator TEXT,
        station TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO pack_events_new
        (seq, order_id, kind, code, item_name, expected, supervisor, operator, station, at)
        SELECT seq, order_id, kind, code, item_name, expected, supervisor, operator, station, at
        FROM pack_events;
      DROP TABLE pack_events;
      ALTER TABLE pack_events_new RENAME TO pack_events;
      CREATE INDEX pack_events_order ON pack_events(order_id, seq);
    `);
  },
};
