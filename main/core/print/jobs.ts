import type { DeskDb } from '../db';
import { prepared } from '../db/connection';
import type { SlipKind, SlipVariant } from './slip-model';

/**
 * The print history table (migration 0200): synchronous queries, db handle first, like every
 * other store of the desk. A job row is written before anything is rendered or printed, so even
 * a crash mid-print leaves a trace.
 */

export const PRINT_JOB_STATES = ['queued', 'printed', 'failed'] as const;
export type PrintJobState = (typeof PRINT_JOB_STATES)[number];
/** What a job printed: an invoice slip (sale or return) or a cash drawer's shift report. */
export type JobVariant = SlipVariant | 'shift-report';

export const PRINT_TRIGGERS = ['manual', 'auto', 'reprint'] as const;
export type PrintTrigger = (typeof PRINT_TRIGGERS)[number];

export interface PrintJob {
  id: string;
  /** Position in the history (grows by one per job). */
  seq: number;
  orderId: string;
  invoiceNumber: string;
  kind: SlipKind;
  variant: JobVariant;
  locale: string;
  trigger: PrintTrigger;
  /** The job this one printed again. */
  reprintOf: string | null;
  state: PrintJobState;
  /** Why it failed, as detail ("Out of paper", …); null otherwise. */
  reason: string | null;
  /** Why it failed, as a stable code the screens put in words (PrintFailureCode). */
  reasonCode: string | null;
  /** Printed before VTEX accepted the invoice: the paper is marked PROVISIONAL. */
  provisional: boolean;
  /** The spooler's id of the job (CUPS "Printer-42"), once handed to it. */
  spoolerJob: string | null;
  /** The system printer it went to; null until one was chosen. */
  printer: string | null;
  copies: number;
  /** The saved PDF, relative to the data folder. */
  pdfPath: string | null;
  /** The saved HTML (what a reprint prints when the order is no longer cached), relative. */
  htmlPath: string | null;
  createdAt: number;
  updatedAt: number;
}

interface RawJob {
  seq: number;
  id: string;
  order_id: string;
  invoice_number: string;
  kind: SlipKind;
  variant: JobVariant;
  locale: string;
  trigger: PrintTrigger;
  reprint_of: string | null;
  state: PrintJobState;
  reason: string | null;
  reason_code: string | null;
  provisional: number;
  spooler_job: string | null;
  printer: string | null;
  copies: number;
  pdf_path: string | null;
  html_path: string | null;
  created_at: number;
  updated_at: number;
}

function toJob(r: RawJob): PrintJob {
  return {
    id: r.id,
    seq: r.seq,
    orderId: r.order_id,
    invoiceNumber: r.invoice_number,
    kind: r.kind,
    variant: r.variant,
    locale: r.locale,
    trigger: r.trigger,
    reprintOf: r.reprint_of,
    state: r.state,
    reason: r.reason,
    reasonCode: r.reason_code,
    provisional: r.provisional === 1,
    spoolerJob: r.spooler_job,
    printer: r.printer,
    copies: r.copies,
    pdfPath: r.pdf_path,
    htmlPath: r.html_path,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface NewPrintJob {
  id: string;
  orderId: string;
  invoiceNumber: string;
  kind: SlipKind;
  variant: JobVariant;
  locale: string;
  trigger: PrintTrigger;
  reprintOf: string | null;
  copies: number;
  printer: string | null;
  provisional?: boolean;
  now: number;
}

export function insertPrintJob(db: DeskDb, j: NewPrintJob): PrintJob {
  prepared(
    db,
    `INSERT INTO print_jobs (id, order_id, invoice_number, kind, variant, locale, trigger,
       reprint_of, state, printer, copies, provisional, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
  ).run(
    j.id,
    j.orderId,
    j.invoiceNumber,
    j.kind,
    j.variant,
    j.locale,
    j.trigger,
    j.reprintOf,
    j.printer,
    j.copies,
    j.provisional ? 1 : 0,
    j.now,
    j.now,
  );
  const job = getPrintJob(db, j.id);
  if (!job) throw new Error(`print job ${j.id} vanished after insert`);
  return job;
}

export interface PrintJobPatch {
  state?: PrintJobState;
  reason?: string | null;
  reasonCode?: string | null;
  spoolerJob?: string | null;
  printer?: string | null;
  pdfPath?: string | null;
  htmlPath?: string | null;
}

const PATCH_COLUMNS = {
  state: 'state',
  reason: 'reason',
  reasonCode: 'reason_code',
  spoolerJob: 'spooler_job',
  printer: 'printer',
  pdfPath: 'pdf_path',
  htmlPath: 'html_path',
} as const satisfies Record<keyof PrintJobPatch, string>;

export function updatePrintJob(
  db: DeskDb,
  id: string,
  patch: PrintJobPatch,
  now: number,
): PrintJob {
  const keys = (Object.keys(PATCH_COLUMNS) as (keyof PrintJobPatch)[]).filter(
    (k) => patch[k] !== undefined,
  );
  const sets = keys.map((k) => `${PATCH_COLUMNS[k]} = ?`);
  prepared(db, `UPDATE print_jobs SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ?`).run(
    ...keys.map((k) => patch[k] ?? null),
    now,
    id,
  );
  const job = getPrintJob(db, id);
  if (!job) throw new Error(`print job ${id} not found`);
  return job;
}

export function getPrintJob(db: DeskDb, id: string): PrintJob | undefined {
  const r = prepared(db, 'SELECT * FROM print_jobs WHERE id = ?').get(id) as RawJob | undefined;
  return r ? toJob(r) : undefined;
}

export interface ListPrintJobsQuery {
  orderId?: string;
  state?: PrintJobState;
  /** Keyset cursor: jobs older than this `seq`. */
  before?: number;
  limit?: number;
}

export interface PrintJobPage {
  jobs: PrintJob[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: number | null;
}

export const MAX_JOBS_PAGE = 200;

/** The print history, newest first, optionally for one order or one state. */
export function listPrintJobs(db: DeskDb, q: ListPrintJobsQuery = {}): PrintJobPage {
  const limit = Math.min(Math.max(1, Math.trunc(q.limit ?? 50)), MAX_JOBS_PAGE);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.orderId !== undefined) {
    where.push('order_id = ?');
    params.push(q.orderId);
  }
  if (q.state !== undefined) {
    where.push('state = ?');
    params.push(q.state);
  }
  if (q.before !== undefined) {
    where.push('seq < ?');
    params.push(q.before);
  }
  const sql = `SELECT * FROM print_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY seq DESC LIMIT ?`;
  const rows = prepared(db, sql).all(...params, limit + 1) as RawJob[];
  const jobs = rows.slice(0, limit).map(toJob);
  return { jobs, next: rows.length > limit ? (jobs.at(-1)?.seq ?? null) : null };
}

/** The newest job that saved this slip's HTML (what a reprint falls back to offline). */
export function lastSavedSlip(
  db: DeskDb,
  orderId: string,
  invoiceNumber: string,
  kind: SlipKind,
): PrintJob | undefined {
  const r = prepared(
    db,
    `SELECT * FROM print_jobs WHERE order_id = ? AND invoice_number = ? AND kind = ?
       AND html_path IS NOT NULL ORDER BY seq DESC LIMIT 1`,
  ).get(orderId, invoiceNumber, kind) as RawJob | undefined;
  return r ? toJob(r) : undefined;
}

/**
 * Jobs still `queued` when the app starts were cut off by a crash or a forced quit: they are
 * marked failed so the history does not show them waiting forever, and can be reprinted.
 */
export function failInterruptedJobs(db: DeskDb, reason: string, now: number): number {
  return prepared(
    db,
    `UPDATE print_jobs SET state = 'failed', reason = ?, reason_code = 'interrupted', updated_at = ?
       WHERE state = 'queued'`,
  ).run(reason, now).changes;
}

/** An automatic print waiting for its invoice to be confirmed at VTEX (see waits in queue.ts). */
export interface PrintWait {
  actionId: string;
  orderId: string;
  invoiceNumber: string;
  kind: SlipKind;
  /** The PROVISIONAL slip printed meanwhile (offline), if any. */
  provisionalJob: string | null;
  createdAt: number;
}

interface RawWait {
  action_id: string;
  order_id: string;
  invoice_number: string;
  kind: SlipKind;
  provisional_job: string | null;
  created_at: number;
}

const toWait = (r: RawWait): PrintWait => ({
  actionId: r.action_id,
  orderId: r.order_id,
  invoiceNumber: r.invoice_number,
  kind: r.kind,
  provisionalJob: r.provisional_job,
  createdAt: r.created_at,
});

/** Records a wait; a second one for the same action is ignored (the first one's kind stays). */
export function insertPrintWait(db: DeskDb, w: Omit<PrintWait, 'provisionalJob'>): boolean {
  return (
    prepared(
      db,
      `INSERT INTO print_waits (action_id, order_id, invoice_number, kind, created_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (action_id) DO NOTHING`,
    ).run(w.actionId, w.orderId, w.invoiceNumber, w.kind, w.createdAt).changes === 1
  );
}

export function listPrintWaits(db: DeskDb): PrintWait[] {
  return (
    prepared(db, 'SELECT * FROM print_waits ORDER BY created_at, action_id').all() as RawWait[]
  ).map(toWait);
}

export function setWaitProvisionalJob(db: DeskDb, actionId: string, jobId: string): void {
  prepared(db, 'UPDATE print_waits SET provisional_job = ? WHERE action_id = ?').run(
    jobId,
    actionId,
  );
}

export function deletePrintWait(db: DeskDb, actionId: string): boolean {
  return prepared(db, 'DELETE FROM print_waits WHERE action_id = ?').run(actionId).changes === 1;
}
