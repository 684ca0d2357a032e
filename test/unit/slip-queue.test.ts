import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import {
  closeDeskDb,
  openDeskDb,
  SCHEMA_VERSION,
  upsertOrders,
  type DeskDb,
} from '../../main/core/db';
import { isDeskError, type DeskErrorCode } from '../../main/core/errors';
import { editAction, queueAction } from '../../main/core/outbox';
import { setState } from '../../main/core/outbox/store';
import { insertPrintJob, listPrintJobs, type PrintJob } from '../../main/core/print/jobs';
import {
  PRINT_FAILURE_REASONS,
  PrintFailure,
  type PrinterInfo,
  type SlipPrinter,
  type SlipPrintOptions,
} from '../../main/core/print/printer';
import {
  createPrintQueue,
  INTERRUPTED_REASON,
  safeSegment,
  type PrintQueue,
  type PrintQueueDeps,
} from '../../main/core/print/queue';
import type { SlipPageSize } from '../../main/core/print/render';
import {
  DEFAULT_PRINTING,
  type PrintingSettingsInput,
  PrintingSettings,
  type PrintSettingsSnapshot,
} from '../../main/core/print/settings';
import type { OrderDocument } from '../../vtex';
import { BASE_MS } from '../helpers/desk-orders';
import { invoicedOrder, returnedOrder, STORE } from '../helpers/slip-fixtures';

/** A printer backend that records what it was asked and can be told to fail or to hold. */
class FakePrinter implements SlipPrinter {
  printers: PrinterInfo[] = [
    { name: 'EPSON_TM_T20', displayName: 'Epson TM-T20', description: 'receipt', isDefault: false },
    { name: 'HP_LaserJet', displayName: 'HP LaserJet', description: 'A4', isDefault: true },
  ];
  printed: { html: string; opts: SlipPrintOptions }[] = [];
  pdfs: { html: string; pageSize: SlipPageSize }[] = [];
  calls: string[] = [];
  failWith: Error | null = null;
  hold: Promise<void> | null = null;
  /** Called when a print begins (before any hold). */
  onStart: (() => void) | null = null;

  async listPrinters(): Promise<PrinterInfo[]> {
    return this.printers;
  }
  async print(html: string, opts: SlipPrintOptions): Promise<void> {
    const n = /NF-[\w-]+|DEV-\d+/.exec(html)?.[0] ?? '?';
    this.calls.push(`start ${n}`);
    this.onStart?.();
    if (this.hold) await this.hold;
    if (this.failWith) throw this.failWith;
    this.printed.push({ html, opts });
    this.calls.push(`end ${n}`);
  }
  async toPdf(html: string, pageSize: SlipPageSize): Promise<Uint8Array> {
    this.pdfs.push({ html, pageSize });
    return new TextEncoder().encode(`%PDF-1.7 fake ${html.length}`);
  }
}

let dir: string;
let db: DeskDb;
let clock: ManualClock;
let printer: FakePrinter;
let printing: PrintingSettingsInput;
let changes: PrintJob[];
let errors: { err: unknown; context: string }[];
let queue: PrintQueue;

function settings(): PrintSettingsSnapshot {
  return { store: STORE, printing: PrintingSettings.parse(printing), appLocale: 'pt-BR' };
}

function start(over: Partial<PrintQueueDeps> = {}): PrintQueue {
  return createPrintQueue({
    db,
    printer,
    dataDir: dir,
    clock,
    settings,
    onJobChanged: (j) => changes.push(j),
    onError: (err, context) => errors.push({ err, context }),
    ...over,
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slip-queue-'));
  clock = new ManualClock(BASE_MS);
  db = openDeskDb(join(dir, 'desk.db'), { clock });
  printer = new FakePrinter();
  printing = { thermalPrinter: 'EPSON_TM_T20', sheetPrinter: 'HP_LaserJet', copies: 1 };
  changes = [];
  errors = [];
  queue = start();
});
afterEach(async () => {
  await queue.close();
  closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

async function expectDeskError(p: Promise<unknown>, code: DeskErrorCode): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDeskError(err, code), `expected DeskError ${code}, got ${String(err)}`).toBe(true);
}

function cache(doc: OrderDocument): OrderDocument {
  upsertOrders(db, [doc]);
  return doc;
}

describe('print history table', () => {
  it('is created by migration 0200', () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(200);
    const cols = db.prepare(`SELECT name FROM pragma_table_info('print_jobs')`).all() as {
      name: string;
    }[];
    expect(cols.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'id',
        'order_id',
        'invoice_number',
        'kind',
        'variant',
        'state',
        'reason',
        'printer',
        'copies',
        'pdf_path',
        'created_at',
        'updated_at',
      ]),
    );
    expect(() =>
      db
        .prepare(
          `INSERT INTO print_jobs (id, order_id, invoice_number, kind, variant, locale, trigger, state, copies, created_at, updated_at)
           VALUES ('x', 'o', 'n', 'thermal', 'output', 'en', 'manual', 'lost', 1, 0, 0)`,
        )
        .run(),
    ).toThrow(/CHECK constraint/);
  });
});

describe('printing a slip', () => {
  it('records the job, saves HTML and PDF, and prints silently on the receipt printer', async () => {
    const doc = cache(invoicedOrder());
    const job = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });

    expect(job).toMatchObject({
      orderId: doc.orderId,
      invoiceNumber: 'NF-12345',
      kind: 'thermal',
      variant: 'output',
      locale: 'pt-BR',
      trigger: 'manual',
      state: 'printed',
      reason: null,
      printer: 'EPSON_TM_T20',
      copies: 1,
    });
    expect(changes.map((j) => j.state)).toEqual(['queued', 'printed']);
    expect(printer.printed).toHaveLength(1);
    expect(printer.printed[0]?.opts).toEqual({
      deviceName: 'EPSON_TM_T20',
      pageSize: { width: 80_000, height: 'fit' },
      copies: 1,
      silent: true,
    });
    expect(printer.printed[0]?.html).toContain('NF-12345');

    const pdf = join(dir, job.pdfPath ?? 'missing');
    const html = join(dir, job.htmlPath ?? 'missing');
    expect(job.pdfPath).toBe(join('slips', safeSegment(doc.orderId), 'NF-12345-thermal-pt-BR.pdf'));
    expect(readFileSync(pdf, 'utf8')).toMatch(/^%PDF-/);
    expect(readFileSync(html, 'utf8')).toBe(printer.printed[0]?.html);
    expect(queue.getJob(job.id)).toEqual(job);
    // Customer names and addresses: this OS user's alone.
    expect(statSync(pdf).mode & 0o777).toBe(0o600);
    expect(statSync(html).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'slips')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'slips', safeSegment(doc.orderId))).mode & 0o777).toBe(0o700);
  });

  it('sends a sheet to the sheet printer in the configured size, copies and language', async () => {
    printing = { ...printing, sheetSize: 'Letter', copies: 2, locale: 'es' };
    const doc = cache(invoicedOrder());
    const job = await queue.print({
      orderId: doc.orderId,
      invoiceNumber: 'NF-12345',
      kind: 'sheet',
    });
    expect(job).toMatchObject({
      state: 'printed',
      printer: 'HP_LaserJet',
      copies: 2,
      locale: 'es',
    });
    expect(printer.printed[0]?.opts).toMatchObject({
      deviceName: 'HP_LaserJet',
      pageSize: { width: 215_900, height: 279_400 },
      copies: 2,
    });
    expect(printer.printed[0]?.html).toContain('size: Letter;');
    expect(printer.printed[0]?.html).toContain('Comprobante de venta');
  });

  it('fails the job with "printer not found" without throwing, and still saves the PDF', async () => {
    printing = { ...printing, thermalPrinter: 'UNPLUGGED_PRINTER' };
    const doc = cache(invoicedOrder());
    const job = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    expect(job).toMatchObject({
      state: 'failed',
      reason: PRINT_FAILURE_REASONS.printerNotFound,
      printer: 'UNPLUGGED_PRINTER',
    });
    expect(printer.printed).toHaveLength(0);
    expect(existsSync(join(dir, job.pdfPath ?? 'missing'))).toBe(true);
    expect(changes.at(-1)).toEqual(job);
  });

  it('uses the system default printer when none is chosen, and fails when the station has none', async () => {
    printing = { ...printing, thermalPrinter: '' };
    const doc = cache(invoicedOrder());
    const job = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    expect(job).toMatchObject({ state: 'printed', printer: 'HP_LaserJet' });

    printer.printers = printer.printers.map((p) => ({ ...p, isDefault: false }));
    const unnamed = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    // The platform did not say which is the default: the backend gets '' (the system default).
    expect(unnamed).toMatchObject({ state: 'printed', printer: null });
    expect(printer.printed.at(-1)?.opts.deviceName).toBe('');

    printer.printers = [];
    const none = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    expect(none).toMatchObject({
      state: 'failed',
      reason: PRINT_FAILURE_REASONS.noPrinter,
      reasonCode: 'no-printer',
    });
  });

  it('records a print canceled in the dialog, and a driver error, as failures with their reason', async () => {
    const doc = cache(invoicedOrder());
    printer.failWith = new PrintFailure(PRINT_FAILURE_REASONS.canceled);
    const canceled = await queue.print({
      orderId: doc.orderId,
      invoiceNumber: 'NF-12345',
      dialog: true,
      printer: 'NOT_IN_THE_LIST',
    });
    // The dialog lets the user pick any printer: no "not found" check before it opens.
    expect(canceled).toMatchObject({ state: 'failed', reason: 'canceled in the print dialog' });

    printer.failWith = new Error('Printer is out of paper');
    const refused = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    expect(refused).toMatchObject({ state: 'failed', reason: 'Printer is out of paper' });
  });

  it('refuses an order that is not cached or an invoice it does not have, recording nothing', async () => {
    const doc = cache(invoicedOrder());
    await expectDeskError(
      queue.print({ orderId: 'nope-01', invoiceNumber: 'NF-12345' }),
      'PRINT_ORDER_NOT_FOUND',
    );
    await expectDeskError(
      queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-0' }),
      'PRINT_INVOICE_NOT_FOUND',
    );
    expect(queue.listJobs().jobs).toEqual([]);
  });

  it('prints one job at a time, in the order asked', async () => {
    const a = cache(invoicedOrder({ index: 1, invoiceNumber: 'NF-A' }));
    const b = cache(invoicedOrder({ index: 2, invoiceNumber: 'NF-B' }));
    let release: () => void = () => undefined;
    printer.hold = new Promise<void>((r) => (release = r));
    const started = new Promise<void>((r) => (printer.onStart = r));
    const first = queue.print({ orderId: a.orderId, invoiceNumber: 'NF-A' });
    const second = queue.print({ orderId: b.orderId, invoiceNumber: 'NF-B' });
    await started;
    // Give a (wrong) parallel queue every chance to start B while A is still printing.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(printer.calls).toEqual(['start NF-A']);
    expect(printer.pdfs.map((p) => /NF-[AB]/.exec(p.html)?.[0])).toEqual(['NF-A']);
    // Both are in the history already, waiting.
    expect(queue.listJobs().jobs.map((j) => [j.invoiceNumber, j.state])).toEqual([
      ['NF-B', 'queued'],
      ['NF-A', 'queued'],
    ]);
    printer.hold = null;
    printer.onStart = null;
    release();
    await Promise.all([first, second]);
    expect(printer.calls).toEqual(['start NF-A', 'end NF-A', 'start NF-B', 'end NF-B']);
  });

  it('reads the settings at every print', async () => {
    const doc = cache(invoicedOrder());
    await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    printing = { ...printing, copies: 3, locale: 'en' };
    const job = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    expect(job).toMatchObject({ copies: 3, locale: 'en' });
    expect(printer.printed.at(-1)?.html).toContain('Sales slip');
  });
});

describe('reprinting', () => {
  it('prints a job of the history again as a new job linked to it', async () => {
    const doc = cache(invoicedOrder());
    const first = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    clock.advance(60_000);
    const again = await queue.reprint(first.id, { copies: 2 });
    expect(again).toMatchObject({
      trigger: 'reprint',
      reprintOf: first.id,
      state: 'printed',
      copies: 2,
      orderId: doc.orderId,
      invoiceNumber: 'NF-12345',
      kind: 'thermal',
      createdAt: BASE_MS + 60_000,
    });
    expect(again.id).not.toBe(first.id);
    expect(printer.printed).toHaveLength(2);
    expect(queue.listJobs({ orderId: doc.orderId }).jobs.map((j) => j.id)).toEqual([
      again.id,
      first.id,
    ]);
  });

  it('reprints the saved copy when the order is no longer on this computer', async () => {
    const docs = new Map<string, OrderDocument>();
    const doc = invoicedOrder();
    docs.set(doc.orderId, doc);
    await queue.close();
    queue = start({ loadOrder: (id) => docs.get(id) });
    const first = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    docs.clear();
    const again = await queue.reprint(first.id);
    expect(again).toMatchObject({ state: 'printed', reprintOf: first.id, pdfPath: first.pdfPath });
    expect(printer.printed[1]?.html).toBe(printer.printed[0]?.html);
    expect(printer.pdfs).toHaveLength(1);
  });

  it('says why when there is nothing to reprint', async () => {
    await expectDeskError(queue.reprint('pj-none'), 'PRINT_JOB_NOT_FOUND');
    const docs = new Map<string, OrderDocument>();
    const doc = invoicedOrder();
    docs.set(doc.orderId, doc);
    await queue.close();
    queue = start({ loadOrder: (id) => docs.get(id) });
    const first = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-12345' });
    docs.clear();
    rmSync(join(dir, 'slips'), { recursive: true });
    await expectDeskError(queue.reprint(first.id), 'PRINT_ORDER_NOT_FOUND');
  });
});

describe('auto-print after invoicing', () => {
  it('does nothing while the setting is off', async () => {
    const doc = cache(invoicedOrder());
    expect(await queue.onInvoiceCreated(doc.orderId, 'NF-12345')).toBeNull();
    expect(queue.listJobs().jobs).toEqual([]);
  });

  it('prints the chosen slip for an output invoice, and never for a return', async () => {
    printing = { ...printing, autoPrintOnInvoice: true, autoPrintKind: 'sheet' };
    const doc = cache(returnedOrder());
    const job = await queue.onInvoiceCreated(doc.orderId, 'NF-12345');
    expect(job).toMatchObject({
      trigger: 'auto',
      kind: 'sheet',
      state: 'printed',
      printer: 'HP_LaserJet',
    });
    expect(await queue.onInvoiceCreated(doc.orderId, 'DEV-777')).toBeNull();
    expect(queue.listJobs().jobs).toHaveLength(1);
  });

  it('never rejects: a missing printer is a failed job, an unknown invoice a reported error', async () => {
    printing = { ...printing, autoPrintOnInvoice: true, thermalPrinter: 'GONE' };
    const doc = cache(invoicedOrder());
    const job = await queue.onInvoiceCreated(doc.orderId, 'NF-12345');
    expect(job).toMatchObject({ state: 'failed', reason: 'printer not found', trigger: 'auto' });
    expect(await queue.onInvoiceCreated(doc.orderId, 'NF-UNKNOWN')).toBeNull();
    expect(await queue.onInvoiceCreated('missing-01', 'NF-12345')).toBeNull();
    expect(errors.map((e) => e.context)).toEqual(['auto-print', 'auto-print']);
    expect(isDeskError(errors[0]?.err, 'PRINT_INVOICE_NOT_FOUND')).toBe(true);

    printing = { ...printing, thermalPrinter: 'EPSON_TM_T20' };
    printer.failWith = new Error('driver crashed');
    const failed = await queue.onInvoiceCreated(doc.orderId, 'NF-12345');
    expect(failed).toMatchObject({ state: 'failed', reason: 'driver crashed' });
  });

  /** An order in handling with an output invoice queued in the outbox, not yet at VTEX. */
  function pendingInvoice(invoiceNumber: string): { doc: OrderDocument; actionId: string } {
    const doc = invoicedOrder({ status: 'handling' });
    doc.packageAttachment = { packages: [] };
    cache(doc);
    const queued = queueAction(
      db,
      { station: 'Packing 2', operator: 'Joana', clock, utcOffsetMinutes: -180 },
      { verb: 'invoice', orderId: doc.orderId, data: { invoiceNumber } },
    );
    if (!queued.ok) throw new Error(queued.refusal.message);
    return { doc, actionId: queued.actionId };
  }

  /** VTEX accepted the invoice: the action is done and the cached order has the package. */
  function acceptAtVtex(doc: OrderDocument, actionId: string, invoiceNumber: string): void {
    setState(db, actionId, 'done', clock.now());
    const pkg = invoicedOrder().packageAttachment?.packages[0];
    if (!pkg) throw new Error('fixture has no package');
    cache({
      ...doc,
      status: 'invoiced',
      // Newer than the cached one, or the cache keeps what it has.
      lastChange: new Date(Date.parse(doc.lastChange) + 60_000).toISOString(),
      packageAttachment: { packages: [{ ...pkg, invoiceNumber }] },
    });
  }

  const status = (online: boolean) =>
    ({
      type: 'outbox-status',
      status: { online, paused: null, pending: 1, attention: 0, blocked: 0, lastSuccessAt: null },
    }) as unknown as Parameters<PrintQueue['onOutboxEvent']>[0];

  it('waits for VTEX to accept an invoice before printing its slip', async () => {
    printing = { ...printing, autoPrintOnInvoice: true };
    const { doc, actionId } = pendingInvoice('NF-WAIT-1');
    expect(await queue.onInvoiceCreated(doc.orderId, 'NF-WAIT-1')).toBeNull();
    await queue.onOutboxEvent({ type: 'actions-changed', orderIds: [doc.orderId] });
    expect(printer.printed).toEqual([]);

    acceptAtVtex(doc, actionId, 'NF-WAIT-1');
    await queue.onOutboxEvent({ type: 'actions-changed', orderIds: [doc.orderId] });
    await queue.onOutboxEvent({ type: 'actions-changed', orderIds: [doc.orderId] });
    const jobs = queue.listJobs().jobs;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      trigger: 'auto',
      state: 'printed',
      provisional: false,
      invoiceNumber: 'NF-WAIT-1',
    });
    expect(printer.printed[0]?.html).toContain('NF-WAIT-1');
    expect(printer.printed[0]?.html).not.toContain('PROVIS');
  });

  it('prints a PROVISIONAL slip while offline, then the final one after sync', async () => {
    printing = { ...printing, autoPrintOnInvoice: true };
    await queue.onOutboxEvent(status(false));
    const { doc, actionId } = pendingInvoice('NF-OFFLINE-1');
    const provisional = await queue.onInvoiceCreated(doc.orderId, 'NF-OFFLINE-1');
    expect(provisional).toMatchObject({
      state: 'printed',
      provisional: true,
      invoiceNumber: 'NF-OFFLINE-1',
    });
    expect(provisional?.pdfPath).toMatch(/-provisional\.pdf$/);
    expect(printer.printed[0]?.html).toContain('PROVISÓRIO — ainda não enviado à VTEX');
    // Still offline: one provisional slip is enough.
    await queue.onOutboxEvent(status(false));
    expect(printer.printed).toHaveLength(1);

    acceptAtVtex(doc, actionId, 'NF-OFFLINE-1');
    await queue.onOutboxEvent(status(true));
    expect(printer.printed).toHaveLength(2);
    expect(printer.printed[1]?.html).not.toContain('PROVIS');
    expect(queue.listJobs().jobs[0]).toMatchObject({ provisional: false, state: 'printed' });
  });

  it('never leaves a refused number on an unmarked slip: the re-numbered one prints once accepted', async () => {
    printing = { ...printing, autoPrintOnInvoice: true };
    await queue.onOutboxEvent(status(false));
    const { doc, actionId } = pendingInvoice('NF-REFUSED');
    await queue.onInvoiceCreated(doc.orderId, 'NF-REFUSED');
    // VTEX refused it (Needs attention): nothing more prints until someone fixes it.
    setState(db, actionId, 'attention', clock.now());
    await queue.onOutboxEvent(status(true));
    expect(printer.printed).toHaveLength(1);
    const edited = editAction(
      db,
      { station: 'Packing 2', operator: 'Joana', clock, utcOffsetMinutes: -180 },
      actionId,
      { invoiceNumber: 'NF-RENUMBERED' },
    );
    expect(edited.ok).toBe(true);
    acceptAtVtex(doc, actionId, 'NF-RENUMBERED');
    await queue.onOutboxEvent({ type: 'actions-changed', orderIds: [doc.orderId] });
    const byNumber = queue.listJobs().jobs.map((j) => [j.invoiceNumber, j.provisional]);
    expect(byNumber).toEqual([
      ['NF-RENUMBERED', false],
      ['NF-REFUSED', true],
    ]);
    expect(printer.printed.filter((p) => p.html.includes('NF-REFUSED'))).toHaveLength(1);
    expect(printer.printed[0]?.html).toContain('PROVISÓRIO');
  });

  it('forgets the wait of an invoice that was given up', async () => {
    printing = { ...printing, autoPrintOnInvoice: true };
    const { doc, actionId } = pendingInvoice('NF-GIVEN-UP');
    await queue.onInvoiceCreated(doc.orderId, 'NF-GIVEN-UP');
    setState(db, actionId, 'discarded', clock.now());
    await queue.onOutboxEvent(status(false));
    expect(printer.printed).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM print_waits').get()).toEqual({ n: 0 });
  });

  it('marks a slip printed by hand before VTEX accepted its invoice', async () => {
    const { doc } = pendingInvoice('NF-BY-HAND');
    const job = await queue.print({ orderId: doc.orderId, invoiceNumber: 'NF-BY-HAND' });
    expect(job).toMatchObject({ provisional: true, state: 'printed' });
    expect(printer.printed[0]?.html).toContain('PROVISÓRIO');
  });
});

describe('history', () => {
  it('marks jobs cut off by a crash as failed when the queue starts', async () => {
    const stuck = insertPrintJob(db, {
      id: 'pj-stuck',
      orderId: 'o-01',
      invoiceNumber: 'NF-1',
      kind: 'thermal',
      variant: 'output',
      locale: 'en',
      trigger: 'manual',
      reprintOf: null,
      copies: 1,
      printer: 'EPSON_TM_T20',
      now: BASE_MS,
    });
    expect(stuck.state).toBe('queued');
    await queue.close();
    clock.advance(5_000);
    queue = start();
    expect(queue.getJob('pj-stuck')).toMatchObject({
      state: 'failed',
      reason: INTERRUPTED_REASON,
      updatedAt: BASE_MS + 5_000,
    });
    expect(errors).toHaveLength(1);
  });

  it('pages newest first and filters by order and state', async () => {
    const a = cache(invoicedOrder({ index: 1 }));
    const b = cache(invoicedOrder({ index: 2 }));
    for (const o of [a, b, a, b, a]) {
      await queue.print({ orderId: o.orderId, invoiceNumber: 'NF-12345' });
      clock.advance(1_000);
    }
    printing = { ...printing, thermalPrinter: 'GONE' };
    await queue.print({ orderId: b.orderId, invoiceNumber: 'NF-12345' });

    const all = listPrintJobs(db).jobs;
    expect(all.map((j) => j.seq)).toEqual([...all.map((j) => j.seq)].sort((x, y) => y - x));
    const p1 = queue.listJobs({ limit: 4 });
    expect(p1.jobs).toHaveLength(4);
    const p2 = queue.listJobs({ limit: 4, before: p1.next ?? 0 });
    expect(p2.jobs).toHaveLength(2);
    expect(p2.next).toBeNull();
    expect([...p1.jobs, ...p2.jobs].map((j) => j.id)).toEqual(all.map((j) => j.id));
    expect(queue.listJobs({ orderId: a.orderId }).jobs).toHaveLength(3);
    expect(queue.listJobs({ state: 'failed' }).jobs.map((j) => j.orderId)).toEqual([b.orderId]);
  });

  it('keeps file names inside the slips folder whatever the ids contain', () => {
    const evil = safeSegment('../../etc/passwd');
    expect(evil).not.toMatch(/[/\\]|^\./);
    expect(safeSegment('..')).toBe('_');
    expect(safeSegment('NF 12/34')).toBe('NF_12_34');
    expect(safeSegment('')).toBe('_');
    expect(DEFAULT_PRINTING.copies).toBe(1);
  });
});
