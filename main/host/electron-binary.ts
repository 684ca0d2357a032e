import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronProbe = { ok: true; bin: string } | { ok: false; reason: string };

export interface ProbeOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Directory of the installed `electron` package (found from here by default). */
  packageDir?: string;
  timeoutMs?: number;
}

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * Finds the Electron binary and checks that it really runs (`--version`, short timeout).
 *
 * Deliberately not `require('electron')`: when the binary is missing, that require starts a
 * download from the internet and blocks on it. The package records the binary's path in path.txt
 * once its install step has fetched it, which is what we read instead.
 */
export function probeElectron(opts: ProbeOptions = {}): ElectronProbe {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const pkgDir = opts.packageDir ?? electronPackageDir();
  if (!pkgDir) return { ok: false, reason: 'the electron package is not installed' };
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { ok: false, reason: 'its binary was never downloaded' };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? join(override, relative) : join(pkgDir, 'dist', relative);
  if (!existsSync(bin)) return { ok: false, reason: `its binary ${bin} is missing` };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set' };
  }
  const probe = spawnSync(bin, ['--version'], {
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 10_000,
    env: { ...env, ELECTRON_RUN_AS_NODE: undefined },
  });
  if (probe.error) {
    const code = (probe.error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: code === 'ETIMEDOUT' ? `${bin} --version did not answer` : probe.error.message,
    };
  }
  if (probe.status !== 0) {
    const first = `${probe.stderr ?? ''}`.trim().split('\n')[0];
    return {
      ok: false,
      reason: first || `${bin} --version exited with ${probe.status ?? probe.signal}`,
    };
  }
  return { ok: true, bin };
}
