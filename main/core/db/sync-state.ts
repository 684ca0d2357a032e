import { clockOf, prepared, type DeskDb } from './connection';

/**
 * Small named JSON values that sync keeps between runs. The caller owns the shape of each key
 * (the type parameter is a promise, not a check): keep values small and versionable.
 */
export function getSyncState<T>(db: DeskDb, key: string): T | undefined {
  const row = prepared(db, 'SELECT value FROM sync_state WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

/** Stores `value` as JSON under `key`; `undefined` deletes the key. */
export function setSyncState(db: DeskDb, key: string, value: unknown): void {
  if (value === undefined) {
    prepared(db, 'DELETE FROM sync_state WHERE key = ?').run(key);
    return;
  }
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`sync state "${key}" is not JSON-serialisable`);
  prepared(
    db,
    `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, json, clockOf(db).now());
}
