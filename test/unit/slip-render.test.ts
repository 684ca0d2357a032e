import { describe, expect, it } from 'vitest';
import { code128Svg } from '../../main/core/print/codes';
import {
  buildPdfOptions,
  buildPrintOptions,
  resolvePageSize,
} from '../../main/core/print/electron-options';
import { normalizeIso, SLIP_MESSAGES, slipFormat } from '../../main/core/print/i18n';
import { PAGE_SIZES, renderSlip } from '../../main/core/print/render';
import {
  DEFAULT_PRINTING,
  PrintingSettings,
  printSettingsOf,
  StoreSettings,
  toSlipLocale,
} from '../../main/core/print/settings';
import {
  buildSlipModel,
  formatDocument,
  formatInvoiceKey,
  seriesOf,
} from '../../main/core/print/slip-model';
import { isDeskError } from '../../main/core/errors';
import { Settings } from '../../main/core/settings/schema';
import {
  invoicedOrder,
  manyItems,
  NFE_KEY,
  partialOrder,
  returnedOrder,
  STORE,
} from '../helpers/slip-fixtures';

const sp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const model = (order = invoicedOrder(), invoiceNumber = 'NF-12345') =>
  buildSlipModel({ order, invoiceNumber, store: STORE, postalLabel: 'CEP' });

describe('slip content (model)', () => {
  it('takes a whole-order invoice: lines, the order totals, payment, courier, series from the key', () => {
    const order = invoicedOrder({
      items: [
        { product: 1, quantity: 2 },
        { product: 2, quantity: 1 },
      ],
    });
    const m = model(order);
    expect(m.variant).toBe('output');
    expect(m.partial).toBe(false);
    expect(m.lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.total])).toEqual(
      order.items.map((it) => [it.id, it.quantity, it.price, it.price * it.quantity]),
    );
    expect(m.subtotal).toBe(order.items.reduce((s, it) => s + it.price * it.quantity, 0));
    expect(m.units).toBe(3);
    expect(m.orderTotals).toEqual({
      discounts: order.totals.find((t) => t.id === 'Discounts')?.value,
      shipping: order.totals.find((t) => t.id === 'Shipping')?.value,
      tax: 0,
    });
    expect(m.invoiceTotal).toBe(order.value);
    expect(m.series).toBe('1');
    expect(m.invoiceKey).toBe(formatInvoiceKey(NFE_KEY));
    expect(m.payments).toEqual([
      { label: 'Visa', installments: 3, lastDigits: '4242', value: order.value, cash: null },
    ]);
    expect(m.courier).toBe('Transportadora Rápida');
    expect(m.trackingNumber).toBe('BR123456789XX');
    expect(m.store).toEqual({
      name: 'Loja Demo Centro',
      addressLines: ['Rua Augusta, 1500 – Consolação', 'São Paulo – SP · CEP 01304-001'],
      taxId: '12.345.678/0001-90',
    });
    expect(m.destination?.kind).toBe('delivery');
  });

  it('marks a recorded cash payment paid and an unrecorded one still due', () => {
    const paid = model(invoicedOrder({ paymentGroup: 'promissory' }));
    expect(paid.payments[0]?.cash).toBe('paid');
    const pending = invoicedOrder({ paymentGroup: 'promissory', status: 'payment-pending' });
    expect(model(pending).payments[0]?.cash).toBe('due');
    expect(model(invoicedOrder({ paymentGroup: 'bankInvoice' })).payments[0]?.cash).toBeNull();
  });

  it('names the pickup point instead of a delivery address', () => {
    const m = model(invoicedOrder({ pickup: true }));
    expect(m.destination).toMatchObject({ kind: 'pickup', name: 'Loja Centro' });
  });

  it('shows a partial invoice with its share of shipping and discounts, not the order totals', () => {
    const order = partialOrder();
    const m = model(order, 'NF-PART-1');
    expect(m.partial).toBe(true);
    expect(m.orderTotals).toBeNull();
    expect(m.lines).toHaveLength(1);
    expect(m.adjustments).toBe(500);
    expect(m.invoiceTotal).toBe(m.subtotal + 500);
    expect(m.orderTotal).toBe(order.value);
  });

  it('makes the return variant from an Input invoice: returned lines, refund, no payments', () => {
    const order = returnedOrder();
    const m = model(order, 'DEV-777');
    expect(m.variant).toBe('return');
    expect(m.lines).toEqual([expect.objectContaining({ quantity: 1, sku: order.items[0]?.id })]);
    expect(m.refund).toBe(order.items[0]?.price);
    expect(m.payments).toEqual([]);
    expect(m.partial).toBe(false);
    // The outbound SLA and courier are not the return's.
    expect(m.shippingMethod).toBeNull();
    expect(m.courier).toBeNull();
  });

  it('refuses an invoice number the order does not have', () => {
    try {
      model(invoicedOrder(), 'NF-NOPE');
      expect.unreachable();
    } catch (e) {
      expect(isDeskError(e, 'PRINT_INVOICE_NOT_FOUND')).toBe(true);
    }
  });

  it('falls back to the order seller when the store has no name yet', () => {
    const order = invoicedOrder();
    order.sellers = [{ id: '1', name: 'Loja do Vendedor' }];
    const m = buildSlipModel({
      order,
      invoiceNumber: 'NF-12345',
      store: StoreSettings.parse({}),
      postalLabel: 'CEP',
    });
    expect(m.store).toEqual({ name: 'Loja do Vendedor', addressLines: [], taxId: '' });
  });

  it('formats CPF, CNPJ and access keys; reads the series from the key or the package', () => {
    expect(formatDocument('47261727572')).toBe('472.617.275-72');
    expect(formatDocument('12345678000190')).toBe('12.345.678/0001-90');
    expect(formatDocument('AB-123')).toBe('AB-123');
    expect(formatDocument('  ')).toBeNull();
    expect(formatInvoiceKey(NFE_KEY)).toBe(
      '3526 1112 3456 7800 0190 5500 1000 0123 4510 0012 3456',
    );
    const pkg = invoicedOrder().packageAttachment?.packages[0];
    if (!pkg) throw new Error('no package');
    expect(seriesOf(pkg)).toBe('1');
    expect(seriesOf({ ...pkg, invoiceKey: null })).toBeNull();
    expect(seriesOf({ ...pkg, invoiceKey: null, invoiceSeries: '7' } as typeof pkg)).toBe('7');
  });
});

describe('slip words and numbers', () => {
  it('has every message in every language', () => {
    const keys = Object.keys(SLIP_MESSAGES.en).sort();
    for (const lang of ['pt-BR', 'es'] as const) {
      expect(Object.keys(SLIP_MESSAGES[lang]).sort()).toEqual(keys);
    }
    expect(SLIP_MESSAGES['pt-BR'].paidInCash).toBe('pago em dinheiro');
    expect(SLIP_MESSAGES.es.title.return).toBe('Comprobante de devolución');
  });

  it('formats money in the order currency and dates in the store zone, per language', () => {
    const pt = slipFormat('pt-BR', 'BRL', 'America/Sao_Paulo');
    expect(sp(pt.money(123456))).toBe('R$ 1.234,56');
    expect(sp(pt.money(-990))).toBe('-R$ 9,90');
    expect(pt.dateTime('2026-11-27T17:35:00.1234567Z')).toBe('27/11/2026, 14:35');
    expect(pt.dateTime('2026-11-27T14:35:00-0300')).toBe('27/11/2026, 14:35');
    expect(pt.dateTime('not a date')).toBe('not a date');
    const en = slipFormat('en', 'USD', 'UTC');
    expect(en.money(123456)).toBe('$1,234.56');
    expect(en.dateTime('2026-11-27T17:35:00Z')).toBe('11/27/2026, 05:35 PM');
    expect(sp(slipFormat('es', 'EUR', 'UTC').money(123456))).toBe('1234,56 €');
  });

  it('reads VTEX time strings', () => {
    expect(normalizeIso('2026-11-27T14:35:00.1234567-0300')).toBe('2026-11-27T14:35:00.123-03:00');
    expect(normalizeIso('2026-11-27')).toBe('2026-11-27');
  });

  it('maps app languages to slip languages', () => {
    expect(toSlipLocale('pt')).toBe('pt-BR');
    expect(toSlipLocale('pt_BR')).toBe('pt-BR');
    expect(toSlipLocale('es-AR')).toBe('es');
    expect(toSlipLocale('en-US')).toBe('en');
    expect(toSlipLocale('de')).toBe('en');
    expect(toSlipLocale(undefined)).toBe('en');
  });
});

describe('print settings', () => {
  it('fills defaults and refuses bad values', () => {
    expect(DEFAULT_PRINTING).toEqual({
      thermalPrinter: '',
      sheetPrinter: '',
      sheetSize: 'A4',
      autoPrintOnInvoice: false,
      autoPrintKind: 'thermal',
      copies: 1,
      slipRetentionDays: 90,
    });
    expect(PrintingSettings.safeParse({ copies: 0 }).success).toBe(false);
    expect(PrintingSettings.safeParse({ sheetSize: 'A3' }).success).toBe(false);
    expect(PrintingSettings.safeParse({ thermalPrinter: 'X', extra: 1 }).success).toBe(false);
    expect(StoreSettings.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(StoreSettings.parse({ timeZone: 'America/Sao_Paulo' }).timeZone).toBe(
      'America/Sao_Paulo',
    );
  });

  it('lives in the station settings file as optional blocks', () => {
    const base = {
      connection: { mode: 'url', baseUrl: 'http://127.0.0.1:8787' },
      appKey: 'k',
      stationName: 'Packing 2',
    };
    const without = Settings.parse(base);
    expect(printSettingsOf(without, 'pt-BR')).toEqual({
      store: StoreSettings.parse({}),
      printing: DEFAULT_PRINTING,
      appLocale: 'pt-BR',
    });
    const withPrinting = Settings.parse({
      ...base,
      store: { name: 'Loja', taxId: '1' },
      printing: { thermalPrinter: 'EPSON_TM_T20', autoPrintOnInvoice: true },
    });
    const snap = printSettingsOf(withPrinting, 'es');
    expect(snap.store.name).toBe('Loja');
    expect(snap.printing).toMatchObject({
      thermalPrinter: 'EPSON_TM_T20',
      autoPrintOnInvoice: true,
      copies: 1,
    });
    expect(Settings.safeParse({ ...base, printing: { copies: 99 } }).success).toBe(false);
  });
});

describe('slip HTML', () => {
  it('is a complete document with the receipt page size, codes and localized words', async () => {
    const order = invoicedOrder();
    const slip = await renderSlip({
      order,
      invoiceNumber: 'NF-12345',
      kind: 'thermal',
      locale: 'pt-BR',
      store: STORE,
    });
    expect(slip.html.startsWith('<!DOCTYPE html><html lang="pt-BR">')).toBe(true);
    expect(slip.html).toMatch(/@page \{ size: 80mm \d+(\.\d)?mm; margin: 0; \}/);
    expect(slip.pageSize).toEqual(PAGE_SIZES.thermal);
    expect(slip.html).toContain('Nota de venda');
    expect(slip.html).toContain(code128Svg(order.orderId));
    // One QR (the invoice URL) besides the barcode: two inline SVGs.
    expect(slip.html.match(/<svg/g)).toHaveLength(2);
    expect(slip.title).toContain(order.orderId);
  });

  it('leaves the QR code out when the invoice has no URL', async () => {
    const slip = await renderSlip({
      order: invoicedOrder({ invoiceUrl: null }),
      invoiceNumber: 'NF-12345',
      kind: 'thermal',
      locale: 'en',
      store: STORE,
    });
    expect(slip.html.match(/<svg/g)).toHaveLength(1);
    expect(slip.html).not.toContain('Invoice online');
  });

  it('sizes the sheet A4 or Letter with a repeating table header', async () => {
    const order = invoicedOrder({ items: manyItems(5) });
    const a4 = await renderSlip({
      order,
      invoiceNumber: 'NF-12345',
      kind: 'sheet',
      locale: 'es',
      store: STORE,
    });
    expect(a4.html).toContain('size: A4;');
    expect(a4.html).toContain('thead { display: table-header-group; }');
    expect(a4.html).toContain('"Página" " " counter(page) " " "de" " " counter(pages)');
    expect(a4.pageSize).toEqual({ width: 210_000, height: 297_000 });
    const letter = await renderSlip({
      order,
      invoiceNumber: 'NF-12345',
      kind: 'sheet',
      locale: 'en',
      store: STORE,
      sheetSize: 'Letter',
    });
    expect(letter.html).toContain('size: Letter;');
    expect(letter.pageSize).toEqual({ width: 215_900, height: 279_400 });
  });

  it('escapes whatever an order carries (names are text, never markup)', async () => {
    const order = invoicedOrder({
      items: [{ product: 1, name: '<img src=x onerror=alert(1)> & "Cia"' }],
    });
    if (order.clientProfileData)
      order.clientProfileData.firstName = '</style><script>alert(2)</script>';
    const { html } = await renderSlip({
      order,
      invoiceNumber: 'NF-12345',
      kind: 'sheet',
      locale: 'en',
      store: { ...STORE, name: '<b>Loja</b>' },
    });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Cia&quot;');
    expect(html).toContain('&lt;b&gt;Loja&lt;/b&gt;');
  });

  it('grows the estimated receipt with the number of lines', async () => {
    const height = async (n: number) => {
      const { html } = await renderSlip({
        order: invoicedOrder({ items: manyItems(n) }),
        invoiceNumber: 'NF-12345',
        kind: 'thermal',
        locale: 'en',
        store: STORE,
      });
      return Number(/size: 80mm ([\d.]+)mm/.exec(html)?.[1]);
    };
    const few = await height(2);
    const many = await height(30);
    expect(few).toBeGreaterThan(100);
    expect(many - few).toBeGreaterThan(28 * 7);
  });

  it('uses the measured height when it is known', async () => {
    const { html } = await renderSlip({
      order: invoicedOrder(),
      invoiceNumber: 'NF-12345',
      kind: 'thermal',
      locale: 'en',
      store: STORE,
      thermalHeightMm: 123.4,
    });
    expect(html).toContain('size: 80mm 123.4mm;');
  });
});

describe('Electron print options (the thermal pitfall)', () => {
  it('always names the page size in microns and the printer for a silent receipt', () => {
    const opts = buildPrintOptions(
      { deviceName: 'EPSON_TM_T20', pageSize: PAGE_SIZES.thermal, copies: 2, silent: true },
      756,
    );
    expect(opts).toEqual({
      silent: true,
      printBackground: true,
      deviceName: 'EPSON_TM_T20',
      color: false,
      copies: 2,
      margins: { marginType: 'default' },
      landscape: false,
      scaleFactor: 100,
      // 756 px = 200.03 mm, rounded up to whole millimetres, plus 2 mm of slack.
      pageSize: { width: 80_000, height: 203_000 },
    });
  });

  it('leaves deviceName out for the system default and keeps a sheet its paper', () => {
    const opts = buildPrintOptions(
      { deviceName: '', pageSize: PAGE_SIZES.A4, copies: 1, silent: false },
      null,
    );
    expect(opts).not.toHaveProperty('deviceName');
    expect(opts.silent).toBe(false);
    expect(opts.color).toBe(true);
    expect(opts.pageSize).toEqual({ width: 210_000, height: 297_000 });
  });

  it('never asks Electron for a receipt shorter than it accepts, even unmeasured', () => {
    expect(resolvePageSize(PAGE_SIZES.thermal, null)).toEqual({ width: 80_000, height: 30_000 });
    expect(resolvePageSize(PAGE_SIZES.thermal, Number.NaN).height).toBe(30_000);
    expect(resolvePageSize(PAGE_SIZES.Letter, 999)).toEqual({ width: 215_900, height: 279_400 });
  });

  it('gives printToPDF the same page in inches', () => {
    const pdf = buildPdfOptions(PAGE_SIZES.thermal, 378);
    expect(pdf.pageSize.width).toBeCloseTo(80 / 25.4, 6);
    // 378 px = 100.01 mm → 101 mm + 2 mm.
    expect(pdf.pageSize.height).toBeCloseTo(103 / 25.4, 6);
    expect(pdf).toMatchObject({ printBackground: true, preferCSSPageSize: true, landscape: false });
    const a4 = buildPdfOptions(PAGE_SIZES.A4, null).pageSize;
    expect(a4.width).toBeCloseTo(210 / 25.4, 9);
    expect(a4.height).toBeCloseTo(297 / 25.4, 9);
  });
});
