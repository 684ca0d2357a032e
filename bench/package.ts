import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appSizeMb, buildApp, packDir } from '../scripts/package-dir';
import { atMost, type BenchModule } from './lib';

/**
 * The installed app's own weight: app.asar plus its unpacked files (better-sqlite3), as
 * electron-builder packs it for Linux. Electron itself (about 250 MB unpacked) is the same for
 * every app and not counted.
 */
export const packageBench: BenchModule = {
  name: 'package',
  async run() {
    const project = mkdtempSync(join(tmpdir(), 'order-desk-pack-bench-'));
    try {
      await buildApp();
      const linux = await packDir(project, 'linux');
      return { 'package.sizeMb': atMost(appSizeMb(linux), 'MB', 40) };
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  },
};
