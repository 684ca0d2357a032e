import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as electronViteBuild } from 'electron-vite';
import { _electron } from 'playwright-core';
import { describe, it } from 'vitest';
import { probeElectron } from '../../main/host/electron-binary';
import { ensureElectronSqlite } from '../../main/host/electron-native';
import { SQLITE_BINDING_ENV } from '../../main/host/start-plan';

/**
 * The real desktop app, where Electron runs (a desktop with its binary, or CI with a display):
 * a shift, the ready queue, start handling an order in demo mode. Skipped where Electron cannot
 * start, with the reason.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const probe = probeElectron();
const native = probe.ok
  ? ensureElectronSqlite({
      cacheDir: join(REPO, '.native'),
      electronVersion: (await import('electron/package.json', { with: { type: 'json' } })).default
        .version,
    })
  : null;
const skipReason = !probe.ok
  ? `Electron cannot start here: ${probe.reason}`
  : native && !native.ok
    ? native.reason
    : null;

describe('the desktop app', () => {
  it('works a demo order: shift, queue, start handling', async (ctx) => {
    if (skipReason || !probe.ok || !native?.ok)
      return ctx.skip(skipReason ?? 'Electron unavailable');
    await electronViteBuild({ root: REPO, logLevel: 'warn' });
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-electron-app-'));
    const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
    const app = await _electron.launch({
      executablePath: probe.bin,
      args: [REPO, '--data-dir', dataDir, ...(asRoot ? ['--no-sandbox'] : [])],
      env: { ...process.env, [SQLITE_BINDING_ENV]: native.file },
      cwd: REPO,
    });
    try {
      const win = await app.firstWindow();
      await win.getByTestId('operator-name').fill('Ana Souza');
      await win.keyboard.press('Enter');
      await win.getByTestId('queue-ready').click();
      const row = win.getByTestId('order-row').first();
      await row.waitFor({ timeout: 60_000 });
      await row.click();
      await win.getByTestId('order-screen').waitFor();
      await win.keyboard.press('Alt+h');
      await win.getByTestId('dialog-start-handling').waitFor();
      await win.keyboard.press('Enter');
      await win.getByTestId('dialog-start-handling').waitFor({ state: 'detached' });
      await win
        .getByText(/Handling|Em manuseio|En preparación/)
        .first()
        .waitFor();
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
