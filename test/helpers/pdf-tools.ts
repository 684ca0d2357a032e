import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Zxing from '@zxing/library';
import type { DecodeHintType } from '@zxing/library';

/**
 * Reading PDFs the way a person would check a printed slip: page count and size (poppler's
 * pdfinfo), the text (pdftotext), a picture (pdftoppm), and the barcodes decoded from that picture
 * by an independent decoder (ZXing), not by the library that drew them.
 */

// ZXing ships CommonJS whose named exports Node's ESM loader cannot see: load it with require.
const zxing = createRequire(import.meta.url)('@zxing/library') as typeof Zxing;

export function popplerAvailable(): boolean {
  return ['pdfinfo', 'pdftotext', 'pdftoppm'].every((tool) => {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

export interface PdfInfo {
  pages: number;
  /** Points (1/72 in) of the first page. */
  widthPt: number;
  heightPt: number;
  /** Every page's size, from `pdfinfo -f 1 -l N`. */
  pageSizes: { widthPt: number; heightPt: number }[];
}

export const PT_PER_MM = 72 / 25.4;

export function pdfInfo(file: string): PdfInfo {
  const first = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(first)?.[1] ?? NaN);
  const all = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), file], { encoding: 'utf8' });
  const pageSizes = [...all.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)].map(
    (m) => ({
      widthPt: Number(m[1]),
      heightPt: Number(m[2]),
    }),
  );
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(first);
  return { pages, widthPt: Number(size?.[1]), heightPt: Number(size?.[2]), pageSizes };
}

/**
 * The text of the PDF (or one page). `-layout` keeps each printed line on one text line (a label
 * and its value side by side), which is what the assertions read.
 */
export function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', [...range, '-layout', '-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
  });
}

/** Renders every page to `${prefix}-N.png` at `dpi` (pdftoppm names the pages). */
export function renderPngs(file: string, prefix: string, dpi = 100): void {
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), file, prefix]);
}

interface Gray {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

function readPgm(file: string): Gray {
  const buf = readFileSync(file);
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!m) throw new Error(`${file} is not a binary PGM`);
  const width = Number(m[1]);
  const height = Number(m[2]);
  const start = m[0].length;
  return {
    width,
    height,
    data: new Uint8ClampedArray(buf.subarray(start, start + width * height)),
  };
}

/** Decodes one barcode format on page `page` rendered at 300 dpi; null when none is found. */
export function decodeBarcode(file: string, format: 'code128' | 'qr', page = 1): string | null {
  const prefix = `${file}.scan`;
  execFileSync('pdftoppm', [
    '-gray',
    '-r',
    '300',
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    file,
    prefix,
  ]);
  const pgm = `${prefix}.pgm`;
  try {
    const img = readPgm(pgm);
    const hints = new Map<DecodeHintType, unknown>([
      [
        zxing.DecodeHintType.POSSIBLE_FORMATS,
        [format === 'qr' ? zxing.BarcodeFormat.QR_CODE : zxing.BarcodeFormat.CODE_128],
      ],
      [zxing.DecodeHintType.TRY_HARDER, true],
    ]);
    const bitmap = new zxing.BinaryBitmap(
      new zxing.HybridBinarizer(new zxing.RGBLuminanceSource(img.data, img.width, img.height)),
    );
    try {
      return new zxing.MultiFormatReader().decode(bitmap, hints).getText();
    } catch (err) {
      if (err instanceof zxing.NotFoundException) return null;
      throw err;
    }
  } finally {
    if (existsSync(pgm)) rmSync(pgm);
  }
}
