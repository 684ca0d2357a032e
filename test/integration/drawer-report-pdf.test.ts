import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import { closeDeskDb, openDeskDb, upsertOrders, type DeskDb } from '../../main/core/db';
import {
  addMovement,
  closeDrawer,
  openDrawer,
  queueCashPayment,
  type DrawerRow,
} from '../../main/core/drawer';
import { renderDrawerReport, reportModelOf } from '../../main/core/drawer/report';
import { ChromiumSlipPrinter, chromiumAvailable } from '../../main/core/print/chromium-pdf';
import { createPrintQueue } from '../../main/core/print/queue';
import { printSettingsOf } from '../../main/core/print/settings';
import { minimalOrder } from '../helpers/minimal-order';
import { pdfInfo, pdfText, popplerAvailable, PT_PER_MM, renderPngs } from '../helpers/pdf-tools';
import { STORE } from '../helpers/slip-fixtures';

/**
 * The shift report of a cash drawer, printed like the invoice slips: rendered by a real Chromium
 * to PDF and read back with pdftotext — on the 80 mm roll and on A4 — and through the print queue
 * as a job of its own in the print history. PNGs are kept in test-results/slips/ to look at.
 */

const OUT = join(process.cwd(), 'test-results', 'slips');
const canRun = chromiumAvailable() && popplerAvailable();
if (!canRun)
  console.warn('drawer report PDF tests skipped: /usr/bin/chromium or poppler-utils is missing');

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const brl = (cents: number, locale = 'pt-BR') =>
  plain(new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' }).format(cents / 100));

const T0 = Date.parse('2026-12-04T12:00:00.000Z');

describe.skipIf(!canRun)('shift report as PDF', () => {
  let printer: ChromiumSlipPrinter;
  let dir: string;
  let db: DeskDb;
  let clock: ManualClock;
  let drawer: DrawerRow;
  const sequences: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'drawer-report-'));
    clock = new ManualClock(T0);
    db = openDeskDb(join(dir, 'desk.db'), { clock });
    const actor = { station: 'Caixa 1', operator: 'Ana Souza', clock, utcOffsetMinutes: -180 };
    openDrawer(db, { ...actor, openingFloat: 10_000, now: clock.now() });
    for (const [value, received] of [
      [4_590, 5_000],
      [12_000, 20_000],
    ] as const) {
      clock.advance(15 * 60_000);
      const doc = minimalOrder({ unitPrice: value - 1000, quantity: 1 });
      const p = doc.paymentData?.transactions[0]?.payments[0];
      if (p) Object.assign(p, { group: 'cash', paymentSystemName: 'Dinheiro', value });
      doc.storePreferencesData = { currencyCode: 'BRL' } as typeof doc.storePreferencesData;
      upsertOrders(db, [doc]);
      sequences.push(`#${doc.sequence}`);
      const r = queueCashPayment(db, actor, { orderId: doc.orderId, due: value, received });
      expect(r.ok).toBe(true);
    }
    clock.advance(60_000);
    addMovement(db, {
      ...actor,
      kind: 'cash-out',
      amount: 5_000,
      note: 'Depósito',
      now: clock.now(),
    });
    clock.advance(60_000);
    drawer = closeDrawer(db, {
      counted: 21_500,
      note: 'Nota rasgada',
      operator: 'Ana Souza',
      now: clock.now(),
    });
    printer = new ChromiumSlipPrinter();
    await printer.warmUp();
  });
  afterAll(async () => {
    await printer?.close();
    if (db?.open) closeDeskDb(db);
    rmSync(dir, { recursive: true, force: true });
  });

  async function make(name: string, kind: 'thermal' | 'sheet', locale: 'pt-BR' | 'en') {
    const report = renderDrawerReport({
      ...reportModelOf(db, drawer.id),
      kind,
      locale,
      store: { ...STORE, timeZone: 'America/Sao_Paulo' },
      printedAt: clock.now(),
    });
    const pdf = await printer.toPdf(report.html, report.pageSize);
    const file = join(OUT, `${name}.pdf`);
    writeFileSync(file, pdf);
    renderPngs(file, join(OUT, name));
    return { text: plain(pdfText(file)), info: pdfInfo(file) };
  }

  it('the 80 mm report: float, cash payments with change, cash out, expected, count, difference', async () => {
    const { text, info } = await make('drawer-report-thermal-pt-BR', 'thermal', 'pt-BR');
    expect(info.pages).toBe(1);
    expect(info.widthPt).toBeCloseTo(80 * PT_PER_MM, 0);
    expect(text).toContain('RELATÓRIO DE TURNO · CAIXA');
    expect(text).toMatch(/Caixa\s+#1/);
    expect(text).toMatch(new RegExp(`Fundo de troco\\s+${brl(10_000).replace('$', '\\$')}`));
    expect(text).toMatch(/Vendas em dinheiro \(2\)\s+\+R\$ 165,90/);
    expect(text).toMatch(/Troco devolvido\s+R\$ 84,10/);
    expect(text).toMatch(/Retiradas de dinheiro\s+−R\$ 50,00/);
    expect(text).toMatch(/Esperado no caixa\s+R\$ 215,90/);
    expect(text).toMatch(/Contado\s+R\$ 215,00/);
    expect(text).toMatch(/Diferença\s+−R\$ 0,90 \(falta\)/);
    expect(text).toContain('Nota rasgada');
    for (const seq of sequences) expect(text).toContain(seq);
    expect(text).toMatch(/Recebido R\$ 200,00/);
    expect(text).toContain('Depósito');
    expect(text).toContain('Assinatura do operador');
  });

  it('the A4 report lists each payment with due, received and change in a table', async () => {
    const { text, info } = await make('drawer-report-sheet-en', 'sheet', 'en');
    expect(info.widthPt).toBeCloseTo(210 * PT_PER_MM, 0);
    expect(info.heightPt).toBeCloseTo(297 * PT_PER_MM, 0);
    expect(text).toContain('SHIFT REPORT · CASH DRAWER');
    expect(text).toMatch(/Expected in drawer\s+R\$215\.90/);
    expect(text).toMatch(/Difference\s+−R\$0\.90 \(short\)/);
    expect(text).toMatch(
      new RegExp(`${sequences[0]}\\s+R\\$45\\.90\\s+R\\$50\\.00\\s+R\\$4\\.10\\s+Ana Souza`),
    );
    expect(text).toMatch(
      new RegExp(`${sequences[1]}\\s+R\\$120\\.00\\s+R\\$200\\.00\\s+R\\$80\\.00`),
    );
  });

  it('goes through the print queue as a shift-report job, with its PDF saved', async () => {
    const queue = createPrintQueue({
      db,
      printer,
      dataDir: dir,
      clock,
      settings: () => printSettingsOf({ store: STORE }, 'en'),
    });
    const job = await queue.printReport({ drawerId: drawer.id, kind: 'sheet' });
    // Headless Chromium reaches no printer; the job says so, and its PDF is there to print.
    expect(job).toMatchObject({
      variant: 'shift-report',
      orderId: drawer.id,
      invoiceNumber: '1',
      kind: 'sheet',
      state: 'failed',
    });
    expect(job.pdfPath).toBeTruthy();
    expect(plain(pdfText(join(dir, job.pdfPath ?? '')))).toMatch(/Counted\s+R\$215\.00/);
    const again = await queue.reprint(job.id);
    expect(again).toMatchObject({ variant: 'shift-report', reprintOf: job.id });
    await expect(queue.printReport({ drawerId: 'cd-nope' })).rejects.toMatchObject({
      code: 'DRAWER_NOT_FOUND',
    });
    await queue.close();
  });
});
