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

/** What a backend knows about a print it finished. */
export interface PrintReceipt {
  /** The spooler's id of the job (CUPS "Printer-42"). */
  spoolerJob?: string;
}

export interface SlipPrinter {
  listPrinters(): Promise<PrinterInfo[]>;
  /** Resolves once the job was handed to the printer; rejects with a PrintFailure. */
  print(html: string, opts: SlipPrintOptions): Promise<void | PrintReceipt>;
  /**
   * Prints a PDF already made from the slip (the spooler's way: the saved PDF is what goes to
   * paper, so the two never differ). Backends without it print the HTML.
   */
  printPdf?(pdf: Uint8Array, opts: SlipPrintOptions & { title: string }): Promise<PrintReceipt>;
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
  noPrinter: 'this station has no printer',
  canceled: 'canceled in the print dialog',
  noPrinting: 'this window cannot print; open the slip page and print it from the browser',
} as const;

/**
 * Why a print failed, as a stable code: the print history says it in the worker's language and
 * what to do about it; the job's `reason` keeps the detail (a printer's own message).
 */
export const PRINT_FAILURE_CODES = [
  /** The printer chosen for this slip is not (or no longer) at this station. */
  'printer-not-found',
  /** This station has no printer at all. */
  'no-printer',
  /** The printer is paused or stopped (out of paper, cover open, disabled). */
  'printer-stopped',
  /** The spooler refused the job or lost it. */
  'printer-refused',
  /** The print service (CUPS) is not running. */
  'spooler-down',
  /** The printer did not print it in time; the job was withdrawn so it does not print later. */
  'timeout',
  /** Closed in the print dialog. */
  'canceled',
  /** This host cannot print (a browser without a spooler): print from the slip page. */
  'no-printing',
  /** The slip could not be made from the order. */
  'slip-failed',
  /** The desk closed before the job printed. */
  'interrupted',
  /** Anything else a driver said. */
  'printer-error',
] as const;
export type PrintFailureCode = (typeof PRINT_FAILURE_CODES)[number];

/** A print that did not happen; `reason` goes into the job's history as is. */
export class PrintFailure extends Error {
  override readonly name = 'PrintFailure';
  constructor(
    readonly reason: string,
    readonly code: PrintFailureCode = codeOfReason(reason),
  ) {
    super(reason);
  }
}

/** The code of the fixed reasons (older backends throw the reason alone). */
function codeOfReason(reason: string): PrintFailureCode {
  switch (reason) {
    case PRINT_FAILURE_REASONS.printerNotFound:
      return 'printer-not-found';
    case PRINT_FAILURE_REASONS.noPrinter:
      return 'no-printer';
    case PRINT_FAILURE_REASONS.canceled:
      return 'canceled';
    case PRINT_FAILURE_REASONS.noPrinting:
      return 'no-printing';
    default:
      return 'printer-error';
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
