import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium, installHint } from './find-browser';
import type { SlipPageSize } from './render';
import {
  fitHeightMm,
  fitPageCss,
  PRINT_FAILURE_REASONS,
  PrintFailure,
  type PrinterInfo,
  type SlipPrinter,
} from './printer';

/**
 * Slips to PDF with a headless Chromium driven by playwright-core: the browser host (which has no
 * Electron to print with) and the tests. Never downloads a browser: it uses the one installed.
 */

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Quiet, offline, single-purpose: no GPU, no background network, no updates, no sync. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Pages kept open between PDFs (one per slip being made at the same time). */
const MAX_IDLE_PAGES = 2;

export interface ChromiumPdfOptions {
  executablePath?: string;
  args?: string[];
}

/** Whether slip PDFs can be made: the given browser, or any installed one (see find-browser.ts). */
export function chromiumAvailable(executablePath?: string): boolean {
  return executablePath ? existsSync(executablePath) : findChromium() !== null;
}

/**
 * Keeps one browser warm (launching takes most of a second; a PDF from a warm browser takes tens
 * of milliseconds) and relaunches it if it died. Each PDF has a page of its own (reused from one
 * PDF to the next), so calls may overlap.
 */
export class ChromiumSlipPrinter implements SlipPrinter {
  private launching: Promise<BrowserContext> | null = null;
  private browser: Browser | null = null;
  private closed = false;
  private idle: Page[] = [];

  constructor(private readonly opts: ChromiumPdfOptions = {}) {}

  private context(): Promise<BrowserContext> {
    if (this.closed) return Promise.reject(new Error('The PDF printer was closed'));
    if (!this.launching) {
      const executablePath = this.opts.executablePath ?? findChromium() ?? DEFAULT_CHROMIUM;
      this.launching = (async () => {
        if (!existsSync(executablePath)) {
          throw new Error(`Chromium is not installed at ${executablePath}. ${installHint()}`);
        }
        const browser = await chromium.launch({
          executablePath,
          args: this.opts.args ?? CHROMIUM_ARGS,
          headless: true,
        });
        if (this.closed) {
          await browser.close();
          throw new Error('The PDF printer was closed');
        }
        this.browser = browser;
        browser.on('disconnected', () => {
          // Next call launches a fresh one instead of failing forever.
          if (this.browser === browser) {
            this.browser = null;
            this.launching = null;
            this.idle = [];
          }
        });
        // Offline by construction: a slip is self-contained, so any request is refused.
        const context = await browser.newContext({ javaScriptEnabled: true, offline: true });
        await context.route('**/*', (route) => route.abort());
        return context;
      })();
      this.launching.catch(() => {
        this.launching = null;
      });
    }
    return this.launching;
  }

  /** Starts the browser now, so the first slip is as fast as the others. */
  async warmUp(): Promise<void> {
    await this.context();
  }

  async listPrinters(): Promise<PrinterInfo[]> {
    return [];
  }

  /** Headless Chromium reaches no printer: the browser host prints through the browser's dialog. */
  async print(): Promise<void> {
    throw new PrintFailure(PRINT_FAILURE_REASONS.noPrinting);
  }

  /** A ready page: an idle one when there is one (a new page costs ~50–100 ms), else a new one. */
  private async acquire(): Promise<Page> {
    const context = await this.context();
    let page = this.idle.pop();
    while (page?.isClosed()) page = this.idle.pop();
    if (page) return page;
    const fresh = await context.newPage();
    await fresh.emulateMedia({ media: 'print' });
    return fresh;
  }

  private release(page: Page, healthy: boolean): void {
    if (healthy && !this.closed && !page.isClosed() && this.idle.length < MAX_IDLE_PAGES) {
      this.idle.push(page);
    } else {
      void page.close().catch(() => undefined);
    }
  }

  async toPdf(html: string, pageSize: SlipPageSize): Promise<Uint8Array> {
    const page = await this.acquire();
    let healthy = false;
    try {
      // setContent replaces the whole document, so nothing of the previous slip stays behind.
      await page.setContent(html, { waitUntil: 'load' });
      let height = pageSize.height;
      if (height === 'fit') {
        // A receipt is one page as long as its content: measure the laid-out slip and override
        // the estimated @page height with it.
        const px = await page.evaluate<number>(
          `(document.querySelector('main') ?? document.body).getBoundingClientRect().height`,
        );
        const mm = fitHeightMm(px);
        await page.addStyleTag({ content: fitPageCss(pageSize.width, mm) });
        height = mm * 1000;
      }
      const pdf = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        width: `${pageSize.width / 1000}mm`,
        height: `${height / 1000}mm`,
      });
      healthy = true;
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      this.release(page, healthy);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle = [];
    const browser = this.browser;
    this.browser = null;
    this.launching = null;
    await browser?.close().catch(() => undefined);
  }
}
