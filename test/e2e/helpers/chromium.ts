import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build as viteBuild } from 'vite';
import electronViteConfig from '../../../electron.vite.config';

/**
 * The browser side of the UI tests and of the UI bench (which runs outside Vitest, so nothing
 * here imports it): the page built for production, and Chromium.
 */

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
export const RESULTS = join(REPO, 'test-results', 'e2e');
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const NO_CHROMIUM = `${CHROMIUM} is missing (apt-get install chromium)`;

/**
 * The shipped page, built exactly as `electron-vite build` builds it (production mode), into a
 * folder of the caller's own so parallel builds never share one.
 */
export async function buildRenderer(outDir: string): Promise<void> {
  const renderer = electronViteConfig.renderer ?? {};
  // Vitest sets NODE_ENV=test, which would make vite and the React plugin build for development.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild({
      ...renderer,
      configFile: false,
      base: './',
      mode: 'production',
      logLevel: 'warn',
      build: { ...renderer.build, outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Item images point at VTEX's CDN; a test never leaves 127.0.0.1.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}
