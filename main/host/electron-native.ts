import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type NativeBuild = { ok: true; file: string } | { ok: false; reason: string };

export interface ElectronNativeOptions {
  /** Where the Electron builds are kept (default: .native/ in the repository). */
  cacheDir: string;
  electronVersion: string;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Runs prebuild-install; replaced in tests. */
  fetch?: (cwd: string, args: string[]) => { ok: boolean; detail: string };
  timeoutMs?: number;
}

const require = createRequire(import.meta.url);

function runPrebuildInstall(timeoutMs: number) {
  return (cwd: string, args: string[]): { ok: boolean; detail: string } => {
    const r = spawnSync(process.execPath, [require.resolve('prebuild-install/bin.js'), ...args], {
      cwd,
      encoding: 'utf8',
      timeout: timeoutMs,
    });
    const detail = `${r.stderr ?? ''}`.trim().split('\n').filter(Boolean).pop() ?? '';
    return { ok: r.status === 0, detail: r.error?.message ?? detail };
  };
}

/**
 * better-sqlite3 compiled for this Electron version, next to (never over) the Node build in
 * node_modules: its published prebuilt binary for Electron, fetched once with prebuild-install
 * into `cacheDir/electron-VERSION-PLATFORM-ARCH/`. Fails with a one-line reason where it cannot
 * be downloaded (no internet, no prebuilt binary for this platform).
 */
export function ensureElectronSqlite(opts: ElectronNativeOptions): NativeBuild {
  const platform = opts.platform ?? process.platform;
  const arch = opts.arch ?? process.arch;
  const dir = join(opts.cacheDir, `electron-${opts.electronVersion}-${platform}-${arch}`);
  const file = join(dir, 'better_sqlite3.node');
  if (existsSync(file)) return { ok: true, file };

  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'order-desk-native-'));
  try {
    // prebuild-install reads the package's name and version and unpacks into build/Release.
    copyFileSync(join(pkgDir, 'package.json'), join(work, 'package.json'));
    const fetch = opts.fetch ?? runPrebuildInstall(opts.timeoutMs ?? 60_000);
    const r = fetch(work, [
      '--runtime',
      'electron',
      '--target',
      opts.electronVersion,
      '--platform',
      platform,
      '--arch',
      arch,
    ]);
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (!r.ok || !existsSync(built)) {
      return {
        ok: false,
        reason: `better-sqlite3 for Electron ${opts.electronVersion} could not be fetched${r.detail ? ` (${r.detail})` : ''}`,
      };
    }
    mkdirSync(dir, { recursive: true });
    copyFileSync(built, file);
    return { ok: true, file };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
