import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../sandbox/cli';
import { startSandboxServer } from '../../sandbox/server';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const LINE = /^sandbox listening on (http:\/\/127\.0\.0\.1:(\d+)) appKey=(\S+) appToken=(\S+)$/;

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Runs the CLI the way `npm run sandbox` does (node + tsx), without npx's start-up cost. */
function runCli(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  running.push(child);
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function firstLine(run: Run): Promise<string> {
  const stdout = run.child.stdout;
  if (!stdout) throw new Error('no stdout');
  while (!run.stdout().includes('\n')) {
    const done = await Promise.race([
      once(stdout, 'data').then(() => false),
      run.exit.then(() => true),
    ]);
    if (done && !run.stdout().includes('\n'))
      throw new Error(`the CLI exited early: ${run.stderr()}`);
  }
  return run.stdout().split('\n')[0] ?? '';
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0))
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('sandbox CLI', () => {
  it('prints exactly one line, serves with the given key, applies --fault and exits 0 on SIGTERM', async () => {
    const run = runCli([
      '--port',
      '0',
      '--app-key',
      'vtexappkey-cli-K1',
      '--app-token',
      'cli-secret',
      '--rate-limit',
      '100',
      '--seed',
      '3',
      '--fault',
      'error:status=503:count=1:route=GET /api/orders/feed/config',
    ]);
    const line = await firstLine(run);
    const m = LINE.exec(line);
    expect(m, line).not.toBeNull();
    const [, url, , appKey, appToken] = m ?? [];
    expect(appKey).toBe('vtexappkey-cli-K1');
    expect(appToken).toBe('cli-secret');
    const headers = {
      'x-vtex-api-appkey': 'vtexappkey-cli-K1',
      'x-vtex-api-apptoken': 'cli-secret',
    };

    const first = await fetch(`${url}/api/orders/feed/config`, { headers });
    expect(first.status).toBe(503);
    expect((await fetch(`${url}/api/orders/feed/config`, { headers })).status).toBe(404);
    // The pair replaced the default one.
    const old = {
      'x-vtex-api-appkey': 'vtexappkey-sandbox-DESK01',
      'x-vtex-api-apptoken': 'sandbox-secret-token',
    };
    expect((await fetch(`${url}/api/orders/feed/config`, { headers: old })).status).toBe(401);
    expect(await (await fetch(`${url}/_sandbox/config`)).json()).toMatchObject({
      rateLimitPerMinute: 100,
    });

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toBe(`${line}\n`);
    expect(run.stderr()).toBe('');
  });

  it('starts an outage given by --fault once listening, then recovers; SIGINT exits 0', async () => {
    const run = runCli(['--port', '0', '--fault', 'outage:seconds=1']);
    const url = LINE.exec(await firstLine(run))?.[1] ?? '';
    const t0 = Date.now();
    const refused = await fetch(`${url}/_sandbox/ping`).then(
      (r) => `status ${r.status}`,
      (e: { cause?: { code?: string } }) => e.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    let status = 0;
    while (Date.now() - t0 < 8000 && status !== 200) {
      status = await fetch(`${url}/_sandbox/ping`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  });

  it('rejects a bad flag with one line on stderr and exit code 2', async () => {
    const run = runCli(['--port', 'abc']);
    expect(await run.exit).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toBe(
      'sandbox: --port must be an integer from 0 to 65535, got "abc" (see --help)\n',
    );
  });

  it('prints usage for --help', async () => {
    const run = runCli(['--help']);
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: npm run sandbox -- \[options\]/);
    for (const flag of [
      '--port',
      '--db',
      '--orders',
      '--orders-per-minute',
      '--window-to-cancel',
      '--app-key',
      '--app-token',
      '--rate-limit',
      '--seed',
      '--fault',
    ]) {
      expect(run.stdout()).toContain(flag);
    }
  });
});

describe('parseCli', () => {
  const fails = (args: string[]) => {
    try {
      parseCli(args);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error(`expected ${args.join(' ')} to fail`);
  };

  it('maps the flags onto the server options', () => {
    expect(
      parseCli([
        '--port=9000',
        '--db',
        'x.db',
        '--orders',
        '50',
        '--orders-per-minute',
        '2.5',
        '--window-to-cancel',
        '60',
        '--rate-limit',
        '0',
        '--seed',
        '9',
        '--fault',
        'latency:ms=5',
        '--fault',
        'feedReorder',
      ]),
    ).toEqual({
      help: false,
      options: {
        port: 9000,
        db: 'x.db',
        seedOrders: 50,
        ordersPerMinute: 2.5,
        windowToCancelSeconds: 60,
        rateLimitPerMinute: 0,
        seed: 9,
        faults: [{ kind: 'latency', ms: 5 }, { kind: 'feedReorder' }],
      },
    });
    expect(parseCli([])).toEqual({ help: false, options: { port: 8787 } });
    expect(parseCli(['-h'])).toEqual({ help: true });
  });

  it('explains each bad flag in one line', () => {
    expect(fails(['--bogus'])).toMatch(/^Unknown option '--bogus'$/);
    expect(fails(['--port'])).toMatch(/--port/);
    expect(fails(['--port', '70000'])).toBe(
      '--port must be an integer from 0 to 65535, got "70000"',
    );
    expect(fails(['--orders', '-1'])).toMatch(/--orders/);
    expect(fails(['--app-key', 'k'])).toBe('--app-key and --app-token go together');
    expect(fails(['--fault', 'boom'])).toMatch(/^--fault fault "boom": kind must be one of/);
    expect(fails(['--fault', 'error:status=99'])).toMatch(/status/);
    expect(fails(['stray'])).toMatch(/stray/);
    for (const args of [['--bogus'], ['--port', '1.5'], ['--fault', 'latency']]) {
      expect(fails(args)).not.toContain('\n');
    }
  });
});

describe('startSandboxServer', () => {
  it('binds 127.0.0.1 only', async () => {
    const s = await startSandboxServer({ port: 0, tickIntervalMs: 0 });
    try {
      expect(s.app.server.address()).toMatchObject({ address: '127.0.0.1', port: s.port });
      expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
      expect(await (await fetch(`${s.url}/_sandbox/ping`)).json()).toEqual({ ok: true });
    } finally {
      await s.close();
    }
    await expect(startSandboxServer({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(
      /127\.0\.0\.1 only/,
    );
  });
});
