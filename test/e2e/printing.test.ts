import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChromiumSlipPrinter } from '../../main/core/print/chromium-pdf';
import type { PrintJob } from '../../main/core/print/jobs';
import { createBrowserHostPrinter } from '../../main/core/print/spooler-printer';
import type { OrderDocument } from '../../vtex';
import { sandboxOrders } from '../helpers/outbox-desk';
import {
  hasChromium,
  NO_CHROMIUM,
  shot,
  startShift,
  startUiDesk,
  type UiDesk,
} from './helpers/ui-desk';

/**
 * Printing from the browser host as a worker does it. With CUPS: a queue whose device is a file
 * stands in for the printer; the invoice's slip prints by itself once VTEX has accepted the
 * invoice, an A4 sheet prints by hand from the order screen, and the file then holds exactly the
 * PDF the desk saved. A stopped printer fails in words. Without any printer, Print opens the slip
 * in a new tab and the print history opens its PDF.
 */

const WAIT = { timeout: 20_000, interval: 100 };
const QUEUE = `OrderDeskE2E${process.pid}`;
const DEVICE = join(tmpdir(), `order-desk-e2e-${process.pid}.out`);
const PPD = join(tmpdir(), `order-desk-e2e-${process.pid}.ppd`);

/**
 * A queue that hands the PDF to its device unchanged: gziptoany copies its input (CUPS passes a
 * raw queue's job to a file device through no filter at all, so nothing would be written).
 */
const PASS_THROUGH_PPD = `*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "ODPASS.PPD"
*Manufacturer: "Order Desk"
*Product: "(Pass-through)"
*ModelName: "Order Desk pass-through"
*ShortNickName: "Order Desk pass-through"
*NickName: "Order Desk pass-through"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsFilter: "application/pdf 0 gziptoany"
*OpenUI *PageSize: PickOne
*DefaultPageSize: A4
*PageSize A4: ""
*CloseUI: *PageSize
*DefaultImageableArea: A4
*ImageableArea A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4: "595 842"
`;

const sh = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });

/** Why the CUPS part cannot run here, in one line; null when it can. */
function cupsProblem(): string | null {
  if (!hasChromium) return NO_CHROMIUM;
  if (process.platform !== 'linux' && process.platform !== 'darwin')
    return 'no CUPS on this system';
  const running = sh('lpstat', ['-r']);
  if (running.error) return 'CUPS is not installed (apt-get install cups cups-client)';
  if (!/is running/.test(running.stdout)) return 'the CUPS scheduler is not running (start cupsd)';
  writeFileSync(PPD, PASS_THROUGH_PPD);
  const added = sh('lpadmin', ['-p', QUEUE, '-E', '-v', `file://${DEVICE}`, '-P', PPD]);
  if (added.status !== 0) {
    const said = `${added.stderr}${added.stdout}`.trim().split('\n')[0] ?? '';
    return `cannot add a CUPS test queue (needs root and "FileDevice Yes"): ${said}`;
  }
  return null;
}

async function ipc<T>(desk: UiDesk, channel: string, payload?: unknown): Promise<T> {
  const res = await fetch(`${desk.web.host.origin}/ipc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-desk-token': desk.web.host.token },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message ?? res.status}`);
  return body.data as T;
}

/** A paid order reaches the desk, is handled and invoiced (through the desk, so the outbox sends it). */
async function invoicedOrder(desk: UiDesk, invoiceNumber: string): Promise<OrderDocument> {
  const [order] = (await sandboxOrders(desk.sb, 1, {
    paymentGroup: 'creditCard',
    status: 'ready-for-handling',
  })) as [OrderDocument];
  await vi.waitFor(() => ipc(desk, 'orders:get', { orderId: order.orderId }), WAIT);
  await ipc(desk, 'actions:start-handling', { orderId: order.orderId });
  await vi.waitFor(async () => {
    desk.sb.clock.advance(5000);
    await desk.sb.app.sandbox.tick();
    const o = await ipc<{ row: { status: string; pendingCount: number } }>(desk, 'orders:get', {
      orderId: order.orderId,
    });
    expect(o.row).toMatchObject({ status: 'handling', pendingCount: 0 });
  }, WAIT);
  desk.sb.clock.advance(2000);
  await ipc(desk, 'actions:invoice', { orderId: order.orderId, invoiceNumber });
  return order;
}

async function openOrder(page: Page, orderId: string): Promise<void> {
  await page.keyboard.press('F2');
  await page.keyboard.type(orderId, { delay: 0 });
  await page.keyboard.press('Enter');
  await page.locator(`[data-testid="order-screen"][data-order-id="${orderId}"]`).waitFor(WAIT);
}

const cupsSkip = cupsProblem();

describe('printing through CUPS', () => {
  let desk: UiDesk;
  let page: Page;
  let errors: string[];
  let order: OrderDocument;

  beforeAll(async () => {
    desk = await startUiDesk({ host: { printer: createBrowserHostPrinter() } });
    ({ page, errors } = await desk.open({ width: 1024, height: 768 }));
    await page.getByTestId('shift-screen').waitFor();
    await startShift(page);
    await ipc(desk, 'settings:save', {
      printing: { thermalPrinter: QUEUE, sheetPrinter: QUEUE, autoPrintOnInvoice: true },
    });
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
    sh('cancel', ['-a', QUEUE]);
    sh('lpadmin', ['-x', QUEUE]);
    rmSync(DEVICE, { force: true });
    rmSync(PPD, { force: true });
  });

  it('prints the invoice slip by itself once VTEX accepted it: the queue gets the saved PDF', async (ctx) => {
    if (cupsSkip) return ctx.skip(cupsSkip);
    order = await invoicedOrder(desk, 'NF-CUPS-1');
    const job = await vi.waitFor(async () => {
      const { jobs } = await ipc<{ jobs: PrintJob[] }>(desk, 'print:jobs', {
        orderId: order.orderId,
      });
      expect(jobs[0]?.state).toBe('printed');
      return jobs[0] as PrintJob;
    }, WAIT);
    expect(job).toMatchObject({
      trigger: 'auto',
      kind: 'thermal',
      provisional: false,
      printer: QUEUE,
      invoiceNumber: 'NF-CUPS-1',
    });
    expect(job.spoolerJob).toMatch(new RegExp(`^${QUEUE}-\\d+$`));
    const saved = readFileSync(join(desk.dataDir, job.pdfPath ?? ''));
    await vi.waitFor(() => {
      expect(existsSync(DEVICE) && readFileSync(DEVICE).equals(saved)).toBe(true);
    }, WAIT);
    expect(saved.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('prints an A4 sheet by hand from the order screen', async (ctx) => {
    if (cupsSkip) return ctx.skip(cupsSkip);
    await openOrder(page, order.orderId);
    const card = page.getByTestId('invoices-card');
    await card.getByTestId('print-sheet').click();
    await page
      .getByTestId('toast')
      .filter({ hasText: `printed on ${QUEUE}` })
      .waitFor(WAIT);
    await vi.waitFor(() => {
      // A4 is 595 × 842 points (Chromium writes 594.96 × 841.92).
      expect(readFileSync(DEVICE).toString('latin1')).toMatch(
        /\/MediaBox \[0 0 59[45][.\d]* 84[12][.\d]*\]/,
      );
    }, WAIT);
    await shot(page, 'printing-01-order-printed');
  });

  it('says in words why a print failed (a stopped printer), and reprints once it is back', async (ctx) => {
    if (cupsSkip) return ctx.skip(cupsSkip);
    expect(sh('cupsdisable', ['-r', 'Out of paper', QUEUE]).status).toBe(0);
    await page.getByTestId('nav-print').click();
    await page.getByTestId('print-screen').waitFor();
    const rows = page.locator('[data-testid="print-screen"] tbody tr');
    await rows.first().getByRole('button', { name: 'Reprint' }).click();
    await page
      .getByTestId('print-job-reason')
      .filter({ hasText: `${QUEUE} is stopped: Out of paper` })
      .first()
      .waitFor(WAIT);
    await page.getByTestId('toast').filter({ hasText: 'Out of paper' }).first().waitFor();
    await shot(page, 'printing-02-history-failed');
    // Nothing is left at the printer to come out later as a duplicate.
    expect(sh('lpstat', ['-o', QUEUE]).stdout.trim()).toBe('');

    expect(sh('cupsenable', [QUEUE]).status).toBe(0);
    await rows.first().getByRole('button', { name: 'Reprint' }).click();
    await page
      .locator('[data-testid="print-job-state"]')
      .first()
      .filter({ hasText: 'Printed' })
      .waitFor(WAIT);
    expect(await page.getByTestId('print-open-pdf').count()).toBeGreaterThan(0);
  });

  it('shows the printers found in Settings, and prints a test page', async (ctx) => {
    if (cupsSkip) return ctx.skip(cupsSkip);
    await page.getByTestId('nav-settings').click();
    const panel = page.getByTestId('printers-panel');
    await panel.locator(`[data-printer="${QUEUE}"]`).waitFor(WAIT);
    await panel.getByTestId('test-page-thermal').click();
    await panel
      .getByTestId('test-page-result')
      .filter({ hasText: 'Test page sent to' })
      .waitFor(WAIT);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'printing-03-settings-printers');
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('printing where there is no printer', () => {
  let desk: UiDesk;
  let page: Page;
  let errors: string[];
  let order: OrderDocument;

  beforeAll(async () => {
    // The browser host where the system has no spooler (Windows): PDFs only.
    desk = await startUiDesk({ host: { printer: new ChromiumSlipPrinter() } });
    ({ page, errors } = await desk.open({ width: 1024, height: 768 }));
    await page.getByTestId('shift-screen').waitFor();
    await startShift(page);
    order = await invoicedOrder(desk, 'NF-TAB-1');
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('opens the slip in a new tab with the print dialog, instead of a dead end', async () => {
    await openOrder(page, order.orderId);
    const card = page.getByTestId('invoices-card');
    await card.getByText('No printer here: Print opens the slip in a new tab.').waitFor(WAIT);
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      card.getByTestId('print-thermal').click(),
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toContain(`/slips/${order.orderId}/NF-TAB-1?`);
    expect(tab.url()).toContain('print=1');
    expect(await tab.locator('main.slip').textContent()).toContain('NF-TAB-1');
    // The page asks the browser for its print dialog by itself.
    expect(await tab.locator('script[src^="/slips/print.js"]').count()).toBe(1);
    await tab.close();
    await shot(page, 'printing-04-no-printer-order');
  });

  it('the print history opens the saved PDF of a job that could not print', async () => {
    // Auto-print is off here; a job that failed (no printer) still saved its PDF.
    await ipc(desk, 'print:slip', { orderId: order.orderId, invoiceNumber: 'NF-TAB-1' });
    await page.getByTestId('nav-print').click();
    await page.getByTestId('print-screen').waitFor();
    await page
      .getByTestId('print-job-reason')
      .filter({ hasText: 'This computer has no printer' })
      .first()
      .waitFor(WAIT);
    const href = await page.getByTestId('print-open-pdf').first().getAttribute('href');
    expect(href).toMatch(/^\/slips\/jobs\/pj-[\w-]+\.pdf\?token=/);
    const res = await page.request.get(new URL(href ?? '', desk.web.host.origin).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await shot(page, 'printing-05-no-printer-history');
    expect(errors).toEqual([]);
  });
});
