import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { probeElectron } from './electron-binary';
import { runWebHostCli } from './web-cli';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm start` (after `electron-vite build`): the desktop app when Electron can run here, the
 * browser host otherwise. Arguments after `--` go to either.
 */
async function start(argv: string[]): Promise<void> {
  const electron = probeElectron();
  if (!electron.ok) {
    console.log(
      `Electron cannot start on this machine (${electron.reason}); serving the browser host instead.`,
    );
    await runWebHostCli(argv);
    return;
  }
  // Chromium refuses to run as root unless its OS sandbox is off; the renderer's own
  // `sandbox: true` (the page cannot reach Node) is unaffected.
  const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
  const child = spawn(electron.bin, [REPO_ROOT, ...(asRoot ? ['--no-sandbox'] : []), ...argv], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

await start(process.argv.slice(2));
