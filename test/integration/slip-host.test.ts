import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../../main/core/clock';
import { closeDeskDb, openDeskDb, upsertOrders, type DeskDb } from '../../main/core/db';
import { ChromiumSlipPrinter, chromiumAvailable } from '../../main/core/print/chromium-pdf';
import { PRINT_FAILURE_REASONS } from '../../main/core/print/printer';
import { createPrintQueue, type PrintQueue } from '../../main/core/print/queue';
import { DEFAULT_PRINTING } from '../../main/core/print/settings';
import { startBrowserHost, type BrowserHost } from '../../main/ipc/browser-host';
import { HEADER_CONTENT_SECURITY_POLICY } from '../../main/ipc/csp';
import { DeskEvents } from '../../main/ipc/events';
import { createHandlers } from '../../main/ipc/handlers';
import type { AppInfo, DeskEvent, PrintJob } from '../../preload/contract';
import { BASE_MS } from '../helpers/desk-orders';
import { pdfInfo, popplerAvailable, PT_PER_MM } from '../helpers/pdf-tools';
import { invoicedOrder, STORE } from '../helpers/slip-fixtures';

/**
 * The browser host's side of printing (issue 6): the print:* channels over HTTP, the pushed
 * print:job-changed event, and the slip page and PDF a browser prints with its own dialog.
 */

const INFO: AppInfo = { name: 'Order Desk', version: '0.1.0', mode: 'demo', host: 'browser' };
const tmp = mkdtempSync(join(tmpdir(), 'slip-host-'));
const order = invoicedOrder();
const canPdf = chromiumAvailable() && popplerAvailable();
if (!canPdf)
  console.warn('slip PDF download test skipped: /usr/bin/chromium or poppler-utils is missing');

let db: DeskDb;
let printer: ChromiumSlipPrinter;
let queue: PrintQueue;
let host: BrowserHost;
let bare: BrowserHost;
const events = new DeskEvents();

beforeAll(async () => {
  const rendererDir = join(tmp, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Order Desk</title>');
  const clock = new ManualClock(BASE_MS);
  db = openDeskDb(join(tmp, 'desk.db'), { clock });
  upsertOrders(db, [order]);
  printer = new ChromiumSlipPrinter();
  queue = createPrintQueue({
    db,
    printer,
    dataDir: tmp,
    clock,
    settings: () => ({
      store: STORE,
      printing: { ...DEFAULT_PRINTING, autoPrintOnInvoice: true },
      appLocale: 'pt-BR',
    }),
    onJobChanged: (job) => events.emit({ type: 'print:job-changed', job }),
  });
  host = await startBrowserHost({
    handlers: createHandlers({ info: () => INFO, now: () => BASE_MS, print: () => queue }),
    events,
    rendererDir,
    slips: { queue: () => queue },
  });
  // A host whose desk core is not running yet: no queue behind the channels and routes.
  bare = await startBrowserHost({
    handlers: createHandlers({ info: () => INFO, now: () => BASE_MS }),
    events: new DeskEvents(),
    rendererDir,
    slips: { queue: () => null },
  });
});

afterAll(async () => {
  await host?.close();
  await bare?.close();
  await queue?.close();
  await printer?.close();
  if (db) closeDeskDb(db);
  rmSync(tmp, { recursive: true, force: true });
});

async function ipc(h: BrowserHost, channel: string, payload?: unknown) {
  const res = await fetch(`${h.origin}/ipc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-desk-token': h.token },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      ok: boolean;
      data?: unknown;
      error?: { code: string; message: string };
    },
  };
}

const slipUrl = (h: BrowserHost, query: string, invoice = 'NF-12345') =>
  `${h.origin}/slips/${order.orderId}/${invoice}?${query}`;

describe('print channels over the browser host', () => {
  it('records a job that cannot print silently in a browser, and pushes its changes', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}`);
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const pushed: DeskEvent[] = [];
    ws.on('message', (m) => pushed.push(JSON.parse(String(m)) as DeskEvent));

    const { status, body } = await ipc(host, 'print:slip', {
      orderId: order.orderId,
      invoiceNumber: 'NF-12345',
    });
    expect(status).toBe(200);
    const job = body.data as PrintJob;
    // Headless Chromium reaches no printer: the job fails and says to use the slip page instead.
    expect(job).toMatchObject({
      orderId: order.orderId,
      kind: 'thermal',
      state: 'failed',
      reason: PRINT_FAILURE_REASONS.noPrinter,
      reasonCode: 'no-printer',
    });
    expect(job.pdfPath).toMatch(/\.pdf$/);

    await expect.poll(() => pushed.length).toBe(2);
    expect(pushed.map((e) => e.type === 'print:job-changed' && e.job.state)).toEqual([
      'queued',
      'failed',
    ]);
    ws.close();

    const jobs = await ipc(host, 'print:jobs', { orderId: order.orderId });
    expect((jobs.body.data as { jobs: PrintJob[] }).jobs.map((j) => j.id)).toEqual([job.id]);
    const again = await ipc(host, 'print:reprint', { jobId: job.id, copies: 2 });
    expect(again.body.data).toMatchObject({ reprintOf: job.id, copies: 2, trigger: 'reprint' });
    expect((await ipc(host, 'print:printers')).body).toEqual({ ok: true, data: [] });
  });

  it('refuses bad payloads with a clear message and reports unknown invoices', async () => {
    const bad = await ipc(host, 'print:slip', {
      orderId: order.orderId,
      invoiceNumber: 'NF-12345',
      kind: 'A4',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/^Invalid payload for print:slip: kind: /);
    const copies = await ipc(host, 'print:reprint', { jobId: 'x', copies: 0 });
    expect(copies.status).toBe(400);
    const unknown = await ipc(host, 'print:slip', {
      orderId: order.orderId,
      invoiceNumber: 'NF-NOPE',
    });
    expect(unknown.body.ok).toBe(false);
    expect(unknown.body.error?.message).toContain('no invoice with that number');
  });

  it('says printing is unavailable while the host has no print queue', async () => {
    const res = await ipc(bare, 'print:jobs');
    expect(res.body.ok).toBe(false);
    expect(res.body.error?.message).toContain('Printing is not available');
    const page = await fetch(slipUrl(bare, `token=${bare.token}`));
    expect(page.status).toBe(503);
  });
});

describe('slip page and PDF', () => {
  it('needs the token', async () => {
    expect((await fetch(slipUrl(host, ''))).status).toBe(401);
    expect((await fetch(slipUrl(host, 'token=wrong'))).status).toBe(401);
  });

  it('serves the receipt as a page under the host CSP, and opens the print dialog when asked', async () => {
    const res = await fetch(slipUrl(host, `token=${host.token}&locale=es`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(HEADER_CONTENT_SECURITY_POLICY);
    const html = await res.text();
    expect(html).toContain('Comprobante de venta');
    expect(html).toContain(order.orderId);
    expect(html).not.toContain('<script');

    const printing = await (
      await fetch(slipUrl(host, `token=${host.token}&kind=sheet&print=1`))
    ).text();
    expect(printing).toContain('size: A4;');
    const src = /<script src="([^"]+)"><\/script><\/body>/.exec(printing)?.[1];
    expect(src).toBe(`/slips/print.js?token=${host.token}`);
    const script = await fetch(`${host.origin}${src}`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('window.print()');
  });

  it('answers 404 for an unknown invoice and 400 for a bad address', async () => {
    const missing = await fetch(slipUrl(host, `token=${host.token}`, 'NF-NOPE'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('no invoice with that number');
    const bad = await fetch(slipUrl(host, `token=${host.token}&kind=roll`));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^Bad slip address: kind: /);
  });

  it.skipIf(!canPdf)('serves the PDF saved with a print job, and nothing outside it', async () => {
    const { body } = await ipc(host, 'print:slip', {
      orderId: order.orderId,
      invoiceNumber: 'NF-12345',
    });
    const job = body.data as PrintJob;
    expect(job.pdfPath).toMatch(/\.pdf$/);
    const res = await fetch(`${host.origin}/slips/jobs/${job.id}.pdf?token=${host.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(
      readFileSync(join(tmp, job.pdfPath ?? '')),
    );
    expect((await fetch(`${host.origin}/slips/jobs/${job.id}.pdf`)).status).toBe(401);
    const unknown = await fetch(`${host.origin}/slips/jobs/pj-none.pdf?token=${host.token}`);
    expect(unknown.status).toBe(404);
    const sneaky = await fetch(`${host.origin}/slips/jobs/..%2Fsettings.json?token=${host.token}`);
    expect(sneaky.status).toBe(400);
  });

  it.skipIf(!canPdf)('downloads the receipt as an 80 mm PDF', async () => {
    const res = await fetch(slipUrl(host, `token=${host.token}&format=pdf`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="${order.orderId}-NF-12345-thermal.pdf"`,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(tmp, 'download.pdf');
    writeFileSync(file, bytes);
    const info = pdfInfo(file);
    expect(info.pages).toBe(1);
    expect(info.widthPt).toBeCloseTo(80 * PT_PER_MM, 0);
  });
});
