import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../clock';
import { DeskError } from '../errors';
import { privateSqliteFile } from '../private-files';
import { assertSupportedVersion, migrate } from './migrations';

/** The desk's SQLite handle: a plain better-sqlite3 Database (query functions take it first). */
export type DeskDb = Database.Database;
export type Statement = Database.Statement;

export interface OpenDeskDbOptions {
  /** Stamps `cached_at`, `received_at`, failure times. Defaults to the system clock. */
  clock?: Clock;
  /** How long a write waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
}

const clocks = new WeakMap<DeskDb, Clock>();
const statements = new WeakMap<DeskDb, Map<string, Statement>>();

/**
 * Opens (creating if needed) the desk's order cache and brings its schema up to date.
 * Throws DeskError DB_TOO_NEW for a file written by a newer app (left untouched), DB_UNREADABLE
 * when the file is not a usable SQLite database, DB_MIGRATION_FAILED when an upgrade step fails
 * (that step is rolled back whole).
 */
export function openDeskDb(file: string, opts: OpenDeskDbOptions = {}): DeskDb {
  let db: DeskDb;
  try {
    // Customer data: readable by this OS user only (the -wal and -shm follow the file's mode).
    privateSqliteFile(file);
    db = new Database(file, { timeout: opts.busyTimeoutMs ?? 5000 });
  } catch (e) {
    throw new DeskError('DB_UNREADABLE', `${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    // Before anything writes to the file: an old app must not even switch a newer file to WAL.
    assertSupportedVersion(db, file);
  } catch (e) {
    db.close();
    if (e instanceof DeskError) throw e;
    throw new DeskError('DB_UNREADABLE', `${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    // WAL: the poller writes while screens read, without blocking each other.
    db.pragma('journal_mode = WAL');
    // NORMAL (not FULL) for the cache: in WAL mode an app crash loses nothing and a power cut can
    // only lose the last few committed transactions, never corrupt the file. Everything in this
    // cache can be fetched again from VTEX, so that trade buys much faster writes. The offline
    // actions outbox cannot be re-fetched: it will switch to `synchronous = FULL` for its writes
    // (the pragma is per connection, so it must set it on the connection it writes with).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
    db.pragma('temp_store = MEMORY');
    // 16 MiB of page cache (negative = KiB) holds the row table and hot indexes of ~100k orders;
    // the rest (documents, search index) is read through the OS file cache, which does not
    // count against the process. Measured: ~95 MB RSS with 100k orders open (bench core.*).
    db.pragma('cache_size = -16384');
  } catch (e) {
    db.close();
    throw new DeskError('DB_UNREADABLE', `${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    migrate(db, file);
  } catch (e) {
    db.close();
    throw e;
  }
  clocks.set(db, opts.clock ?? systemClock);
  return db;
}

export function closeDeskDb(db: DeskDb): void {
  statements.delete(db);
  clocks.delete(db);
  if (db.open) db.close();
}

export function clockOf(db: DeskDb): Clock {
  return clocks.get(db) ?? systemClock;
}

/** Prepared statements are cached per handle: the hot paths (search, paging) re-run the same SQL. */
export function prepared(db: DeskDb, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}
