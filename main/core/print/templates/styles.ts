import type { SheetSize } from '../settings';

/**
 * Print CSS of the slips. Sizes are physical (mm, pt) so the same document prints the same on a
 * 203 dpi receipt printer, a laser printer and in a PDF. Arial first: it is on every Windows
 * warehouse PC; Liberation Sans has the same metrics where Arial is missing.
 */

const FONT = `Arial, 'Liberation Sans', 'Helvetica Neue', Helvetica, 'DejaVu Sans', sans-serif`;

/** Width of the thermal roll and of the printable band inside it (the head leaves ~4 mm each side). */
export const THERMAL_WIDTH_MM = 80;
const THERMAL_PADDING_MM = 4;

const COMMON = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: ${FONT}; color: #000; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1, h2, p, dl, dd { margin: 0; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.muted { color: #333; }
.strong { font-weight: 700; }
/* Long product names and URLs wrap inside their column instead of overflowing the paper. */
.wrap { overflow-wrap: anywhere; word-break: break-word; }
.svg svg { display: block; width: 100%; height: 100%; }
.barcode { break-inside: avoid; }
.provisional { border: 0.8mm solid #000; padding: 1.5mm 2mm; margin: 0 0 3mm; text-align: center; break-inside: avoid; }
.provisional + * { margin-top: 0; }
main > .provisional:last-child { margin: 3mm 0 0; }
.provisional__title { font-weight: 700; font-size: 1.35em; letter-spacing: 0.02em; }
.provisional__hint { font-size: 0.9em; }
`;

/**
 * The 80 mm receipt. The page is exactly as tall as the receipt: `heightMm` comes from measuring
 * the laid-out slip (see fitThermalPage), or from estimateThermalHeightMm before that is possible.
 */
export function thermalCss(heightMm: number): string {
  return `${COMMON}
@page { size: ${THERMAL_WIDTH_MM}mm ${heightMm.toFixed(1)}mm; margin: 0; }
body { width: ${THERMAL_WIDTH_MM}mm; font-size: 8.5pt; line-height: 1.3; }
.slip { width: ${THERMAL_WIDTH_MM}mm; padding: 3mm ${THERMAL_PADDING_MM}mm 6mm; }
.center { text-align: center; }
.store-name { font-size: 12pt; font-weight: 700; text-align: center; }
.store-line { text-align: center; font-size: 8pt; }
.rule { border-top: 1px dashed #000; margin: 2mm 0; }
.title { font-size: 10.5pt; font-weight: 700; text-align: center; text-transform: uppercase; letter-spacing: 0.3pt; }
.order-id { font-size: 11pt; font-weight: 700; text-align: center; margin-top: 1mm; }
.barcode { width: 62mm; height: 13mm; margin: 1.5mm auto 0.5mm; }
.facts { display: grid; grid-template-columns: auto 1fr; column-gap: 2mm; row-gap: 0.3mm; }
.facts dt { font-weight: 700; white-space: nowrap; }
.facts dd { text-align: right; }
.key { text-align: center; margin-top: 0.8mm; }
.key-digits { font-family: 'Liberation Mono', 'DejaVu Sans Mono', monospace; font-size: 7.5pt; }
.block-title { font-weight: 700; text-transform: uppercase; font-size: 8pt; margin-bottom: 0.5mm; }
.line { margin-bottom: 1.2mm; break-inside: avoid; }
.line-name { font-weight: 700; }
.line-meta { display: flex; justify-content: space-between; gap: 2mm; font-size: 8pt; }
.row { display: flex; justify-content: space-between; gap: 2mm; }
.row.total { font-size: 11pt; font-weight: 700; margin-top: 0.8mm; }
.note { font-size: 8pt; font-style: italic; text-align: center; }
.qr { width: 26mm; height: 26mm; margin: 1.5mm auto 1mm; }
.url { font-size: 6.5pt; text-align: center; }
.thanks { text-align: center; font-weight: 700; margin-top: 2mm; }
`;
}

/** Millimetres per printed line at 8.5 pt × 1.3 (the receipt's body text). */
const LINE_MM = 3.9;
/** About how many characters of item name fit on one 72 mm line. */
const CHARS_PER_LINE = 34;

/**
 * A generous height for the receipt before it was laid out (the browser host's slip page, which
 * cannot measure itself under its CSP). Too tall only feeds a little blank paper; the printers
 * and the PDF path measure the real height instead.
 */
export function estimateThermalHeightMm(m: {
  lines: { name: string }[];
  payments: unknown[];
  store: { addressLines: string[] };
  invoiceUrl: string | null;
  destinationLines: number;
}): number {
  const itemLines = m.lines.reduce(
    (n, l) => n + Math.ceil(Math.max(1, l.name.length) / CHARS_PER_LINE) + 1,
    0,
  );
  const textLines =
    6 +
    m.store.addressLines.length +
    8 +
    5 +
    m.destinationLines +
    itemLines +
    6 +
    m.payments.length * 2 +
    5;
  const fixedMm = 9 + 16 + (m.invoiceUrl ? 34 : 0) + 12;
  return Math.ceil(textLines * LINE_MM + m.lines.length * 1.2 + fixedMm);
}

/** A4 or Letter, with the page number in the bottom margin. */
export function sheetCss(size: SheetSize, pageLabel: { page: string; of: string }): string {
  const q = (s: string) => JSON.stringify(s);
  return `${COMMON}
@page {
  size: ${size};
  margin: 14mm 12mm 16mm;
  @bottom-right { content: ${q(pageLabel.page)} " " counter(page) " " ${q(pageLabel.of)} " " counter(pages); font-family: ${FONT}; font-size: 8pt; color: #333; }
}
body { font-size: 9.5pt; line-height: 1.35; }
/* Half a millimetre of air: a border exactly on the page's content edge is clipped in the PDF. */
.slip { padding: 0 0.5mm; }
.head { display: flex; justify-content: space-between; align-items: flex-start; gap: 10mm; border-bottom: 1.5pt solid #000; padding-bottom: 4mm; }
.store-name { font-size: 15pt; font-weight: 700; }
.store-line { font-size: 9pt; }
.doc { text-align: right; min-width: 70mm; }
.title { font-size: 13pt; font-weight: 700; text-transform: uppercase; letter-spacing: 0.4pt; }
.barcode { width: 70mm; height: 14mm; margin: 2mm 0 1mm auto; }
.order-id { font-size: 11pt; font-weight: 700; }
.boxes { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 4mm; margin: 5mm 0; }
.box { border: 0.75pt solid #555; border-radius: 1.5mm; padding: 2.5mm 3mm; break-inside: avoid; }
.box h2, .block-title { font-size: 8pt; font-weight: 700; text-transform: uppercase; letter-spacing: 0.4pt; color: #333; margin-bottom: 1.2mm; }
table.items caption { text-align: left; caption-side: top; }
.facts { display: grid; grid-template-columns: auto 1fr; column-gap: 3mm; row-gap: 0.5mm; }
.facts dt { font-weight: 700; white-space: nowrap; }
.key { margin-top: 1mm; }
.key-digits { font-family: 'Liberation Mono', 'DejaVu Sans Mono', monospace; font-size: 8pt; }
table.items { width: 100%; border-collapse: collapse; }
/* Repeated at the top of every page when the items run over several pages. */
table.items thead { display: table-header-group; }
table.items th { text-align: left; font-size: 8pt; text-transform: uppercase; letter-spacing: 0.3pt; border-bottom: 1pt solid #000; padding: 1.5mm 2mm; }
table.items td { border-bottom: 0.5pt solid #bbb; padding: 1.6mm 2mm; vertical-align: top; }
table.items tr { break-inside: avoid; }
table.items .qty { width: 12mm; text-align: right; }
table.items .sku { width: 36mm; }
table.items .money { width: 26mm; }
table.items th.num { text-align: right; }
.sku-ean { font-size: 7.5pt; color: #333; white-space: nowrap; }
.bottom { display: grid; grid-template-columns: minmax(0, 1fr) 82mm; gap: 6mm; margin-top: 5mm; break-inside: avoid; }
.stack > * + * { margin-top: 4mm; }
.row { display: flex; justify-content: space-between; gap: 4mm; padding: 0.6mm 0; }
.row.total { font-size: 12pt; font-weight: 700; border-top: 1pt solid #000; margin-top: 1mm; padding-top: 1.5mm; }
.note { font-size: 8.5pt; font-style: italic; }
.qr-block { display: flex; align-items: center; gap: 4mm; margin-top: 6mm; break-inside: avoid; }
.qr { width: 28mm; height: 28mm; flex: none; }
.url { font-size: 8pt; }
`;
}
