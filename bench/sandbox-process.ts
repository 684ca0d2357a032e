import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const LINE = /^sandbox listening on (http:\/\/127\.0\.0\.1:\d+) appKey=(\S+) appToken=(\S+)$/;

export interface SandboxProcess {
  pid: number | undefined;
  url: string;
  key: { appKey: string; appToken: string };
  stop(): Promise<void>;
}

/** The sandbox's CLI in its own process (own core), on a free port, with these extra flags. */
export async function startSandboxProcess(flags: readonly string[]): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', ...flags],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  let out = '';
  child.stdout.setEncoding('utf8');
  while (!out.includes('\n')) {
    const chunk = await Promise.race([once(child.stdout, 'data'), exited.then(() => null)]);
    if (chunk === null) throw new Error('the sandbox exited before listening');
    out += String(chunk[0]);
  }
  const m = LINE.exec(out.split('\n')[0] ?? '');
  if (!m) throw new Error(`unexpected sandbox line: ${out}`);
  return {
    pid: child.pid,
    url: m[1] ?? '',
    key: { appKey: m[2] ?? '', appToken: m[3] ?? '' },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
