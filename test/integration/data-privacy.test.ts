import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { sandboxOrders } from '../helpers/outbox-desk';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * The data folder holds customer names, e-mails, phones and document numbers: on POSIX it is
 * 0700 and every file in it 0600 (SQLite's -wal and -shm included), whatever the umask.
 */

const POSIX = process.platform !== 'win32';
let sb: TestSandbox;
let desk: IpcDesk;

function walk(dir: string): { path: string; dir: boolean; mode: number }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const st = statSync(path);
    const me = { path, dir: st.isDirectory(), mode: st.mode & 0o777 };
    return st.isDirectory() ? [me, ...walk(path)] : [me];
  });
}

beforeAll(async () => {
  sb = await startSandbox();
  await sandboxOrders(sb, 3, { status: 'ready-for-handling', sellers: 1 });
  // Demo mode first (its sandbox database and cache), then an account (its cache and secrets).
  desk = await startIpcDesk({
    sb,
    noConnection: true,
    host: { startSandbox: async () => ({ url: sb.url, ...KEY, close: async () => {} }) },
  });
  await vi.waitFor(async () => expect((await desk.ok('orders:counts')).all).toBe(3), {
    timeout: 10_000,
    interval: 30,
  });
  await desk.ok('operator:start-shift', { name: 'Ana', pin: '1234' });
  await desk.ok('settings:save', {
    connection: { mode: 'url', baseUrl: sb.url },
    stationName: 'Private 1',
    ...KEY,
  });
  await vi.waitFor(async () => expect((await desk.ok('orders:counts')).all).toBe(3), {
    timeout: 10_000,
    interval: 30,
  });
}, 30_000);

afterAll(async () => {
  await desk?.close();
  await sb?.close();
});

describe.runIf(POSIX)('the data folder', () => {
  it('is 0700, and so is every folder in it', () => {
    expect(statSync(desk.dataDir).mode & 0o777).toBe(0o700);
    const dirs = walk(desk.dataDir).filter((e) => e.dir);
    expect(dirs.map((d) => d.path.slice(desk.dataDir.length))).toEqual(
      expect.arrayContaining(['/cache']),
    );
    for (const d of dirs) expect(d.mode.toString(8), d.path).toBe('700');
  });

  it('has every file 0600: caches with their -wal and -shm, settings, secrets, shifts', () => {
    const files = walk(desk.dataDir).filter((e) => !e.dir);
    const names = files.map((f) => f.path.slice(desk.dataDir.length + 1));
    expect(names.some((n) => /^cache\/.*\.db-wal$/.test(n))).toBe(true);
    expect(names.some((n) => /^cache\/.*\.db-shm$/.test(n))).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['settings.json', 'secrets.json']));
    for (const f of files) expect(f.mode.toString(8), f.path).toBe('600');
  });
});

describe('slip retention setting', () => {
  it('is 90 days by default and kept as the user sets it', async () => {
    expect((await desk.ok('settings:get')).printing.slipRetentionDays).toBe(90);
    const r = await desk.ok('settings:save', { printing: { slipRetentionDays: 30 } });
    expect(r.settings.printing.slipRetentionDays).toBe(30);
    expect((await desk.fail('settings:save', { printing: { slipRetentionDays: 0 } })).code).toBe(
      'BAD_REQUEST',
    );
  });
});
