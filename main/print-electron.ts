import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BrowserWindow,
  type PrintToPDFOptions,
  type WebContents,
  type WebContentsPrintOptions,
} from 'electron';
import { buildPdfOptions, buildPrintOptions } from './core/print/electron-options';
import {
  fitHeightMm,
  fitPageCss,
  PRINT_FAILURE_REASONS,
  PrintFailure,
  type PrinterInfo,
  type SlipPrinter,
  type SlipPrintOptions,
} from './core/print/printer';
import type { SlipPageSize } from './core/print/render';

/**
 * Printing in the desktop app (issue 6): the only module that prints through Electron. A slip is
 * loaded into a hidden, sandboxed window and printed silently to the named printer with an
 * explicit page size, or through the system dialog when asked. All decisions about the options
 * live in core/print/electron-options.ts, which is tested without Electron.
 */

/** Electron's failure reason when the user closes the dialog. */
const CANCELLED = 'cancelled';

const MEASURE = `(document.querySelector('main') ?? document.body).getBoundingClientRect().height`;

async function withSlipWindow<T>(html: string, work: (wc: WebContents) => Promise<T>): Promise<T> {
  // A file rather than a data: URL: data URLs are capped at 2 MB and a long A4 slip with its
  // inline codes can get close.
  // A fresh 0700 folder per slip: a shared, fixed name in /tmp could be made in advance by
  // another user of the machine to read the customer's address from it.
  const dir = await mkdtemp(join(tmpdir(), 'order-desk-slip-'));
  const file = join(dir, 'slip.html');
  await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      // Needed only to measure the receipt; the slip itself has no scripts.
      javascript: true,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  try {
    await win.loadFile(file);
    return await work(win.webContents);
  } finally {
    win.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The receipt's laid-out height (CSS px); its @page is then overridden to exactly that. */
async function fitReceipt(wc: WebContents, size: SlipPageSize): Promise<number | null> {
  if (size.height !== 'fit') return null;
  const px = Number(await wc.executeJavaScript(MEASURE));
  await wc.insertCSS(fitPageCss(size.width, fitHeightMm(px)));
  return px;
}

export function createElectronSlipPrinter(): SlipPrinter {
  return {
    async listPrinters(): Promise<PrinterInfo[]> {
      const win = new BrowserWindow({
        show: false,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          disableBlinkFeatures: 'Auxclick',
        },
      });
      try {
        const printers = await win.webContents.getPrintersAsync();
        return printers.map((p) => {
          // Electron dropped PrinterInfo.isDefault; some platforms still say it in the options.
          // When none does, an unnamed print goes to the system default without naming it.
          const options = (p.options ?? {}) as Record<string, unknown>;
          return {
            name: p.name,
            displayName: p.displayName || p.name,
            description: p.description,
            isDefault: options['printer-is-default'] === 'true' || options['is-default'] === 'true',
          };
        });
      } finally {
        win.destroy();
      }
    },

    async print(html: string, opts: SlipPrintOptions): Promise<void> {
      await withSlipWindow(html, async (wc) => {
        const measured = await fitReceipt(wc, opts.pageSize);
        const options: WebContentsPrintOptions = buildPrintOptions(opts, measured);
        await new Promise<void>((resolve, reject) => {
          wc.print(options, (success, failureReason) => {
            if (success) resolve();
            else
              reject(
                new PrintFailure(
                  failureReason === CANCELLED
                    ? PRINT_FAILURE_REASONS.canceled
                    : failureReason || 'the printer refused the slip',
                ),
              );
          });
        });
      });
    },

    async toPdf(html: string, pageSize: SlipPageSize): Promise<Uint8Array> {
      return withSlipWindow(html, async (wc) => {
        const measured = await fitReceipt(wc, pageSize);
        const options: PrintToPDFOptions = buildPdfOptions(pageSize, measured);
        const pdf = await wc.printToPDF(options);
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      });
    },
  };
}
