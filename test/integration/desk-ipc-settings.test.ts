import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeskEvent } from '../../preload/contract';
import type { OrderDocument } from '../../vtex';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { sandboxOrders } from '../helpers/outbox-desk';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * Settings, connection, feed, hook and language through the browser host. The desk starts with no
 * account (demo mode, the test's sandbox standing in for the demo one), is configured with an
 * account (a second key of the same sandbox) after a connection test, and keeps it over a restart.
 * The app token never comes back out.
 */

const STATION_KEY = { appKey: 'vtexappkey-sandbox-PACK02', appToken: 'packing-two-secret-token' };
const WAIT = { timeout: 10_000, interval: 30 };

let sb: TestSandbox;
let desk: IpcDesk;
let hookServer: Server;
let hookUrl = '';
const hookCalls: string[] = [];
let ready: OrderDocument[] = [];
let handling: OrderDocument[] = [];

function demoDesk(dataDir?: string): Promise<IpcDesk> {
  return startIpcDesk({
    sb,
    noConnection: true,
    ...(dataDir ? { dataDir } : {}),
    host: {
      // The test's sandbox stands in for the demo sandbox (which the desk does not close).
      startSandbox: async () => ({ url: sb.url, ...KEY, close: async () => {} }),
    },
  });
}

beforeAll(async () => {
  sb = await startSandbox();
  const reg = await sb.api('/_sandbox/keys', { method: 'POST', json: STATION_KEY });
  expect(reg.status).toBe(201);
  ready = await sandboxOrders(sb, 2, { status: 'ready-for-handling', sellers: 1 });
  handling = await sandboxOrders(sb, 1, { status: 'handling', sellers: 1 });
  hookServer = createServer((req, res) => {
    hookCalls.push(req.url ?? '');
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/vtex-hook`;
  desk = await demoDesk();
  await vi.waitFor(async () => expect((await desk.ok('orders:counts')).all).toBe(3), WAIT);
}, 30_000);

afterAll(async () => {
  await desk?.close();
  await sb?.close();
  await new Promise((r) => hookServer?.close(r));
});

describe('demo mode', () => {
  it('says so, with no account, no token and the demo station', async () => {
    expect(await desk.ok('app:info')).toMatchObject({
      mode: 'demo',
      host: 'browser',
      connection: 'Demo — local sandbox',
      station: 'Demo station',
    });
    const s = await desk.ok('settings:get');
    expect(s).toMatchObject({
      mode: 'demo',
      connection: null,
      baseUrl: sb.url,
      appKey: null,
      hasAppToken: false,
      stationName: 'Demo station',
      locale: null,
    });
    expect(s.notes.appKey).toMatch(/separate VTEX app key for every station/);
  });

  it('keeps a station name and slip header without an account', async () => {
    const before = desk.events.length;
    const r = await desk.ok('settings:save', {
      stationName: 'Packing 2',
      store: { name: 'Loja Centro', taxId: '12.345.678/0001-90' },
    });
    expect(r).toMatchObject({ connectionTest: null, restarted: false });
    expect(r.settings).toMatchObject({
      mode: 'demo',
      stationName: 'Packing 2',
      store: { name: 'Loja Centro', taxId: '12.345.678/0001-90', address: '' },
    });
    expect((await desk.ok('app:info')).station).toBe('Packing 2');
    expect(
      desk.events
        .slice(before)
        .some((e: DeskEvent) => e.type === 'app:info-changed' && e.info.station === 'Packing 2'),
    ).toBe(true);
    expect(existsSync(join(desk.dataDir, 'settings.json'))).toBe(false);
  });

  it('switches the language of the app (and of slips by default)', async () => {
    expect(await desk.ok('app:set-locale', { locale: 'pt-BR' })).toEqual({ locale: 'pt-BR' });
    expect((await desk.ok('settings:get')).locale).toBe('pt-BR');
    expect((await desk.fail('app:set-locale', { locale: 'fr' })).code).toBe('BAD_REQUEST');
  });
});

describe('settings:test-connection', () => {
  const url = () => ({ mode: 'url' as const, baseUrl: sb.url });

  it('ok with the right key and token', async () => {
    const r = await desk.ok('settings:test-connection', { connection: url(), ...STATION_KEY });
    expect(r).toMatchObject({ result: 'ok', baseUrl: sb.url });
  });

  it('unauthorized with a wrong token, saying what to check', async () => {
    const r = await desk.ok('settings:test-connection', {
      connection: url(),
      appKey: STATION_KEY.appKey,
      appToken: 'wrong-token',
    });
    expect(r.result).toBe('unauthorized');
    expect(r.message).toMatch(/app key and app token/);
  });

  it('unreachable when nothing answers at the address', async () => {
    const r = await desk.ok('settings:test-connection', {
      connection: { mode: 'url', baseUrl: 'http://127.0.0.1:9' },
      ...STATION_KEY,
    });
    expect(r.result).toBe('unreachable');
    expect(r.message).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  it('refuses an address that would send the token in clear over the network', async () => {
    const r = await desk.fail('settings:test-connection', {
      connection: { mode: 'url', baseUrl: 'http://example.com' },
      ...STATION_KEY,
    });
    expect(r).toMatchObject({ code: 'SETTINGS_REJECTED' });
    expect(r.fields?.[0]?.path).toBe('connection.baseUrl');
    expect(
      (
        await desk.fail('settings:test-connection', {
          connection: { mode: 'account', accountName: 'My Store!' },
        })
      ).code,
    ).toBe('BAD_REQUEST');
  });
});

describe('leaving demo mode', () => {
  it('a refused key is not saved and the desk stays in demo mode', async () => {
    const r = await desk.fail('settings:save', {
      connection: { mode: 'url', baseUrl: sb.url },
      appKey: STATION_KEY.appKey,
      appToken: 'wrong-token',
    });
    expect(r).toMatchObject({ code: 'VTEX_UNAUTHORIZED' });
    expect(r.fields?.map((f) => f.path)).toEqual(['appKey', 'appToken']);
    expect(existsSync(join(desk.dataDir, 'settings.json'))).toBe(false);
    expect((await desk.ok('app:info')).mode).toBe('demo');
    expect((await desk.fail('settings:save', { appKey: 'k' })).code).toBe('SETTINGS_REJECTED');
  });

  it('a tested account is saved, the core restarts on it, and the token never comes back', async () => {
    const before = desk.events.length;
    const r = await desk.ok('settings:save', {
      connection: { mode: 'url', baseUrl: sb.url },
      ...STATION_KEY,
    });
    expect(r.restarted).toBe(true);
    expect(r.connectionTest).toMatchObject({ result: 'ok' });
    expect(r.settings).toMatchObject({
      mode: 'account',
      connection: { mode: 'url', baseUrl: sb.url },
      appKey: STATION_KEY.appKey,
      hasAppToken: true,
      stationName: 'Packing 2',
      store: { name: 'Loja Centro' },
    });
    const info = await desk.ok('app:info');
    expect(info.mode).toBe('account');
    expect(
      desk.events
        .slice(before)
        .some((e) => e.type === 'app:info-changed' && e.info.mode === 'account'),
    ).toBe(true);
    expect(
      desk.events
        .slice(before)
        .some((e) => e.type === 'orders:changed' && e.all && e.source === 'connection'),
    ).toBe(true);
    // Its own cache, filled from the account.
    await vi.waitFor(async () => expect((await desk.ok('orders:counts')).all).toBe(3), WAIT);

    const token = STATION_KEY.appToken;
    expect(JSON.stringify(await desk.ok('settings:get'))).not.toContain(token);
    expect(JSON.stringify(desk.events)).not.toContain(token);
    expect(readFileSync(join(desk.dataDir, 'settings.json'), 'utf8')).not.toContain(token);
    // Where it is kept: the secret store, readable by this OS user only.
    expect(statSync(join(desk.dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('saving the station name alone does not restart or re-test the connection', async () => {
    const r = await desk.ok('settings:save', { stationName: 'Packing 3' });
    expect(r).toMatchObject({ restarted: false, connectionTest: null });
    expect(r.settings.stationName).toBe('Packing 3');
  });
});

describe('feed and expression', () => {
  it('shows the desk’s filter and VTEX’s configuration, and changes both', async () => {
    await vi.waitFor(async () => {
      const c = await desk.ok('feed:get-config');
      expect(c.vtex?.filter).toEqual(c.filter);
    }, WAIT);
    const c = await desk.ok('feed:get-config');
    expect(c.filter.type).toBe('FromWorkflow');
    expect(c.statuses).toContain('ready-for-handling');

    const set = await desk.ok('feed:set-filter', {
      filter: { type: 'FromWorkflow', statuses: ['ready-for-handling', 'canceled'] },
    });
    expect(set.filter).toEqual({
      type: 'FromWorkflow',
      statuses: ['ready-for-handling', 'canceled'],
    });
    await vi.waitFor(async () => {
      const now = await desk.ok('feed:get-config');
      expect(now.vtex?.filter).toEqual(set.filter);
    }, WAIT);
    const expr = await desk.ok('feed:set-filter', {
      filter: { type: 'FromOrders', expression: 'status = "ready-for-handling"' },
    });
    expect(expr.filter).toEqual({
      type: 'FromOrders',
      expression: 'status = "ready-for-handling"',
      disableSingleFire: false,
    });
    await vi.waitFor(async () => {
      const now = await desk.ok('feed:get-config');
      expect(now.vtex?.filter).toEqual(expr.filter);
    }, WAIT);
    expect(
      (await desk.fail('feed:set-filter', { filter: { type: 'FromWorkflow', statuses: [] } })).code,
    ).toBe('BAD_REQUEST');
  });

  it('tests an expression on a cached order, locally and at VTEX', async () => {
    const expression = 'status = "ready-for-handling"';
    const yes = await desk.ok('feed:test-expression', {
      expression,
      orderId: String(ready[0]?.orderId),
    });
    expect(yes).toMatchObject({
      orderId: ready[0]?.orderId,
      local: { result: true, value: 'true', error: null },
      vtex: { result: true, error: null },
    });
    const no = await desk.ok('feed:test-expression', {
      expression,
      orderId: String(handling[0]?.orderId),
    });
    expect(no.local.result).toBe(false);
    expect(no.vtex?.result).toBe(false);
    const bad = await desk.fail('feed:test-expression', { expression: 'status = ' });
    expect(bad).toMatchObject({ code: 'EXPRESSION_INVALID' });
    expect(bad.fields?.[0]?.path).toBe('expression');
    expect(
      (await desk.fail('feed:test-expression', { expression, orderId: '404-no-01' })).code,
    ).toBe('ORDER_NOT_FOUND');
  });
});

describe('hook', () => {
  it('shows none, creates one (VTEX pings it), shows it, deletes it', async () => {
    expect(await desk.ok('hook:get')).toEqual({ hook: null });
    const set = await desk.ok('hook:set', {
      url: hookUrl,
      headers: { 'x-station': 'packing-2' },
      filter: { type: 'FromWorkflow', statuses: ['ready-for-handling'] },
    });
    expect(set.hook).toEqual({
      url: hookUrl,
      headers: { 'x-station': 'packing-2' },
      filter: { type: 'FromWorkflow', statuses: ['ready-for-handling'] },
    });
    expect(hookCalls.length).toBeGreaterThan(0);
    expect(await desk.ok('hook:get')).toEqual(set);
    expect(await desk.ok('hook:delete')).toEqual({ hook: null });
    expect(await desk.ok('hook:get')).toEqual({ hook: null });
    expect((await desk.fail('hook:set', { url: 'ftp://x' })).code).toBe('BAD_REQUEST');
  });
});

describe('a restart', () => {
  it('keeps the account, the station and its cache; the demo sandbox is not started', async () => {
    const dataDir = desk.dataDir;
    const started = vi.fn();
    await desk.close({ keepData: true });
    desk = await startIpcDesk({
      sb,
      noConnection: true,
      dataDir,
      host: {
        startSandbox: async () => {
          started();
          return { url: sb.url, ...KEY, close: async () => {} };
        },
      },
    });
    expect(await desk.ok('app:info')).toMatchObject({ mode: 'account', station: 'Packing 3' });
    expect(started).not.toHaveBeenCalled();
    expect(desk.web.runtime.sandboxUrl).toBeNull();
    // The cache is there at once, before any sync.
    expect((await desk.ok('orders:counts')).all).toBe(3);
    expect((await desk.ok('settings:get')).hasAppToken).toBe(true);
  });
});
