import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumSlipPrinter, chromiumAvailable } from '../../main/core/print/chromium-pdf';
import { renderSlip, type RenderSlipInput } from '../../main/core/print/render';
import {
  decodeBarcode,
  pdfInfo,
  pdfText,
  popplerAvailable,
  PT_PER_MM,
  renderPngs,
} from '../helpers/pdf-tools';
import {
  invoicedOrder,
  LONG_NAME,
  manyItems,
  NFE_KEY,
  partialOrder,
  returnedOrder,
  STORE,
} from '../helpers/slip-fixtures';

/**
 * Issue 6's proof: slips rendered to PDF by a real Chromium, then read back like a printed page —
 * the paper size from the PDF, the words with pdftotext, the barcodes with an independent decoder
 * (ZXing) — and a PNG of each kind kept in test-results/slips/ for a person to look at.
 */

const OUT = join(process.cwd(), 'test-results', 'slips');
const canRun = chromiumAvailable() && popplerAvailable();
if (!canRun) console.warn('slip PDF tests skipped: /usr/bin/chromium or poppler-utils is missing');

/** pdftotext keeps the no-break spaces Intl puts in money; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const brl = (cents: number, locale = 'pt-BR') =>
  plain(new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' }).format(cents / 100));

describe.skipIf(!canRun)('slips as PDF in Chromium', () => {
  let printer: ChromiumSlipPrinter;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    printer = new ChromiumSlipPrinter();
    await printer.warmUp();
  });
  afterAll(async () => {
    await printer?.close();
  });

  /** Renders, writes `<name>.pdf` and its PNGs, and returns the file and the text. */
  async function make(name: string, input: Omit<RenderSlipInput, 'store'>) {
    const slip = await renderSlip({ ...input, store: STORE });
    const pdf = await printer.toPdf(slip.html, slip.pageSize);
    const file = join(OUT, `${name}.pdf`);
    writeFileSync(file, pdf);
    writeFileSync(join(OUT, `${name}.html`), slip.html);
    renderPngs(file, join(OUT, name));
    return { file, slip, text: plain(pdfText(file)), info: pdfInfo(file) };
  }

  it('prints the 80 mm receipt on one 80 mm page with everything the box needs', async () => {
    const order = invoicedOrder({
      items: [
        { product: 3, quantity: 2 },
        { product: 4, quantity: 1, name: LONG_NAME },
        { product: 5, quantity: 3 },
      ],
    });
    const { file, text, info } = await make('thermal-output-pt-BR', {
      order,
      invoiceNumber: 'NF-12345',
      kind: 'thermal',
      locale: 'pt-BR',
    });

    expect(info.pages).toBe(1);
    expect(info.widthPt).toBeCloseTo(80 * PT_PER_MM, 0);
    // A roll, not a sheet: as long as the content, certainly not A4's 297 mm.
    expect(info.heightPt / PT_PER_MM).toBeGreaterThan(120);
    expect(info.heightPt / PT_PER_MM).not.toBeCloseTo(297, 0);

    const upper = text.toUpperCase();
    for (const s of ['Loja Demo Centro', 'Rua Augusta, 1500', 'CNPJ 12.345.678/0001-90']) {
      expect(text).toContain(s);
    }
    expect(upper).toContain('NOTA DE VENDA');
    expect(text).toContain(`Pedido ${order.orderId}`);
    expect(text).toContain(String(order.sequence));
    expect(text).toContain('NF-12345');
    expect(text).toMatch(/Série\s+1\b/);
    expect(text).toContain('3526 1112 3456 7800 0190 5500');
    expect(text).toContain('27/11/2026, 14:35');
    expect(text).toContain(
      `${order.clientProfileData?.firstName} ${order.clientProfileData?.lastName}`,
    );
    expect(text).toContain(order.shippingData?.address?.street ?? 'street missing');
    for (const item of order.items) {
      expect(text).toContain(`SKU ${item.id}`);
      expect(text).toContain(brl(item.price * item.quantity));
    }
    expect(text).toContain(`Total da nota`);
    expect(text).toContain(brl(order.value));
    expect(text).toContain('Visa 3x final 4242');
    expect(text).toContain('Transportadora Rápida');
    expect(text).toContain('BR123456789XX');
    expect(text).toContain('Nota fiscal online');

    // The long name wraps inside the 72 mm band: every word is there, spread over several lines.
    const words = LONG_NAME.split(' ');
    for (const w of words) expect(text).toContain(w);
    const nameLines = text
      .split('\n')
      .filter((l) => words.some((w) => w.length > 6 && l.includes(w)));
    expect(nameLines.length).toBeGreaterThanOrEqual(3);

    expect(decodeBarcode(file, 'code128')).toBe(order.orderId);
    expect(decodeBarcode(file, 'qr')).toBe(`https://nfe.lojademo.com.br/danfe/${NFE_KEY}.pdf`);
  });

  it('says a recorded cash payment was paid in cash, and where a pickup order is collected', async () => {
    const order = invoicedOrder({ pickup: true, paymentGroup: 'promissory', invoiceUrl: null });
    const { file, text, info } = await make('thermal-pickup-cash-pt-BR', {
      order,
      invoiceNumber: 'NF-12345',
      kind: 'thermal',
      locale: 'pt-BR',
    });
    expect(info.pages).toBe(1);
    expect(info.widthPt).toBeCloseTo(80 * PT_PER_MM, 0);
    expect(text).toContain('Dinheiro — pago em dinheiro');
    expect(text.toUpperCase()).toContain('RETIRADA EM');
    expect(text).toContain('Loja Centro');
    // No invoice URL: no QR code and no caption.
    expect(text).not.toContain('Nota fiscal online');
    expect(decodeBarcode(file, 'qr')).toBeNull();
    expect(decodeBarcode(file, 'code128')).toBe(order.orderId);
  });

  it('paginates a 60-item order on A4 with the table header on every page', async () => {
    const items = manyItems(60);
    items[1] = { ...items[1], name: LONG_NAME };
    const order = invoicedOrder({ items });
    const { file, info } = await make('sheet-output-a4-en-60-items', {
      order,
      invoiceNumber: 'NF-12345',
      kind: 'sheet',
      locale: 'en',
      sheetSize: 'A4',
    });
    expect(info.pages).toBeGreaterThanOrEqual(2);
    for (const p of info.pageSizes) {
      expect(p.widthPt).toBeCloseTo(210 * PT_PER_MM, 0);
      expect(p.heightPt).toBeCloseTo(297 * PT_PER_MM, 0);
    }
    expect(info.pageSizes).toHaveLength(info.pages);

    const pages = Array.from({ length: info.pages }, (_, i) => plain(pdfText(file, i + 1)));
    const seen = new Set<string>();
    pages.forEach((page, i) => {
      // The repeated header (thead as table-header-group) and the page number.
      if (i < pages.length - 1 || /\bSKU\b/.test(page)) {
        expect(page).toMatch(/QTY\s+ITEM\s+SKU\s+UNIT PRICE\s+TOTAL/);
      }
      expect(page).toContain(`Page ${i + 1} of ${info.pages}`);
      for (const item of order.items) if (page.includes(item.id)) seen.add(item.id);
    });
    expect(seen.size).toBe(60);
    // The long name wraps inside its column: all of it is on the page, over several lines.
    const longLines = (pages[0] ?? '')
      .split('\n')
      .filter((l) => /Pima|Exclusiva|Reflorestada/.test(l));
    expect(longLines.length).toBeGreaterThanOrEqual(2);
    for (const w of LONG_NAME.split(' ')) expect(pages[0]).toContain(w);
    expect(pages[0]).toContain('SALES SLIP');
    expect(pages.at(-1)).toContain('Invoice total');
    expect(pages.at(-1)).toContain(brl(order.value, 'en'));
    expect(decodeBarcode(file, 'code128')).toBe(order.orderId);
  });

  it('prints the return slip on Letter in Spanish, with the refund', async () => {
    const order = returnedOrder();
    const refund = order.items[0]?.price ?? 0;
    const { text, info } = await make('sheet-return-letter-es', {
      order,
      invoiceNumber: 'DEV-777',
      kind: 'sheet',
      locale: 'es',
      sheetSize: 'Letter',
    });
    expect(info.pages).toBe(1);
    expect(info.widthPt).toBeCloseTo(8.5 * 72, 0);
    expect(info.heightPt).toBeCloseTo(11 * 72, 0);
    expect(text.toUpperCase()).toContain('COMPROBANTE DE DEVOLUCIÓN');
    expect(text.toUpperCase()).toContain('ARTÍCULOS DEVUELTOS');
    expect(text).toContain('Importe a reembolsar');
    expect(text).toContain(
      plain(
        new Intl.NumberFormat('es', { style: 'currency', currency: 'BRL' }).format(refund / 100),
      ),
    );
    expect(text).toContain('DEV-777');
    expect(text).not.toContain('Visa');
  });

  it('shows a partial invoice as such, with its share of shipping and the order total', async () => {
    const order = partialOrder();
    const pkg = order.packageAttachment?.packages[0];
    const { text, info } = await make('sheet-partial-a4-pt-BR', {
      order,
      invoiceNumber: 'NF-PART-1',
      kind: 'sheet',
      locale: 'pt-BR',
    });
    expect(info.pages).toBe(1);
    expect(text).toContain('Faturamento parcial');
    expect(text).toContain(`Total do pedido`);
    expect(text).toContain(brl(order.value));
    expect(text).toContain(brl(pkg?.invoiceValue ?? 0));
    expect(text).toContain(`Frete e descontos`);
    expect(text).toContain(brl(500));
  });

  it('prints the thermal return slip in Spanish', async () => {
    const { text, info } = await make('thermal-return-es', {
      order: returnedOrder(),
      invoiceNumber: 'DEV-777',
      kind: 'thermal',
      locale: 'es',
    });
    expect(info.pages).toBe(1);
    expect(info.widthPt).toBeCloseTo(80 * PT_PER_MM, 0);
    expect(text.toUpperCase()).toContain('COMPROBANTE DE DEVOLUCIÓN');
    expect(text).toContain('Importe a reembolsar');
  });
});
