import type Database from 'better-sqlite3';
import { DeskError } from '../../errors';
import { migration as orders } from './0010-orders';
import { migration as search } from './0020-search';
import { migration as feedEvents } from './0030-feed-events';
import { migration as syncState } from './0040-sync-state';
import { migration as orderFailures } from './0050-order-failures';
import { migration as outbox } from './0100-outbox';
import { migration as printJobs } from './0200-print-jobs';
import { migration as printSpooler } from './0210-print-spooler';
import { migration as cashDrawer } from './0300-cash-drawer';
import { migration as printReportVariant } from './0310-print-report-variant';
import { migration as packEvents } from './0320-pack-events';
import { migration as counterSales } from './0330-counter-sales';
import { migration as packMissing } from './0340-pack-missing';
import { migration as searchPending } from './0350-search-pending';

/** One schema step. `version` is the file's number and becomes the DB's `user_version`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs inside the step's transaction; must be synchronous and must not commit. */
  up(db: Database.Database): void;
}

/** Every migration, oldest first. Append only: a shipped step is never edited or reordered. */
export const MIGRATIONS: readonly Migration[] = [
  orders,
  search,
  feedEvents,
  syncState,
  orderFailures,
  outbox,
  printJobs,
  printSpooler,
  cashDrawer,
  printReportVariant,
  packEvents,
  counterSales,
  packMissing,
  searchPending,
];

for (let i = 1; i < MIGRATIONS.length; i++) {
  const prev = MIGRATIONS[i - 1];
  const cur = MIGRATIONS[i];
  if (prev && cur && cur.version <= prev.version) {
    throw new Error(`migrations out of order: ${cur.version} after ${prev.version}`);
  }
}

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Refuses a database written by a newer app before anything touches the file: an old app must
 * not "repair" tables it does not know.
 */
export function assertSupportedVersion(db: Database.Database, file: string): void {
  const version = userVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new DeskError(
      'DB_TOO_NEW',
      `${file} has schema version ${version}; this Order Desk knows up to ${SCHEMA_VERSION}`,
    );
  }
}

/**
 * Applies the missing steps in order, each in its own IMMEDIATE transaction that also bumps
 * `user_version`, so a crash or a failing step leaves the DB at the last complete version. The
 * version is re-read inside the transaction: a second process opening the same file at the same
 * moment skips the steps the first one already applied.
 */
export function migrate(db: Database.Database, file: string): void {
  assertSupportedVersion(db, file);
  for (const m of MIGRATIONS) {
    if (userVersion(db) >= m.version) continue;
    try {
      db.transaction(() => {
        if (userVersion(db) >= m.version) return;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } catch (e) {
      throw new DeskError(
        'DB_MIGRATION_FAILED',
        `${file}: step ${String(m.version).padStart(4, '0')}-${m.name}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }
}
