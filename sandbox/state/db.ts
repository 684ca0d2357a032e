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
  // Statement journals (every multi-row write inside a transaction keeps one) in memory, not in a
  // temporary file: the feed GET's UPDATE took twice as long with the file.
  db.pragma('temp_store = MEMORY');
  cacheStatements(db);
  return db;
}

export function schema(db: Db, sql: string): void {
  db.exec(sql);
}

/**
 * The state modules write their SQL inline where it is used, which reads well but would compile
 * every statement again on every request: profiling the feed GET showed `prepare` as the top
 * cost. Caching by SQL text makes inline statements free. Safe here because the sandbox only uses
 * `run`/`get`/`all` (no open iterators) and a given SQL text is always used in the same mode.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  }) as Db['prepare'];
}
