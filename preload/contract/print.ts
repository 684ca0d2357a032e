import { z } from 'zod';

/**
 * The printing part of the IPC contract (issue 6): print a slip, list the print history, reprint
 * from it, list the station's printers, and the pushed change of a job.
 */

const Id = z.string().trim().min(1).max(64);

export const SlipKind = z.enum(['thermal', 'sheet']);
export const SlipLocale = z.enum(['pt-BR', 'es', 'en']);
export const PrintJobState = z.enum(['queued', 'printed', 'failed']);

export const PrintJob = z.strictObject({
  id: z.string(),
  seq: z.number().int(),
  orderId: z.string(),
  invoiceNumber: z.string(),
  kind: SlipKind,
  /** shift-report: a cash drawer's report (`orderId` is the drawer's id, `invoiceNumber` its number). */
  variant: z.enum(['output', 'return', 'shift-report']),
  locale: z.string(),
  trigger: z.enum(['manual', 'auto', 'reprint']),
  reprintOf: z.string().nullable(),
  state: PrintJobState,
  /** Why it failed, as detail ("printer not found", the printer's own message, …). */
  reason: z.string().nullable(),
  /** Why it failed, as a stable code the screens put in words (see PRINT_FAILURE_CODES). */
  reasonCode: z.string().nullable(),
  /** Printed before VTEX accepted the invoice; the paper says PROVISIONAL. */
  provisional: z.boolean(),
  /** The spooler's id of the job (CUPS "Receipt-42"). */
  spoolerJob: z.string().nullable(),
  printer: z.string().nullable(),
  copies: z.number().int(),
  /** The saved PDF, relative to the data folder. */
  pdfPath: z.string().nullable(),
  htmlPath: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type PrintJob = z.output<typeof PrintJob>;

const Copies = z.number().int().min(1).max(10);
const PrinterName = z.string().trim().max(200);

export const PrintSlipRequest = z.strictObject({
  orderId: Id,
  invoiceNumber: Id,
  kind: SlipKind.default('thermal'),
  copies: Copies.optional(),
  /** A system printer name; the one configured for the kind when absent. */
  printer: PrinterName.optional(),
  locale: SlipLocale.optional(),
  /** Show the print dialog instead of printing silently. */
  dialog: z.boolean().default(false),
});

export const PrintJobsRequest = z
  .strictObject({
    orderId: Id.optional(),
    state: PrintJobState.optional(),
    /** Keyset cursor from the previous page's `next`. */
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .optional();

export const PrintJobsResponse = z.strictObject({
  jobs: z.array(PrintJob),
  next: z.number().int().nullable(),
});

export const ReprintRequest = z.strictObject({
  jobId: Id,
  printer: PrinterName.optional(),
  copies: Copies.optional(),
  dialog: z.boolean().default(false),
});

export const PrinterInfo = z.strictObject({
  name: z.string(),
  displayName: z.string(),
  description: z.string(),
  isDefault: z.boolean(),
});

const NoPayload = z.strictObject({}).optional();

export const TestPageRequest = z.strictObject({
  /** A system printer name; '' = the one configured for the kind (or the system default). */
  printer: PrinterName.default(''),
  kind: SlipKind.default('thermal'),
});

/** A test page is not a slip: it is not in the history, and its failure is an answer, not an error. */
export const TestPageResult = z.strictObject({
  ok: z.boolean(),
  printer: z.string(),
  spoolerJob: z.string().nullable(),
  reasonCode: z.string().nullable(),
  reason: z.string().nullable(),
});

export const printContract = {
  'print:slip': { request: PrintSlipRequest, response: PrintJob },
  'print:jobs': { request: PrintJobsRequest, response: PrintJobsResponse },
  'print:reprint': { request: ReprintRequest, response: PrintJob },
  'print:printers': { request: NoPayload, response: z.array(PrinterInfo) },
  'print:test-page': { request: TestPageRequest, response: TestPageResult },
  /** The desktop app opens a job's saved PDF in the system's viewer (the browser links to it). */
  'print:open-pdf': { request: z.strictObject({ jobId: Id }), response: z.strictObject({}) },
} as const;

/** A job was queued, printed or failed (the print history screen and the failure warning). */
export const PrintJobChanged = z.strictObject({
  type: z.literal('print:job-changed'),
  job: PrintJob,
});
