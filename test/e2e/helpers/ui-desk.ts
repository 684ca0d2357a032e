import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost, type WebHostOptions } from '../../../main/host/web';
import type { SandboxOptions } from '../../../sandbox/context';
import { FAST } from '../../helpers/desk-ipc';
import { KEY, startSandbox, type TestSandbox } from '../../helpers/sandbox';
import { RESULTS, buildRenderer, launchChromium } from './chromium';

export { CHROMIUM, NO_CHROMIUM, RESULTS, hasChromium } from './chromium';

export interface UiDesk {
  sb: TestSandbox;
  web: WebHost;
  browser: Browser;
  dataDir: string;
  /** A page on the desk, English, 1280×720 (the smallest screen the desk supports). */
  open(opts?: { width?: number; height?: number }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/**
 * The whole desk for a browser test: a sandbox the test controls (manual clock, outages, its
 * control API), the real desk runtime behind the browser host talking to it with short loop
 * waits, the renderer built for production, and Chromium.
 */
export async function startUiDesk(
  opts: { sandbox?: SandboxOptions; host?: Partial<WebHostOptions> } = {},
): Promise<UiDesk> {
  mkdirSync(RESULTS, { recursive: true });
  const rendererDir = mkdtempSync(join(tmpdir(), 'desk-ui-page-'));
  await buildRenderer(rendererDir);
  const sb = await startSandbox({ windowToCancelSeconds: 60, ...opts.sandbox });
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-ui-data-'));
  const web = await startWebHost({
    dataDir,
    rendererDir,
    printer: null,
    tuning: FAST,
    testTimeoutMs: 2000,
    connection: { baseUrl: sb.url, ...KEY },
    ...opts.host,
  });
  const browser = await launchChromium();
  return {
    sb,
    web,
    browser,
    dataDir,
    async open(size = {}) {
      const context = await browser.newContext({
        viewport: { width: size.width ?? 1280, height: size.height ?? 720 },
        locale: 'en-US',
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (msg) => {
        // Product images cannot load here (no network); the page shows a placeholder instead.
        if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
          errors.push(msg.text());
        }
      });
      await page.goto(web.host.url);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await web.close();
      await sb.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}

/** Starts the shift the desk asks for at first (every action records the operator). */
export async function startShift(page: Page, name = 'Ana Souza'): Promise<void> {
  await page.getByTestId('operator-name').fill(name);
  await page.getByTestId('start-shift').click();
  await page.getByTestId('operator').filter({ hasText: name }).waitFor();
}

export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(RESULTS, `${name}.png`) });
}
