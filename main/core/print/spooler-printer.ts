import { ChromiumSlipPrinter } from './chromium-pdf';
import { CupsSpooler } from './cups';
import { findChromium } from './find-browser';
import type { PrinterInfo, PrintReceipt, SlipPrinter, SlipPrintOptions } from './printer';
import type { SlipPageSize } from './render';

/**
 * The browser host's printer where the system has a spooler (CUPS on Linux and macOS): slips are
 * made into PDFs by a headless Chromium and those PDFs go to the system's printers. Where there is
 * no spooler the host keeps the PDF-only printer, and "Print" opens the slip in the browser.
 */
export class SpoolerSlipPrinter implements SlipPrinter {
  constructor(
    private readonly pdfMaker: Pick<SlipPrinter, 'toPdf' | 'close'>,
    private readonly spooler: Pick<CupsSpooler, 'listPrinters' | 'printPdf'>,
  ) {}

  listPrinters(): Promise<PrinterInfo[]> {
    return this.spooler.listPrinters();
  }

  async print(html: string, opts: SlipPrintOptions): Promise<PrintReceipt> {
    const pdf = await this.pdfMaker.toPdf(html, opts.pageSize);
    return this.spooler.printPdf(pdf, { ...opts, title: 'Order Desk slip' });
  }

  printPdf(pdf: Uint8Array, opts: SlipPrintOptions & { title: string }): Promise<PrintReceipt> {
    return this.spooler.printPdf(pdf, opts);
  }

  toPdf(html: string, pageSize: SlipPageSize): Promise<Uint8Array> {
    return this.pdfMaker.toPdf(html, pageSize);
  }

  async close(): Promise<void> {
    await this.pdfMaker.close?.();
  }
}

/** Systems whose printing goes through CUPS. */
export const CUPS_PLATFORMS: readonly NodeJS.Platform[] = ['linux', 'darwin', 'freebsd'];

/**
 * The browser host's printer: PDFs from the installed Chromium, printed through CUPS where the
 * system has it; null when no Chromium-family browser is installed (the caller says what to
 * install).
 */
export function createBrowserHostPrinter(
  opts: { platform?: NodeJS.Platform; executablePath?: string } = {},
): SlipPrinter | null {
  const executablePath = opts.executablePath ?? findChromium();
  if (!executablePath) return null;
  const pdf = new ChromiumSlipPrinter({ executablePath });
  const platform = opts.platform ?? process.platform;
  return CUPS_PLATFORMS.includes(platform) ? new SpoolerSlipPrinter(pdf, new CupsSpooler()) : pdf;
}
