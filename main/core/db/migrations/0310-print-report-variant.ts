import type { Migration } from './index';

/**
 * The print history also holds shift reports of the cash drawer (variant 'shift-report', with the
 * drawer's id in `order_id` and its number in `invoice_number`). SQLite cannot change a CHECK
 * constraint in place, so the table is rebuilt (SQLite's documented procedure: new table, copy,
 * drop, rename, indexes again). The new table is made from the stored CREATE statement with only
 * the variant's CHECK widened, so columns added by other steps are kept as they are.
 */
const OLD_CHECK = /CHECK\s*\(\s*variant\s+IN\s*\(\s*'output'\s*,\s*'return'\s*\)\s*\)/i;
const NEW_CHECK = "CHECK (variant IN ('output', 'return', 'shift-report'))";

export const migration: Migration = {
  version: 310,
  name: 'print-report-variant',
  up(db) {
    const table = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'print_jobs'")
      .get() as { sql: string } | undefined;
    if (!table) throw new Error('print_jobs is missing');
    if (!OLD_CHECK.test(table.sql)) throw new Error('print_jobs has an unexpected variant check');
    const indexes = db
      .prepare(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'print_jobs' AND sql IS NOT NULL",
      )
      .all() as { sql: string }[];
    const create = table.sql
      .replace(OLD_CHECK, NEW_CHECK)
      .replace(/^CREATE TABLE\s+"?print_jobs"?/i, 'CREATE TABLE print_jobs_new');
    db.exec(create);
    db.exec('INSERT INTO print_jobs_new SELECT * FROM print_jobs');
    db.exec('DROP TABLE print_jobs');
    db.exec('ALTER TABLE print_jobs_new RENAME TO print_jobs');
    for (const i of indexes) db.exec(i.sql);
  },
};
