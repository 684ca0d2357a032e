import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureElectronSqlite } from '../../main/host/electron-native';
import { planStart, SQLITE_BINDING_ENV } from '../../main/host/start-plan';

describe('npm start', () => {
  it('serves the browser host with one line when Electron cannot run, without looking for the native build', () => {
    const native = vi.fn();
    const plan = planStart(
      () => ({ ok: false, reason: 'its binary was never downloaded' }),
      native,
    );
    expect(plan).toEqual({
      kind: 'web',
      line: 'Electron cannot start on this machine (its binary was never downloaded); serving the browser host instead.',
    });
    expect(native).not.toHaveBeenCalled();
  });

  it("serves the browser host with one line when better-sqlite3's Electron build cannot be fetched", () => {
    const plan = planStart(
      () => ({ ok: true, bin: '/e/electron' }),
      () => ({ ok: false, reason: 'better-sqlite3 for Electron 45.5.0 could not be fetched' }),
    );
    expect(plan.kind).toBe('web');
    expect(plan.kind === 'web' && plan.line.split('\n')).toHaveLength(1);
    expect(plan.kind === 'web' && plan.line).toContain('could not be fetched');
  });

  it('starts Electron with the Electron build named in its environment', () => {
    const plan = planStart(
      () => ({ ok: true, bin: '/e/electron' }),
      () => ({ ok: true, file: '/repo/.native/x/better_sqlite3.node' }),
    );
    expect(plan).toEqual({
      kind: 'electron',
      bin: '/e/electron',
      env: { [SQLITE_BINDING_ENV]: '/repo/.native/x/better_sqlite3.node' },
    });
  });
});

describe("better-sqlite3's Electron build", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is fetched once into a folder of its own, apart from the Node build', () => {
    dir = mkdtempSync(join(tmpdir(), 'native-'));
    const fetch = vi.fn((cwd: string, args: string[]) => {
      expect(args).toEqual([
        '--runtime',
        'electron',
        '--target',
        '45.5.0',
        '--platform',
        'linux',
        '--arch',
        'x64',
      ]);
      mkdirSync(join(cwd, 'build', 'Release'), { recursive: true });
      writeFileSync(join(cwd, 'build', 'Release', 'better_sqlite3.node'), 'electron abi');
      return { ok: true, detail: '' };
    });
    const opts = {
      cacheDir: dir,
      electronVersion: '45.5.0',
      platform: 'linux' as const,
      arch: 'x64',
      fetch,
    };
    const first = ensureElectronSqlite(opts);
    expect(first).toEqual({
      ok: true,
      file: join(dir, 'electron-45.5.0-linux-x64', 'better_sqlite3.node'),
    });
    expect(first.ok && existsSync(first.file)).toBe(true);
    expect(ensureElectronSqlite(opts)).toEqual(first);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('says why when the download fails', () => {
    dir = mkdtempSync(join(tmpdir(), 'native-'));
    const r = ensureElectronSqlite({
      cacheDir: dir,
      electronVersion: '45.5.0',
      fetch: () => ({ ok: false, detail: 'getaddrinfo ENOTFOUND github.com' }),
    });
    expect(r).toEqual({
      ok: false,
      reason:
        'better-sqlite3 for Electron 45.5.0 could not be fetched (getaddrinfo ENOTFOUND github.com)',
    });
  });
});

describe('the database module of the Electron bundle', () => {
  afterEach(async () =>
    (await import('../../main/native/better-sqlite3')).useSqliteBinding(undefined),
  );

  it('opens every database with the named compiled module', async () => {
    const { default: Database, useSqliteBinding } =
      await import('../../main/native/better-sqlite3');
    expect(new Database(':memory:').prepare('select 1 as one').get()).toEqual({ one: 1 });
    useSqliteBinding('/nowhere/better_sqlite3.node');
    expect(() => new Database(':memory:')).toThrow(/nowhere/);
  });
});
