import type { Db } from './db';
import { schema } from './db';

/**
 * Named counters of the order generator (purchases, invoice numbers), kept in the database so a
 * reopened `--db` file continues where it stopped and a control-API reset starts them afresh.
 */
function ensure(db: Db): void {
  schema(
    db,
    'CREATE TABLE IF NOT EXISTS sandbox_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)',
  );
}

export function readCounter(db: Db, name: string): number {
  ensure(db);
  const row = db.prepare('SELECT value FROM sandbox_counters WHERE name = ?').get(name) as
    { value: number } | undefined;
  return row?.value ?? 0;
}

export function writeCounter(db: Db, name: string, value: number): void {
  ensure(db);
  db.prepare(
    'INSERT INTO sandbox_counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
  ).run(name, value);
}

/** Increments and returns the counter (the first call returns `floor + 1`). */
export function nextCounter(db: Db, name: string, floor = 0): number {
  const n = Math.max(readCounter(db, name), floor) + 1;
  writeCounter(db, name, n);
  return n;
}
