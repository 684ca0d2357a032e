import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens the sandbox's state. `:memory:` by default; a file keeps orders, feeds and hooks across
 * restarts. Each state module owns its tables and creates them idempotently through `schema()`,
 * which keeps the modules independent of one another.
 */
export function openDb(file = ':memory:'): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // The sandbox is a test double: losing the last write on power loss is acceptable, speed is not.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

export function schema(db: Db, sql: string): void {
  db.exec(sql);
}
