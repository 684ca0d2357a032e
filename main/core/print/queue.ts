import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { privateDir, privateFile } from '../private-files';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { findInvoice, type OrderDocument } from '../../../vtex';
import { systemClock, type Clock } from '../clock';
import { getOrderDoc, type DeskDb } from '../db';
import { DeskError } from '../errors';
import { getDrawer } from '../drawer/store';
import { renderDrawerReport, reportModelOf } from '../drawer/report';
import { actionsOfOrder, believe, getAction, type OutboxEvent } from '../outbox';
import {
  deletePrintWait,
  failInterruptedJobs,
  insertPrintWait,
  listPrintWaits,
  setWaitProvisionalJob,
  getPrintJob,
  insertPrintJob,
  lastSavedSlip,
  listPrintJobs,
  updatePrintJob,
  type ListPrintJobsQuery,
  type PrintJob,
  type PrintJobPage,
  type PrintTrigger,
  type PrintWait,
} from './jobs';
import {
  PRINT_FAILURE_REASONS,
  PrintFailure,
  type PrinterInfo,
  type PrintFailureCode,
  type PrintReceipt,
  type SlipPrinter,
} from './printer';
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
  /**
   * Whether VTEX has accepted this invoice (it is in the order as VTEX last sent it). Default: the
   * cached document has it; with a `loadOrder` of its own and no answer here, every invoice counts
   * as accepted. A slip of an invoice not accepted yet is marked PROVISIONAL.
   */
  isConfirmed?(orderId: string, invoiceNumber: string): boolean;
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
   * auto-print is on and the invoice is an output invoice — once VTEX has accepted it. Until then
   * the print waits (a PROVISIONAL slip prints meanwhile when the station is offline). Never
   * rejects; null when nothing was printed now.
   */
  onInvoiceCreated(orderId: string, invoiceNumber: string): Promise<PrintJob | null>;
  /**
   * The outbox's news (an action reached VTEX, was refused or edited; the station went offline or
   * came back): prints what waited for it. Never rejects.
   */
  onOutboxEvent(e: OutboxEvent | { type: 'orders-changed' }): Promise<void>;
  /** Prints a page naming the printer, to check it works; rejects with a PrintFailure. */
  testPage(
    printer: string,
    kind: SlipKind,
  ): Promise<{ printer: string; spoolerJob: string | null }>;
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
  /** The PDF saved with a job (what went to the printer), or null when there is none. */
  jobPdf(jobId: string): Promise<{ pdf: Uint8Array; job: PrintJob } | null>;
  /** Where that PDF is on disk (inside the data folder), or null. */
  jobPdfPath(jobId: string): string | null;
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

/**
 * Where a slip is saved: slips/<order>/<invoice>-<kind>-<locale>.<ext> in the data folder, with
 * `-provisional` before the extension for a slip printed before VTEX accepted the invoice (so the
 * final one never overwrites it, nor it the final one).
 */
export function slipFileOf(
  dataDir: string,
  s: {
    orderId: string;
    invoiceNumber: string;
    kind: SlipKind;
    locale: string;
    provisional?: boolean;
  },
  ext: 'pdf' | 'html',
): SlipFile {
  const relativePath = join(
    'slips',
    safeSegment(s.orderId),
    `${safeSegment(s.invoiceNumber)}-${s.kind}-${safeSegment(s.locale)}${s.provisional ? '-provisional' : ''}.${ext}`,
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
  // Slips carry customer names and addresses: readable by this OS user only.
  privateDir(join(dirname(file.path), '..'));
  privateDir(dirname(file.path));
  // Write-then-rename is not needed: a torn slip file is re-rendered by the next print.
  await writeFile(file.path, data, { mode: 0o600 });
  privateFile(file.path);
}

export function createPrintQueue(deps: PrintQueueDeps): PrintQueue {
  const { db, printer, dataDir } = deps;
  const clock = deps.clock ?? systemClock;
  const loadOrder = deps.loadOrder ?? ((id: string) => believe(db, id)?.doc);
  const isConfirmed =
    deps.isConfirmed ??
    (deps.loadOrder
      ? () => true
      : (orderId: string, invoiceNumber: string) => {
          const truth = getOrderDoc(db, orderId);
          return truth !== undefined && findInvoice(truth, invoiceNumber) !== undefined;
        });
  /** The outbox's last word on the connection; until it speaks, the station counts as online. */
  let online = true;
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
    req: { invoiceNumber: string; kind: SlipKind; locale: SlipLocale; provisional?: boolean },
    s: PrintSettingsSnapshot,
  ): Promise<RenderedSlip> {
    return renderSlip({
      order: doc,
      invoiceNumber: req.invoiceNumber,
      kind: req.kind,
      locale: req.locale,
      store: s.store,
      sheetSize: s.printing.sheetSize,
      // A job keeps what it was recorded as (its file name says so too); a page is judged now.
      provisional: req.provisional ?? !isConfirmed(doc.orderId, req.invoiceNumber),
    });
  }

  /**
   * Saves the slip's HTML and PDF; a failure is reported and leaves the paths null. The PDF's
   * bytes come back too: with a spooler they are what gets printed.
   */
  async function save(
    job: PrintJob,
    html: string,
    pageSize: RenderedSlip['pageSize'],
  ): Promise<{ pdfPath: string | null; htmlPath: string | null; pdf: Uint8Array | null }> {
    const htmlFile = slipFileOf(dataDir, job, 'html');
    const pdfFile = slipFileOf(dataDir, job, 'pdf');
    let htmlPath: string | null = null;
    let pdfPath: string | null = null;
    let pdf: Uint8Array | null = null;
    try {
      await writeSlipFile(htmlFile, html);
      htmlPath = htmlFile.relativePath;
    } catch (err) {
      reportError(err, `saving ${htmlFile.path}`);
    }
    try {
      pdf = await printer.toPdf(html, pageSize);
      await writeSlipFile(pdfFile, pdf);
      pdfPath = pdfFile.relativePath;
    } catch (err) {
      reportError(err, `saving ${pdfFile.path}`);
    }
    return { pdfPath, htmlPath, pdf };
  }

  /** The printer a job goes to, or the reason there is none. */
  async function choosePrinter(
    wanted: string,
    dialog: boolean,
  ): Promise<{ ok: true; name: string } | { ok: false; reason: string; code: PrintFailureCode }> {
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
        : { ok: false, reason: PRINT_FAILURE_REASONS.printerNotFound, code: 'printer-not-found' };
    }
    // No printer chosen for this kind: the system's default one ('' to the backend when the
    // platform does not say which that is).
    if (printers.length === 0) {
      return { ok: false, reason: PRINT_FAILURE_REASONS.noPrinter, code: 'no-printer' };
    }
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
      return changed(
        updatePrintJob(
          db,
          job.id,
          { state: 'failed', reason, reasonCode: 'slip-failed' },
          clock.now(),
        ),
      );
    }
    // Saved before printing: a failed print still leaves a PDF to print from elsewhere.
    const { pdf, ...files } =
      'savedHtml' in source
        ? { pdfPath: job.pdfPath, htmlPath: job.htmlPath, pdf: null }
        : await save(job, html, pageSize);
    const target = await choosePrinter(opts.printer, opts.dialog);
    if (!target.ok) {
      return changed(
        updatePrintJob(
          db,
          job.id,
          {
            ...files,
            state: 'failed',
            reason: target.reason,
            reasonCode: target.code,
            printer: opts.printer || null,
          },
          clock.now(),
        ),
      );
    }
    try {
      const printOpts = {
        deviceName: target.name,
        pageSize,
        copies: job.copies,
        silent: !opts.dialog,
      };
      const receipt: void | PrintReceipt =
        pdf && printer.printPdf
          ? await printer.printPdf(pdf, { ...printOpts, title: titleOf(job) })
          : await printer.print(html, printOpts);
      return changed(
        updatePrintJob(
          db,
          job.id,
          {
            ...files,
            state: 'printed',
            reason: null,
            reasonCode: null,
            spoolerJob: receipt?.spoolerJob ?? null,
            printer: target.name || null,
          },
          clock.now(),
        ),
      );
    } catch (err) {
      const reason =
        err instanceof PrintFailure ? err.reason : err instanceof Error ? err.message : String(err);
      const reasonCode: PrintFailureCode = err instanceof PrintFailure ? err.code : 'printer-error';
      return changed(
        updatePrintJob(
          db,
          job.id,
          { ...files, state: 'failed', reason, reasonCode, printer: target.name || null },
          clock.now(),
        ),
      );
    }
  }

  /** What the spooler's queue shows for a job. */
  function titleOf(job: PrintJob): string {
    return `Order Desk ${job.orderId} ${job.invoiceNumber}${job.provisional ? ' PROVISIONAL' : ''}`;
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

  let settling: Promise<Map<string, PrintJob>> = Promise.resolve(new Map());

  /**
   * Automatic prints waiting for VTEX: the final slip once the invoice is accepted (with the
   * number it was accepted under, which an edit after a refusal may have changed); a PROVISIONAL
   * slip meanwhile if the station is offline; nothing for an invoice given up. One pass at a time,
   * so two events never print the same slip twice. Answers the jobs printed, by action id.
   */
  function settleWaits(): Promise<Map<string, PrintJob>> {
    const pass = async (): Promise<Map<string, PrintJob>> => {
      const printed = new Map<string, PrintJob>();
      for (const w of listPrintWaits(db)) {
        if (closed) break;
        try {
          await settle(w, printed);
        } catch (err) {
          // One slip that cannot be made (the order left the cache) must not hold the others.
          reportError(err, 'auto-print');
        }
      }
      return printed;
    };
    const settle = async (w: PrintWait, printed: Map<string, PrintJob>): Promise<void> => {
      const a = getAction(db, w.actionId);
      if (!a || a.state === 'discarded') {
        deletePrintWait(db, w.actionId);
        return;
      }
      const invoiceNumber =
        a.request.kind === 'invoice' ? a.request.body.invoiceNumber : w.invoiceNumber;
      const req = { orderId: w.orderId, invoiceNumber, kind: w.kind };
      if (a.state === 'done') {
        if (!isConfirmed(w.orderId, invoiceNumber)) return;
        deletePrintWait(db, w.actionId);
        printed.set(w.actionId, await queue.print(req, 'auto'));
      } else if (!online && w.provisionalJob === null && a.state !== 'attention') {
        // Offline: the box may leave before VTEX hears of it; the paper says it is provisional.
        const job = await queue.print(req, 'auto');
        setWaitProvisionalJob(db, w.actionId, job.id);
        printed.set(w.actionId, job);
      }
    };
    const next = settling.then(pass, pass);
    settling = next.catch(() => new Map());
    return next;
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
          provisional: !isConfirmed(req.orderId, req.invoiceNumber),
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
      let provisional = old.provisional;
      if (old.variant === 'shift-report' && getDrawer(db, old.orderId)) {
        source = { report: old.orderId };
      } else if (doc && findInvoice(doc, old.invoiceNumber)) {
        source = { doc };
        provisional = !isConfirmed(old.orderId, old.invoiceNumber);
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
        provisional,
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
        const kind = s.printing.autoPrintKind;
        if (isConfirmed(orderId, invoiceNumber)) {
          return await queue.print({ orderId, invoiceNumber, kind }, 'auto');
        }
        const action = actionsOfOrder(db, orderId).find(
          (a) =>
            a.request.kind === 'invoice' &&
            a.request.body.invoiceNumber === invoiceNumber &&
            a.state !== 'discarded',
        );
        if (!action) {
          reportError(
            new DeskError('PRINT_INVOICE_NOT_FOUND', `order ${orderId}, invoice ${invoiceNumber}`),
            'auto-print',
          );
          return null;
        }
        insertPrintWait(db, {
          actionId: action.id,
          orderId,
          invoiceNumber,
          kind,
          createdAt: clock.now(),
        });
        return (await settleWaits()).get(action.id) ?? null;
      } catch (err) {
        reportError(err, 'auto-print');
        return null;
      }
    },

    async onOutboxEvent(e) {
      if (e.type === 'outbox-status') online = e.status.online;
      if (closed) return;
      try {
        await settleWaits();
      } catch (err) {
        reportError(err, 'auto-print');
      }
    },

    async testPage(printerName, kind) {
      const s = deps.settings();
      const wanted = printerName || configuredPrinter(kind, s);
      const target = await choosePrinter(wanted, false);
      if (!target.ok) throw new PrintFailure(target.reason, target.code);
      const html = testPageHtml(target.name, kind, new Date(clock.now()).toISOString());
      const pageSize = pageSizeOf(kind, s.printing.sheetSize);
      const opts = { deviceName: target.name, pageSize, copies: 1, silent: true };
      const receipt: void | PrintReceipt = printer.printPdf
        ? await printer.printPdf(await printer.toPdf(html, pageSize), {
            ...opts,
            title: 'Order Desk test page',
          })
        : await printer.print(html, opts);
      return { printer: target.name, spoolerJob: receipt?.spoolerJob ?? null };
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
      const provisional = !isConfirmed(req.orderId, req.invoiceNumber);
      const file = slipFileOf(
        dataDir,
        { orderId: req.orderId, invoiceNumber: req.invoiceNumber, kind, locale, provisional },
        'pdf',
      );
      await writeSlipFile(file, pdf).catch((err: unknown) =>
        reportError(err, `saving ${file.path}`),
      );
      return { pdf, file };
    },

    jobPdfPath(jobId) {
      const job = getPrintJob(db, jobId);
      return job?.pdfPath ? insideDataDir(dataDir, job.pdfPath) : null;
    },

    async jobPdf(jobId) {
      const job = getPrintJob(db, jobId);
      const abs = queue.jobPdfPath(jobId);
      if (!job || !abs) return null;
      const pdf = await readFile(abs).catch(() => null);
      return pdf ? { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), job } : null;
    },

    idle: async () => {
      await settling.catch(() => undefined);
      await tail;
    },

    async close() {
      // The printer belongs to whoever made it (it may serve other queues): not closed here.
      closed = true;
      await settling.catch(() => undefined);
      await tail;
    },
  };
  return queue;
}

/** A page that names the printer and the time: proof the desk reaches it, with the slip's size. */
function testPageHtml(printerName: string, kind: SlipKind, at: string): string {
  const esc = (t: string) =>
    t.replace(
      /[&<>"]/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
    );
  const width = kind === 'thermal' ? '80mm' : 'auto';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Order Desk test page</title>
<style>@page { size: ${kind === 'thermal' ? '80mm 60mm' : 'A4'}; margin: ${kind === 'thermal' ? '0' : '20mm'}; }
body { margin: 0; font-family: Arial, 'Liberation Sans', sans-serif; }
main { width: ${width}; padding: 4mm; text-align: center; }
h1 { font-size: 14pt; margin: 0 0 2mm; } p { margin: 1mm 0; font-size: 9pt; }
.box { border: 0.6mm solid #000; height: 10mm; margin-top: 3mm; }</style></head>
<body><main><h1>Order Desk</h1><p>Test page / Página de teste / Página de prueba</p>
<p><strong>${esc(printerName || 'default printer')}</strong></p><p>${esc(at)}</p><div class="box"></div></main></body></html>`;
}
