import { fitHeightMm, type SlipPrintOptions } from './printer';
import type { SlipPageSize } from './render';

/**
 * The options Electron's printing gets, built as plain data so they are tested without Electron
 * (main/print-electron.ts only passes them on). The shapes mirror Electron's
 * WebContentsPrintOptions and PrintToPDFOptions; print-electron.ts is type-checked against those.
 *
 * The known pitfall (electron/electron#22225 and friends): without an explicit `pageSize` in
 * microns and a `deviceName`, a silent print uses the default printer's default paper, and an
 * 80 mm receipt comes out scaled onto an A4 page. So both are always set, and the receipt's height
 * is its measured content height.
 */

export interface ElectronPrintOptions {
  silent: boolean;
  printBackground: boolean;
  deviceName?: string;
  color: boolean;
  copies: number;
  margins: { marginType: 'default' };
  landscape: false;
  scaleFactor: number;
  /** Microns. */
  pageSize: { width: number; height: number };
}

export interface ElectronPdfOptions {
  printBackground: boolean;
  preferCSSPageSize: boolean;
  landscape: false;
  /** Zero here lets the CSS @page margins apply (as Playwright's page.pdf does). */
  margins: { top: 0; bottom: 0; left: 0; right: 0 };
  /** Inches (printToPDF's unit, unlike print's microns). */
  pageSize: { width: number; height: number };
}

/** Electron refuses page sides under 353 microns; a receipt is never shorter than 30 mm anyway. */
const MIN_RECEIPT_MICRONS = 30_000;

/** The page in microns, with a `fit` height resolved from the measured content height (CSS px). */
export function resolvePageSize(
  size: SlipPageSize,
  contentHeightPx: number | null,
): { width: number; height: number } {
  if (size.height !== 'fit') return { width: size.width, height: size.height };
  const measured =
    contentHeightPx !== null && Number.isFinite(contentHeightPx) ? contentHeightPx : 0;
  return {
    width: size.width,
    height: Math.max(MIN_RECEIPT_MICRONS, fitHeightMm(measured) * 1000),
  };
}

/** What `webContents.print` is called with. */
export function buildPrintOptions(
  opts: SlipPrintOptions,
  contentHeightPx: number | null,
): ElectronPrintOptions {
  const receipt = opts.pageSize.height === 'fit';
  return {
    silent: opts.silent,
    printBackground: true,
    // '' means "the system's default printer": leaving deviceName out is how Electron says that.
    ...(opts.deviceName ? { deviceName: opts.deviceName } : {}),
    // Receipt printers are monochrome; asking for colour makes some drivers dither the text.
    color: !receipt,
    copies: Math.max(1, Math.trunc(opts.copies)),
    // 'default' = the page's own CSS @page margins (0 on the receipt, whose padding keeps off the
    // head's dead band; 12–16 mm on a sheet). 'none' would drop the sheet's margins.
    margins: { marginType: 'default' },
    landscape: false,
    scaleFactor: 100,
    pageSize: resolvePageSize(opts.pageSize, contentHeightPx),
  };
}

/** What `webContents.printToPDF` is called with (the same page, in inches). */
export function buildPdfOptions(
  size: SlipPageSize,
  contentHeightPx: number | null,
): ElectronPdfOptions {
  const microns = resolvePageSize(size, contentHeightPx);
  return {
    printBackground: true,
    preferCSSPageSize: true,
    landscape: false,
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    pageSize: { width: microns.width / 25_400, height: microns.height / 25_400 },
  };
}
