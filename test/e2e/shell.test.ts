import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, chromium, type Browser, type Page } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import electronViteConfig from '../../electron.vite.config';
import { probeElectron } from '../../main/host/electron-binary';
import { startWebHost, type WebHost } from '../../main/host/web';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS = join(REPO, 'test-results', 'e2e');
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const NO_CHROMIUM = `${CHROMIUM} is missing (apt-get install chromium)`;

/** The desk's globals as seen from inside the page (the test's own types have no DOM). */
type PageGlobals = { desk?: Record<string, unknown>; require?: unknown; process?: unknown };

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

describe('shell in the browser host', () => {
  const rendererDir = join(RESULTS, 'renderer');
  let dataDir = '';
  let web: WebHost | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!hasChromium) return;
    mkdirSync(RESULTS, { recursive: true });
    // The page exactly as `electron-vite build` makes it, into a folder of this test's own.
    const renderer = electronViteConfig.renderer ?? {};
    // Vitest runs with NODE_ENV=test, which would make vite and the React plugin build for
    // development; the shipped page is a production build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await viteBuild({
        ...renderer,
        configFile: false,
        base: './',
        mode: 'production',
        logLevel: 'warn',
        build: { ...renderer.build, outDir: rendererDir, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'));
    // The real composition: the demo sandbox in-process, the browser host in front.
    web = await startWebHost({ dataDir, rendererDir });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the header, the demo badge and a live connection', async (ctx) => {
    if (!hasChromium || !browser || !web) return ctx.skip(NO_CHROMIUM);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    await page.goto(web.host.url);

    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    expect(await heading.textContent()).toBe('Order Desk');
    const badge = page.getByTestId('mode-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('Demo — local sandbox');
    const connected = page
      .getByTestId('connection')
      .filter({ hasText: 'Connected to the desk via the browser host' });
    await connected.waitFor();
    // The desk's first screen: who works at this station (issue 5's shift start).
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Who is working here?',
    );

    // The token is traded for an HttpOnly cookie: out of the address bar, the history and the
    // page's scripts.
    expect(page.url()).toBe(`${web.host.origin}/`);
    const seen = (await page.evaluate(
      '({ cookie: document.cookie, storage: JSON.stringify({ ...sessionStorage, ...localStorage }) })',
    )) as { cookie: string; storage: string };
    expect(seen.cookie).not.toContain(web.host.token);
    expect(seen.storage).not.toContain(web.host.token);
    // A browser page gets no Electron bridge and no Node.
    const globals = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return { desk: typeof g.desk, require: typeof g.require, process: typeof g.process };
    });
    expect(globals).toEqual({ desk: 'undefined', require: 'undefined', process: 'undefined' });

    await page.screenshot({ path: join(RESULTS, 'shell.png') });
    // Also catches CSP violations (the event socket must pass connect-src 'self').
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows pushed events: the badge changes when the host says the mode changed', async (ctx) => {
    if (!hasChromium || !browser || !web) return ctx.skip(NO_CHROMIUM);
    const host = web;
    const page = await browser.newPage();
    await page.goto(host.host.url);
    await page.getByTestId('mode-badge').waitFor();
    // The page subscribes on load; wait until its socket is attached before pushing.
    await vi.waitFor(() => expect(host.runtime.events.listenerCount).toBeGreaterThan(0));
    host.runtime.events.emit({
      type: 'app:info-changed',
      info: { ...host.runtime.info(), mode: 'account' },
    });
    await page.getByTestId('mode-badge').filter({ hasText: 'VTEX account' }).waitFor();
    await page.close();
  });

  it('keeps working after a reload, the token remembered for the tab', async (ctx) => {
    if (!hasChromium || !browser || !web) return ctx.skip(NO_CHROMIUM);
    const page = await browser.newPage();
    await page.goto(web.host.url);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    expect(await page.getByTestId('mode-badge').textContent()).toBe('Demo — local sandbox');
    await page.close();
  });

  it('says what is wrong when opened without the token', async (ctx) => {
    if (!hasChromium || !browser || !web) return ctx.skip(NO_CHROMIUM);
    const page = await browser.newPage();
    collectErrors(page);
    await page.goto(`${web.host.origin}/`);
    await page.getByRole('heading', { name: 'The desk did not answer' }).waitFor();
    expect(await page.getByText('open the address the host printed').count()).toBeGreaterThan(0);
    await page.getByTestId('connection').filter({ hasText: 'Connection lost' }).waitFor();
    expect(await page.getByTestId('mode-badge').count()).toBe(0);
    await page.close();
  });
});

describe('shell in Electron', () => {
  it('opens one sandboxed window that only has window.desk', async (ctx) => {
    const probe = probeElectron();
    if (!probe.ok) return ctx.skip(`Electron cannot start here (${probe.reason})`);
    // better-sqlite3 (the demo sandbox) must be built for Electron's ABI, not just for Node's.
    const native = spawnSync(probe.bin, ['-e', "require('better-sqlite3')(':memory:').close()"], {
      cwd: REPO,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    if (native.status !== 0)
      return ctx.skip('better-sqlite3 is not built for Electron here (run electron-rebuild)');

    const { build: electronViteBuild } = await import('electron-vite');
    await electronViteBuild({ root: REPO, logLevel: 'warn' });
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-electron-'));
    const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
    const app = await _electron.launch({
      executablePath: probe.bin,
      args: [REPO, '--data-dir', dataDir, ...(asRoot ? ['--no-sandbox'] : [])],
      cwd: REPO,
    });
    try {
      const win = await app.firstWindow();
      await win
        .getByTestId('connection')
        .filter({ hasText: 'Connected to the desk via the desktop app' })
        .waitFor();
      expect(await win.getByTestId('mode-badge').textContent()).toBe('Demo — local sandbox');
      const globals = await win.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        return {
          desk: Object.keys(g.desk ?? {}).sort(),
          require: typeof g.require,
          process: typeof g.process,
        };
      });
      expect(globals).toEqual({
        desk: ['invoke', 'on'],
        require: 'undefined',
        process: 'undefined',
      });
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
