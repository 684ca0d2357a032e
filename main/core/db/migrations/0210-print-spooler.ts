import type { Migration } from './index';

/**
 * Printing through the OS spooler, and slips that wait for VTEX.
 *
 * print_jobs gains `reason_code` (a stable code for why a print failed, which the screens put in
 * words in the worker's language; `reason` keeps the detail, e.g. the printer's own message),
 * `provisional` (the slip was printed before VTEX accepted its invoice, and says so on paper) and
 * `spooler_job` (the spooler's job id, e.g. "Receipt-42", to find the job at the printer).
 *
 * Failed jobs recorded before this step get the code their fixed reason stood for.
 *
 * print_waits holds the automatic prints that wait for an invoice to be confirmed at VTEX: one
 * row per invoice action. It outlives a restart, so a slip for an invoice sent after the station
 * came back still prints; `provisional_job` is the marked slip printed meanwhile while offline.
 */
export const migration: Migration = {
  version: 210,
  name: 'print-spooler',
  up(db) {
    db.exec(`
      ALTER TABLE print_jobs ADD COLUMN reason_code TEXT;
      ALTER TABLE print_jobs ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0
        CHECK (provisional IN (0, 1));
      ALTER TABLE print_jobs ADD COLUMN spooler_job TEXT;
      CREATE TABLE print_waits (
        action_id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL,
        invoice_number TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('thermal', 'sheet')),
        provisional_job TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      UPDATE print_jobs SET reason_code = CASE
          WHEN reason = 'printer not found' THEN 'printer-not-found'
          WHEN reason = 'canceled in the print dialog' THEN 'canceled'
          WHEN reason LIKE 'this window cannot print%' THEN 'no-printing'
          WHEN reason LIKE 'interrupted:%' THEN 'interrupted'
          WHEN reason LIKE 'the slip could not be made:%' THEN 'slip-failed'
          ELSE 'printer-error'
        END
        WHERE state = 'failed';
    `);
  },
};
