import type { Migration } from './index';

/**
 * The problems of the pack check, kept on the station: a scan of no item of the order (`wrong`),
 * one unit too many (`too-many`) and a supervisor counting everything as checked (`override`).
 * Local station data (VTEX has no place for them); shown in the order's timeline so a wrong
 * parcel can be traced after the dialog is closed.
 */
export const migration: Migration = {
  version: 320,
  name: 'pack-events',
  up(db) {
    db.exec(`
      CREATE TABLE pack_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('wrong', 'too-many', 'override')),
        code TEXT,
        item_name TEXT,
        expected INTEGER,
        supervisor TEXT,
        operator TEXT,
        station TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX pack_events_order ON pack_events(order_id, seq);
    `);
  },
};
