import type { Migration } from './index';

/**
 * The print queue and history (issue 6): one row per slip sent to a printer, whether it printed
 * or not, so a lost slip can be found and printed again and a failure is never silent.
 *
 * `seq` orders the history (newest first on screen, keyset paging); `id` is what the screens and
 * reprints name. `reprint_of` links a reprint to the job it repeats. `pdf_path` is the copy saved
 * in the data folder (slips/), which reprints offline even if the order left the cache.
 */
export const migration: Migration = {
  version: 200,
  name: 'print-jobs',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        order_id TEXT NOT NULL,
        invoice_number TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('thermal', 'sheet')),
        variant TEXT NOT NULL CHECK (variant IN ('output', 'return')),
        locale TEXT NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'auto', 'reprint')),
        reprint_of TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'printed', 'failed')),
        reason TEXT,
        printer TEXT,
        copies INTEGER NOT NULL CHECK (copies BETWEEN 1 AND 10),
        pdf_path TEXT,
        html_path TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX print_jobs_order ON print_jobs(order_id, seq);
      CREATE INDEX print_jobs_state ON print_jobs(state, seq) WHERE state <> 'printed';
    `);
  },
};
