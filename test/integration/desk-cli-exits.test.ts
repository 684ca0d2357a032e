import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDeskDb, openDeskDb, toMatchQuery, upsertOrders } from '../../main/core/db';
import { pendingSearchCount } from '../../main/core/db/search-index';
import { getAction } from '../../main/core/outbox';
import { setMeta } from '../../main/core/outbox/store';
import { VtexClient } from '../../main/core/vtex/client';
import { SandboxClock } from '../../sandbox/state/clock';
import type { OrderDocument } from '../../vtex';
import { sandboxOrders } from '../helpers/outbox-desk';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * The headless commands' contract with scripts: payloads from a file or standard input, one-line
 * usage errors, and desk:sync's exit codes (3 refused credentials, 4 another sync, 5 deadline).
 */

const ROOT = resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  script: string,
  args: string[],
  opts: { stdin?: string; token?: string } = {},
): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ORDER_DESK_APP_TOKEN: opts.token ?? KEY.appToken },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(opts.stdin ?? '');
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

let sb: TestSandbox;
let dir: string;
let n = 0;

/** A fresh cache holding these orders as VTEX has them. */
async function cacheWith(orders: OrderDocument[]): Promise<string> {
  const file = join(dir, `desk-${++n}.db`);
  const client = new VtexClient({ baseUrl: sb.url, ...KEY, rateLimit: false });
  const handle = openDeskDb(file);
  upsertOrders(handle, await Promise.all(orders.map((o) => client.getOrder(o.orderId))));
  closeDeskDb(handle);
  return file;
}

const act = (db: string, args: string[], opts?: { stdin?: string }) =>
  run(
    'scripts/desk-act.ts',
    ['--db', db, '--operator', 'Ana', '--station', 'Packing 1', ...args],
    opts,
  );

const sync = (db: string, args: string[], opts?: { token?: string }) =>
  run(
    'scripts/desk-sync.ts',
    ['--base-url', sb.url, '--app-key', KEY.appKey, '--db', db, '--once', ...args],
    opts,
  );

beforeAll(async () => {
  sb = await startSandbox({ clock: new SandboxClock() });
  dir = mkdtempSync(join(tmpdir(), 'desk-cli-exits-'));
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('desk:act', () => {
  it('reads the payload from --data-file, or from standard input with -', async () => {
    const [o] = await sandboxOrders(sb, 1, { sellers: 1, status: 'ready-for-handling' });
    const db = await cacheWith([o as OrderDocument]);
    const file = join(dir, 'note.json');
    writeFileSync(file, JSON.stringify({ message: 'from a file' }));
    const fromFile = await act(db, ['note', String(o?.orderId), '--data-file', file]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const fromStdin = await act(db, ['note', String(o?.orderId), '--data-file', '-'], {
      stdin: JSON.stringify({ message: 'from stdin' }),
    });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    const handle = openDeskDb(db);
    try {
      expect(getAction(handle, fromFile.stdout.trim())?.data).toEqual({ message: 'from a file' });
      expect(getAction(handle, fromStdin.stdout.trim())?.data).toEqual({ message: 'from stdin' });
    } finally {
      closeDeskDb(handle);
    }
  });

  it('says what is wrong with the usage in one line, and points to --help', async () => {
    const db = join(dir, 'none.db');
    for (const args of [
      ['note', 'X-1', '--data-file', join(dir, 'missing.json')],
      ['note', 'X-1', '--data', '{}', '--data-file', '-'],
      ['note', 'X-1', '--data', '{nope'],
    ]) {
      const r = await act(db, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^desk:act: .*\(--help for usage\)\n$/);
    }
  });

  it('refuses the cash count a dialog would refuse', async () => {
    const [o] = await sandboxOrders(sb, 1, {
      sellers: 1,
      status: 'payment-pending',
      paymentGroup: 'promissory',
    });
    const db = await cacheWith([o as OrderDocument]);
    const r = await act(db, [
      'record-payment',
      String(o?.orderId),
      '--data',
      '{"cash":{"due":-500,"received":-1,"change":7}}',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^refused ACTION_BAD_DATA: /);
  });
});

describe('desk:sync --once', () => {
  it('exits 3 when VTEX refuses the credentials while actions wait', async () => {
    const [o] = await sandboxOrders(sb, 1, { sellers: 1, status: 'ready-for-handling' });
    const db = await cacheWith([o as OrderDocument]);
    expect((await act(db, ['start-handling', String(o?.orderId)])).code).toBe(0);
    const r = await sync(db, [], { token: 'not-the-token' });
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toContain('VTEX refused the app key or token');
    expect(r.stdout).toMatch(/pending act-/);
  });

  it('exits 4 with one line when another sync holds the cache', async () => {
    const db = await cacheWith([]);
    const handle = openDeskDb(db);
    // This test process stands for the running sync: alive, on this host, heard from just now.
    setMeta(
      handle,
      'engine.lease',
      JSON.stringify({ owner: 'other', pid: process.pid, host: hostname(), at: Date.now() }),
    );
    closeDeskDb(handle);
    const r = await sync(db, []);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(r.stderr).toBe(
      `desk:sync: another sync is running for this cache, pid ${process.pid}\n`,
    );
  });

  it('keeps draining through transient feed errors while actions wait', async () => {
    const [o] = await sandboxOrders(sb, 1, { sellers: 1, status: 'ready-for-handling' });
    const db = await cacheWith([o as OrderDocument]);
    expect((await act(db, ['start-handling', String(o?.orderId)])).code).toBe(0);
    // More throttled feed reads in a row than the poller tolerates in one drain.
    const fault = await sb.api('/_sandbox/faults', {
      method: 'POST',
      json: { kind: 'rate429', retryAfterSeconds: 0, route: 'GET /api/orders/feed', count: 40 },
    });
    expect(fault.status).toBe(201);
    const r = await sync(db, ['--deadline-ms', '60000']);
    await sb.api('/_sandbox/faults', { method: 'DELETE' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('outbox: pending=0 attention=0');
  });

  it('leaves the search index complete: the entries the ingest deferred are written before exit', async () => {
    const orders = await sandboxOrders(sb, 3, { sellers: 1, status: 'ready-for-handling' });
    const db = join(dir, `desk-${++n}.db`);
    const r = await sync(db, []);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const handle = openDeskDb(db);
    try {
      expect(pendingSearchCount(handle)).toBe(0);
      const o = orders[0] as OrderDocument;
      const email = String(o.clientProfileData?.email);
      // Straight from the index, without the catch-up a search would do first.
      const hits = handle
        .prepare('SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?')
        .all(toMatchQuery(email, { lastWordPrefix: false }));
      expect(hits.length).toBeGreaterThan(0);
    } finally {
      closeDeskDb(handle);
    }
  });

  it('exits 5 at the deadline, saying what is left', async () => {
    const [o] = await sandboxOrders(sb, 1, { sellers: 1, status: 'ready-for-handling' });
    const db = await cacheWith([o as OrderDocument]);
    expect((await act(db, ['start-handling', String(o?.orderId)])).code).toBe(0);
    await sb.api('/_sandbox/faults', {
      method: 'POST',
      json: { kind: 'error', status: 503, route: '**' },
    });
    try {
      const r = await sync(db, ['--deadline-ms', '1500']);
      expect(r.code, r.stdout + r.stderr).toBe(5);
      expect(r.stderr).toMatch(/deadline of 1500 ms passed: the feed is not drained/);
      expect(r.stderr).toMatch(/action\(s\) not sent/);
    } finally {
      await sb.api('/_sandbox/faults', { method: 'DELETE' });
    }
  });
});
