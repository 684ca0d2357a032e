import type { SlipPageSize } from './render';

/**
 * Where slips go: a printer backend. Electron prints silently to a named system printer
 * (main/print-electron.ts); headless Chromium only makes PDFs (the browser host and the tests).
 * The print queue talks to this interface only.
 */

export interface PrinterInfo {
  /** The system name, which printing needs (not the friendly name). */
  name: string;
  displayName: string;
  description: string;
  isDefault: boolean;
}

export interface SlipPrintOptions {
  /** System printer name; '' prints to the system's default printer. */
  deviceName: string;
  pageSize: SlipPageSize;
  copies: number;
  /** false: show the system print dialog (the user may change the printer or cancel). */
  silent: boolean;
}

export interface SlipPrinter {
  listPrinters(): Promise<PrinterInfo[]>;
  /** Resolves once the job was handed to the printer; rejects with a PrintFailure. */
  print(html: string, opts: SlipPrintOptions): Promise<void>;
  /** The slip as a PDF document. */
  toPdf(html: string, pageSize: SlipPageSize): Promise<Uint8Array>;
  /** Releases a warm browser or window (idempotent). */
  close?(): Promise<void>;
}

/**
 * The reasons recorded on a failed print job. Stable strings: the print history shows them and
 * tests match them.
 */
export const PRINT_FAILURE_REASONS = {
  printerNotFound: 'printer not found',
  canceled: 'canceled in the print dialog',
  noPrinting: 'this window cannot print; open the slip page and print it from the browser',
} as const;

/** A print that did not happen; `reason` goes into the job's history as is. */
export class PrintFailure extends Error {
  override readonly name = 'PrintFailure';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** CSS pixels (1/96 in) to millimetres. */
export const PX_TO_MM = 25.4 / 96;

/**
 * The receipt's page height for its measured content height: a little slack so rounding never
 * pushes the last line onto a second page (a thermal roll has no pages).
 */
export function fitHeightMm(contentHeightPx: number): number {
  return Math.ceil(contentHeightPx * PX_TO_MM) + 2;
}

/** A style rule that overrides the receipt's estimated `@page` height with the measured one. */
export function fitPageCss(widthMicrons: number, heightMm: number): string {
  return `@page { size: ${widthMicrons / 1000}mm ${heightMm}mm; margin: 0; }`;
}
