/**
 * Invoice slips and printing (issue 6): slip templates rendered to static HTML (render.tsx), the
 * print queue with its history (queue.ts, jobs.ts), the printer interface and its headless
 * Chromium backend (printer.ts, chromium-pdf.ts). Electron's backend is main/print-electron.ts.
 *
 * Composition: the host makes a SlipPrinter (Electron's, or ChromiumSlipPrinter in the browser
 * host), then `createPrintQueue({ db, printer, dataDir, settings: () => printSettingsOf(...) })`,
 * hands the queue to createHandlers({ print }) and startBrowserHost({ slips }), forwards
 * `onJobChanged` as the `print:job-changed` event, and calls `queue.onInvoiceCreated(orderId,
 * invoiceNumber)` after an output invoice is queued.
 */
export {
  renderSlip,
  pageSizeOf,
  PAGE_SIZES,
  type RenderedSlip,
  type RenderSlipInput,
  type SlipPageSize,
} from './render';
export {
  buildSlipModel,
  SLIP_KINDS,
  SLIP_VARIANTS,
  type SlipKind,
  type SlipVariant,
  type SlipModel,
} from './slip-model';
export {
  createPrintQueue,
  INTERRUPTED_REASON,
  slipFileOf,
  type PrintQueue,
  type PrintQueueDeps,
  type PrintRequest,
} from './queue';
export {
  listPrintJobs,
  getPrintJob,
  type PrintJob,
  type PrintJobPage,
  type ListPrintJobsQuery,
  type PrintJobState,
  type PrintTrigger,
} from './jobs';
export {
  PRINT_FAILURE_REASONS,
  PrintFailure,
  type PrinterInfo,
  type SlipPrinter,
  type SlipPrintOptions,
} from './printer';
export {
  ChromiumSlipPrinter,
  chromiumAvailable,
  CHROMIUM_ARGS,
  DEFAULT_CHROMIUM,
} from './chromium-pdf';
export {
  DEFAULT_PRINTING,
  DEFAULT_STORE,
  PrintingSettings,
  printSettingsOf,
  StoreSettings,
  toSlipLocale,
  type PrintSettingsSnapshot,
  type SlipLocale,
} from './settings';
