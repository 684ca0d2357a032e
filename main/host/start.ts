import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeElectron } from './electron-binary';
import { ensureElectronSqlite } from './electron-native';
import { planStart } from './start-plan';
import { runWebHostCli } from './web-cli';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function electronVersion(): string {
  const pkg = JSON.parse(
    readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

/**
 * `npm start` (after `electron-vite build`): the desktop app when Electron can run on this machine
 * (with better-sqlite3 built for it), the browser host otherwise. Arguments after `--` go to either.
 */
async function start(argv: string[]): Promise<void> {
  const plan = planStart(probeElectron, () =>
    ensureElectronSqlite({
      cacheDir: join(REPO_ROOT, '.native'),
      electronVersion: electronVersion(),
    }),
  );
  if (plan.kind === 'web') {
    console.log(plan.line);
    await runWebHostCli(argv);
    return;
  }
  // Chromium refuses to run as root unless its OS sandbox is off; the renderer's own
  // `sandbox: true` (the page cannot reach Node) is unaffected.
  const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
  const child = spawn(plan.bin, [REPO_ROOT, ...(asRoot ? ['--no-sandbox'] : []), ...argv], {
    stdio: 'inherit',
    env: { ...process.env, ...plan.env, ELECTRON_RUN_AS_NODE: undefined },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

await start(process.argv.slice(2));
