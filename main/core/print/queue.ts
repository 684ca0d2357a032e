import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { findInvoice, type OrderDocument } from '../../../vtex';
import { systemClock, type Clock } from '../clock';
import type { DeskDb } from '../db';
import { DeskError } from '../errors';
import { getDrawer } from '../drawer/store';
import { renderDrawerReport, reportModelOf } from '../drawer/report';
import { believe } from '../outbox';
import {
  failInterruptedJobs,
  getPrintJob,
  insertPrintJob,
  lastSavedSlip,
  listPrintJobs,
  updatePrintJob,
  type ListPrintJobsQuery,
  type PrintJob,
  type PrintJobPage,
  type PrintTrigger,
} from './jobs';
import { PRINT_FAILURE_REASONS, PrintFailure, type PrinterInfo, type SlipPrinter } from './printer';
import { pageSizeOf, renderSlip, type RenderedSlip } from './render';
import type { PrintSettingsSnapshot, SlipLocale } from './settings';
import { variantOf, type SlipKind, type SlipVariant } from './slip-model';

/**
 * The print queue (issue 6): every slip sent to a printer is a job in the history, printed one at
 * a time in the order asked, saved as PDF (and HTML) in the data folder, and a failure (no such
 * printer, the dialog canceled, the driver refusing) is recorded with its reason and reported,
 * never thrown at the code that invoiced: printing can never block invoicing.
 */

export interface PrintQueueDeps {
  db: DeskDb;
  printer: SlipPrinter;
  /** The desk's data folder; slips are saved under `slips/`. */
  dataDir: string;
  /** Read at every print, so a settings change applies to the next slip. */
  settings(): PrintSettingsSnapshot;
  clock?: Clock;
  /**
   * The order as the desk believes it is. Default: the cached document plus the actions still
   * waiting to sync, so a slip prints for an invoice created offline a second ago.
   */
  loadOrder?(orderId: string): OrderDocument | undefined;
  /** Every change of a job (queued, then printed or failed): the screens' live history. */
  onJobChanged?(job: PrintJob): void;
  /** Problems that do not belong to a job (a PDF that could not be saved, auto-print skipped). */
  onError?(err: unknown, context: string): void;
}

export interface PrintRequest {
  orderId: string;
  invoiceNumber: string;
  /** Default: the thermal receipt. */
  kind?: SlipKind;
  /** Default: the printing settings' copies. */
  copies?: number;
  /** A system printer name; default: the one configured for this kind (or the system default). */
  printer?: string;
  locale?: SlipLocale;
  /** Show the print dialog instead of printing silently. */
  dialog?: boolean;
}

/** A cash drawer's shift report (the drawer's id and number stand in for order and invoice). */
export interface ReportPrintRequest {
  drawerId: string;
  /** Default: the thermal receipt. */
  kind?: SlipKind;
  copies?: number;
  printer?: string;
  locale?: SlipLocale;
  dialog?: boolean;
}

export interface SlipFile {
  /** Absolute path of the saved file. */
  path: string;
  /** Relative to the data folder (what the history stores). */
  relativePath: string;
}

export interface PrintQueue {
  /** Records a job and prints it; resolves with the job once printed or failed. */
  print(req: PrintRequest, trigger?: PrintTrigger): Promise<PrintJob>;
  /** Prints a job of the history again (fresh from the order, or its saved copy offline). */
  reprint(
    jobId: string,
    overrides?: Pick<PrintRequest, 'printer' | 'copies' | 'dialog'>,
  ): Promise<PrintJob>;
  /**
   * For the outbox and the invoice screen, after an invoice was created: prints the slip when
   * auto-print is on and the invoice is an output invoice. Never rejects; null when nothing was
   * printed.
   */
  onInvoiceCreated(orderId: string, invoiceNumber: string): Promise<PrintJob | null>;
  listPrinters(): Promise<PrinterInfo[]>;
  listJobs(q?: ListPrintJobsQuery): PrintJobPage;
  getJob(id: string): PrintJob | undefined;
  /** The slip as HTML for a browser to show and print (the browser host's slip page). */
  renderPage(
    req: Pick<PrintRequest, 'orderId' | 'invoiceNumber' | 'kind' | 'locale'>,
  ): Promise<RenderedSlip>;
  /** The slip as PDF, saved under slips/ as well. */
  pdf(
    req: Pick<PrintRequest, 'orderId' | 'invoiceNumber' | 'kind' | 'locale'>,
  ): Promise<{ pdf: Uint8Array; file: SlipFile }>;
  /** Records a shift report job and prints it, like a slip (DRAWER_NOT_FOUND for a bad id). */
  printReport(req: ReportPrintRequest, trigger?: PrintTrigger): Promise<PrintJob>;
  /**
   * The shift report as it stands now: its HTML, and with `pdf` also the PDF (saved under slips/
   * as well).
   */
  reportDocument(
    req: Pick<ReportPrintRequest, 'drawerId' | 'kind' | 'locale'> & { pdf: boolean },
  ): Promise<{ html: string; pdf: Uint8Array | null; file: SlipFile | null }>;
  /** Resolves when every job asked for so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export const INTERRUPTED_REASON = 'interrupted: Order Desk closed before it printed';

export function newPrintJobId(now: number): string {
  return `pj-${now.toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A path segment that is safe on every OS (order ids and invoice numbers come from VTEX). */
export function safeSegment(s: string): string {
  const cleaned = s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return cleaned.slice(0, 80) || '_';
}

/** Where a slip is saved: slips/<order>/<invoice>-<kind>-<locale>.<ext> in the data folder. */
export function slipFileOf(
  dataDir: string,
  s: { orderId: string; invoiceNumber: string; kind: SlipKind; locale: string },
  ext: 'pdf' | 'html',
): SlipFile {
  const relativePath = join(
    'slips',
    safeSegment(s.orderId),
    `${safeSegment(s.invoiceNumber)}-${s.kind}-${safeSegment(s.locale)}.${ext}`,
  );
  return { path: join(dataDir, relativePath), relativePath };
}

/** A stored relative path back to a file inside the data folder (never outside it). */
function insideDataDir(dataDir: string, rel: string): string | null {
  const root = resolve(dataDir);
  const abs = resolve(root, rel);
  return abs.startsWith(root + sep) && relative(root, abs) !== '' ? abs : null;
}

async function writeSlipFile(file: SlipFile, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file.path), { recursive: true });
  // Write-then-rename is not needed: a torn slip file is re-rendered by the next print.
  await writeFile(file.path, data);
}

export function createPrintQueue(deps: PrintQueueDeps): PrintQueue {
  const { db, printer, dataDir } = deps;
  const clock = deps.clock ?? systemClock;
  const loadOrder = deps.loadOrder ?? ((id: string) => believe(db, id)?.doc);
  const reportError = deps.onError ?? (() => undefined);
  const changed = (job: PrintJob): PrintJob => {
    try {
      deps.onJobChanged?.(job);
    } catch (err) {
      reportError(err, 'print job listener');
    }
    return job;
  };
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;

  const interrupted = failInterruptedJobs(db, INTERRUPTED_REASON, clock.now());
  if (interrupted > 0) {
    reportError(new Error(`${interrupted} print job(s) were interrupted`), 'print queue start');
  }

  const localeOf = (req: { locale?: SlipLocale | undefined }, s: PrintSettingsSnapshot) =>
    req.locale ?? s.printing.locale ?? s.appLocale;

  /** Orders first: without one there is no slip to print or record. */
  function mustFindInvoice(
    orderId: string,
    invoiceNumber: string,
  ): { doc: OrderDocument; variant: SlipVariant } {
    const doc = loadOrder(orderId);
    if (!doc) throw new DeskError('PRINT_ORDER_NOT_FOUND', orderId);
    const pkg = findInvoice(doc, invoiceNumber);
    if (!pkg)
      throw new DeskError('PRINT_INVOICE_NOT_FOUND', `order ${orderId}, invoice ${invoiceNumber}`);
    return { doc, variant: variantOf(pkg) };
  }

  async function render(
    doc: OrderDocument,
    req: { invoiceNumber: string; kind: SlipKind; locale: SlipLocale },
    s: PrintSettingsSnapshot,
  ): Promise<RenderedSlip> {
    return renderSlip({
      order: doc,
      invoiceNumber: req.invoiceNumber,
      kind: req.kind,
      locale: req.locale,
      store: s.store,
      sheetSize: s.printing.sheetSize,
    });
  }

  /** Saves the slip's HTML and PDF; a failure is reported and leaves the paths null. */
  async function save(
    job: PrintJob,
    html: string,
    pageSize: RenderedSlip['pageSize'],
  ): Promise<{ pdfPath: string | null; htmlPath: string | null }> {
    const htmlFile = slipFileOf(dataDir, job, 'html');
    const pdfFile = slipFileOf(dataDir, job, 'pdf');
    let htmlPath: string | null = null;
    let pdfPath: string | null = null;
    try {
      await writeSlipFile(htmlFile, html);
      htmlPath = htmlFile.relativePath;
    } catch (err) {
      reportError(err, `saving ${htmlFile.path}`);
    }
    try {
      await writeSlipFile(pdfFile, await printer.toPdf(html, pageSize));
      pdfPath = pdfFile.relativePath;
    } catch (err) {
      reportError(err, `saving ${pdfFile.path}`);
    }
    return { pdfPath, htmlPath };
  }

  /** The printer a job goes to, or the reason there is none. */
  async function choosePrinter(
    wanted: string,
    dialog: boolean,
  ): Promise<{ ok: true; name: string } | { ok: false; reason: string }> {
    if (dialog) return { ok: true, name: wanted };
    let printers: PrinterInfo[];
    try {
      printers = await printer.listPrinters();
    } catch (err) {
      reportError(err, 'listing printers');
      printers = [];
    }
    if (wanted) {
      return printers.some((p) => p.name === wanted)
        ? { ok: true, name: wanted }
        : { ok: false, reason: PRINT_FAILURE_REASONS.printerNotFound };
    }
    // No printer chosen for this kind: the system's default one ('' to the backend when the
    // platform does not say which that is). A station without any printer fails like a missing one.
    if (printers.length === 0) return { ok: false, reason: PRINT_FAILURE_REASONS.printerNotFound };
    return { ok: true, name: printers.find((p) => p.isDefault)?.name ?? '' };
  }

  async function run(
    job: PrintJob,
    source: { doc: OrderDocument } | { savedHtml: string } | { report: string },
    opts: { printer: string; dialog: boolean },
  ): Promise<PrintJob> {
    const s = deps.settings();
    const pageSize = pageSizeOf(job.kind, s.printing.sheetSize);
    let html: string;
    try {
      html =
        'doc' in source
          ? (await render(source.doc, { ...job, locale: job.locale as SlipLocale }, s)).html
          : 'report' in source
            ? renderReport(source.report, job.kind, job.locale as SlipLocale, s).html
            : source.savedHtml;
    } catch (err) {
      const reason = `the slip could not be made: ${err instanceof Error ? err.message : String(err)}`;
      return changed(updatePrintJob(db, job.id, { state: 'failed', reason }, clock.now()));
    }
    // Saved before printing: a failed print still leaves a PDF to print from elsewhere.
    const files =
      'savedHtml' in source
        ? { pdfPath: job.pdfPath, htmlPath: job.htmlPath }
        : await save(job, html, pageSize);
    const target = await choosePrinter(opts.printer, opts.dialog);
    if (!target.ok) {
      return changed(
        updatePrintJob(
          db,
          job.id,
          { ...files, state: 'failed', reason: target.reason, printer: opts.printer || null },
          clock.now(),
        ),
      );
    }
    try {
      await printer.print(html, {
        deviceName: target.name,
        pageSize,
        copies: job.copies,
        silent: !opts.dialog,
      });
      return changed(
        updatePrintJob(
          db,
          job.id,
          { ...files, state: 'printed', reason: null, printer: target.name || null },
          clock.now(),
        ),
      );
    } catch (err) {
      const reason =
        err instanceof PrintFailure ? err.reason : err instanceof Error ? err.message : String(err);
      return changed(
        updatePrintJob(
          db,
          job.id,
          { ...files, state: 'failed', reason, printer: target.name || null },
          clock.now(),
        ),
      );
    }
  }

  /** A drawer's shift report as it stands now (an open drawer gives an interim report). */
  function renderReport(
    drawerId: string,
    kind: SlipKind,
    locale: SlipLocale,
    s: PrintSettingsSnapshot,
  ) {
    return renderDrawerReport({
      ...reportModelOf(db, drawerId),
      kind,
      locale,
      store: s.store,
      sheetSize: s.printing.sheetSize,
      printedAt: clock.now(),
    });
  }

  /** Jobs print one after another, in the order they were asked for. */
  function enqueue(work: () => Promise<PrintJob>): Promise<PrintJob> {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  }

  function configuredPrinter(kind: SlipKind, s: PrintSettingsSnapshot): string {
    return kind === 'thermal' ? s.printing.thermalPrinter : s.printing.sheetPrinter;
  }

  const queue: PrintQueue = {
    async print(req, trigger = 'manual') {
      if (closed) throw new DeskError('PRINT_UNAVAILABLE', 'the print queue is closed');
      const s = deps.settings();
      const kind = req.kind ?? 'thermal';
      const { doc, variant } = mustFindInvoice(req.orderId, req.invoiceNumber);
      const wanted = req.printer ?? configuredPrinter(kind, s);
      const job = changed(
        insertPrintJob(db, {
          id: newPrintJobId(clock.now()),
          orderId: req.orderId,
          invoiceNumber: req.invoiceNumber,
          kind,
          variant,
          locale: localeOf(req, s),
          trigger,
          reprintOf: null,
          copies: req.copies ?? s.printing.copies,
          printer: wanted || null,
          now: clock.now(),
        }),
      );
      return enqueue(() => run(job, { doc }, { printer: wanted, dialog: req.dialog ?? false }));
    },

    async reprint(jobId, overrides = {}) {
      if (closed) throw new DeskError('PRINT_UNAVAILABLE', 'the print queue is closed');
      const old = getPrintJob(db, jobId);
      if (!old) throw new DeskError('PRINT_JOB_NOT_FOUND', jobId);
      const s = deps.settings();
      const doc = loadOrder(old.orderId);
      let source: { doc: OrderDocument } | { savedHtml: string } | { report: string };
      let files: { pdfPath: string | null; htmlPath: string | null } = {
        pdfPath: null,
        htmlPath: null,
      };
      if (old.variant === 'shift-report' && getDrawer(db, old.orderId)) {
        source = { report: old.orderId };
      } else if (doc && findInvoice(doc, old.invoiceNumber)) {
        source = { doc };
      } else {
        // Offline and the order left the cache: print the copy saved with an earlier job.
        const saved = old.htmlPath
          ? old
          : lastSavedSlip(db, old.orderId, old.invoiceNumber, old.kind);
        const abs = saved?.htmlPath ? insideDataDir(dataDir, saved.htmlPath) : null;
        const html = abs ? await readFile(abs, 'utf8').catch(() => null) : null;
        if (!saved || html === null) throw new DeskError('PRINT_ORDER_NOT_FOUND', old.orderId);
        source = { savedHtml: html };
        files = { pdfPath: saved.pdfPath, htmlPath: saved.htmlPath };
      }
      const wanted = overrides.printer ?? configuredPrinter(old.kind, s);
      const inserted = insertPrintJob(db, {
        id: newPrintJobId(clock.now()),
        orderId: old.orderId,
        invoiceNumber: old.invoiceNumber,
        kind: old.kind,
        variant: old.variant,
        locale: old.locale,
        trigger: 'reprint',
        reprintOf: old.id,
        copies: overrides.copies ?? old.copies,
        printer: wanted || null,
        now: clock.now(),
      });
      const job = changed(
        'savedHtml' in source ? updatePrintJob(db, inserted.id, files, clock.now()) : inserted,
      );
      return enqueue(() =>
        run(job, source, { printer: wanted, dialog: overrides.dialog ?? false }),
      );
    },

    async printReport(req, trigger = 'manual') {
      if (closed) throw new DeskError('PRINT_UNAVAILABLE', 'the print queue is closed');
      const drawer = getDrawer(db, req.drawerId);
      if (!drawer) throw new DeskError('DRAWER_NOT_FOUND', req.drawerId);
      const s = deps.settings();
      const kind = req.kind ?? 'thermal';
      const wanted = req.printer ?? configuredPrinter(kind, s);
      const job = changed(
        insertPrintJob(db, {
          id: newPrintJobId(clock.now()),
          orderId: drawer.id,
          invoiceNumber: String(drawer.number),
          kind,
          variant: 'shift-report',
          locale: localeOf(req, s),
          trigger,
          reprintOf: null,
          copies: req.copies ?? s.printing.copies,
          printer: wanted || null,
          now: clock.now(),
        }),
      );
      return enqueue(() =>
        run(job, { report: drawer.id }, { printer: wanted, dialog: req.dialog ?? false }),
      );
    },

    async reportDocument(req) {
      const s = deps.settings();
      const kind = req.kind ?? 'sheet';
      const locale = localeOf(req, s);
      const drawer = getDrawer(db, req.drawerId);
      if (!drawer) throw new DeskError('DRAWER_NOT_FOUND', req.drawerId);
      const report = renderReport(drawer.id, kind, locale, s);
      if (!req.pdf) return { html: report.html, pdf: null, file: null };
      const pdf = await printer.toPdf(report.html, report.pageSize);
      const file = slipFileOf(
        dataDir,
        { orderId: drawer.id, invoiceNumber: String(drawer.number), kind, locale },
        'pdf',
      );
      await writeSlipFile(file, pdf).catch((err: unknown) =>
        reportError(err, `saving ${file.path}`),
      );
      return { html: report.html, pdf, file };
    },

    async onInvoiceCreated(orderId, invoiceNumber) {
      try {
        const s = deps.settings();
        if (!s.printing.autoPrintOnInvoice || closed) return null;
        const doc = loadOrder(orderId);
        const pkg = doc ? findInvoice(doc, invoiceNumber) : undefined;
        if (!pkg) {
          reportError(
            new DeskError('PRINT_INVOICE_NOT_FOUND', `order ${orderId}, invoice ${invoiceNumber}`),
            'auto-print',
          );
          return null;
        }
        if (variantOf(pkg) !== 'output') return null;
        return await queue.print(
          { orderId, invoiceNumber, kind: s.printing.autoPrintKind },
          'auto',
        );
      } catch (err) {
        reportError(err, 'auto-print');
        return null;
      }
    },

    async listPrinters() {
      try {
        return await printer.listPrinters();
      } catch (err) {
        reportError(err, 'listing printers');
        return [];
      }
    },

    listJobs: (q) => listPrintJobs(db, q),
    getJob: (id) => getPrintJob(db, id),

    async renderPage(req) {
      const s = deps.settings();
      const { doc } = mustFindInvoice(req.orderId, req.invoiceNumber);
      return render(
        doc,
        { invoiceNumber: req.invoiceNumber, kind: req.kind ?? 'thermal', locale: localeOf(req, s) },
        s,
      );
    },

    async pdf(req) {
      const s = deps.settings();
      const kind = req.kind ?? 'thermal';
      const locale = localeOf(req, s);
      const { doc } = mustFindInvoice(req.orderId, req.invoiceNumber);
      const slip = await render(doc, { invoiceNumber: req.invoiceNumber, kind, locale }, s);
      const pdf = await printer.toPdf(slip.html, slip.pageSize);
      const file = slipFileOf(
        dataDir,
        { orderId: req.orderId, invoiceNumber: req.invoiceNumber, kind, locale },
        'pdf',
      );
      await writeSlipFile(file, pdf).catch((err: unknown) =>
        reportError(err, `saving ${file.path}`),
      );
      return { pdf, file };
    },

    idle: async () => {
      await tail;
    },

    async close() {
      // The printer belongs to whoever made it (it may serve other queues): not closed here.
      closed = true;
      await tail;
    },
  };
  return queue;
}
