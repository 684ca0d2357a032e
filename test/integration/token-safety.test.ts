import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * The saved app token goes to the saved account's address and nowhere else. A trap listener on
 * 127.0.0.1 stands for "another address"; every request it receives is kept, and none may carry
 * the token, whatever the settings screen (or anything else that can call the host) asks for.
 */

const STATION_KEY = { appKey: 'vtexappkey-sandbox-TRAP01', appToken: 'trap-test-secret-token-42' };

let sb: TestSandbox;
let desk: IpcDesk;
let trap: Server;
let trapUrl = '';
const caught: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];
const logged: string[] = [];

beforeAll(async () => {
  sb = await startSandbox();
  expect((await sb.api('/_sandbox/keys', { method: 'POST', json: STATION_KEY })).status).toBe(201);
  trap = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      caught.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
  });
  await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  for (const method of ['error', 'warn', 'log', 'info'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(
        args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '),
      );
    });
  }
  desk = await startIpcDesk({
    sb,
    noConnection: true,
    host: { startSandbox: async () => ({ url: sb.url, ...KEY, close: async () => {} }) },
  });
  const saved = await desk.ok('settings:save', {
    connection: { mode: 'url', baseUrl: sb.url },
    stationName: 'Trap test',
    ...STATION_KEY,
  });
  expect(saved.connectionTest?.result).toBe('ok');
}, 30_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await desk?.close();
  await sb?.close();
  await new Promise((r) => trap?.close(r));
});

const carriesToken = () =>
  caught.filter((c) => JSON.stringify(c).includes(STATION_KEY.appToken)).length;

describe('the saved app token', () => {
  it('is not sent to another address by a connection test without a typed token', async () => {
    const r = await desk.fail('settings:test-connection', {
      connection: { mode: 'url', baseUrl: trapUrl },
    });
    expect(r.code).toBe('SETTINGS_REJECTED');
    expect(r.fields?.map((f) => f.path)).toEqual(['appToken']);
    expect(r.message).toMatch(/sent only to the saved account/);
    const withKey = await desk.fail('settings:test-connection', {
      connection: { mode: 'url', baseUrl: trapUrl },
      appKey: STATION_KEY.appKey,
    });
    expect(withKey.code).toBe('SETTINGS_REJECTED');
    expect(caught).toHaveLength(0);
  });

  it('is still used to test the saved address itself', async () => {
    const same = await desk.ok('settings:test-connection', {
      connection: { mode: 'url', baseUrl: sb.url },
    });
    expect(same.result).toBe('ok');
    expect((await desk.ok('settings:test-connection')).result).toBe('ok');
  });

  it('is not sent to another address by saving a new connection without a typed token', async () => {
    const r = await desk.fail('settings:save', {
      connection: { mode: 'url', baseUrl: trapUrl },
    });
    expect(r.code).toBe('SETTINGS_REJECTED');
    expect(r.fields?.map((f) => f.path)).toContain('appToken');
    expect(caught).toHaveLength(0);
    expect((await desk.ok('settings:get')).baseUrl).toBe(sb.url);
  });

  it('a token typed for the other address is the one that goes there', async () => {
    const r = await desk.ok('settings:test-connection', {
      connection: { mode: 'url', baseUrl: trapUrl },
      appKey: 'other-key',
      appToken: 'typed-for-the-trap',
    });
    expect(r.baseUrl).toBe(trapUrl);
    expect(caught.length).toBeGreaterThan(0);
    expect(caught.every((c) => c.headers['x-vtex-api-apptoken'] === 'typed-for-the-trap')).toBe(
      true,
    );
  });

  it('never shows in an answer, an event, a log line or a file of the data folder but its store', async () => {
    // Exercise the paths that build VTEX clients from the settings.
    await desk.ok('feed:get-config');
    await desk.ok('hook:get');
    // Settings says where it really is: the OS keyring, or a file only this OS user can read.
    const note = (await desk.ok('settings:get')).notes.appToken;
    expect(note).not.toMatch(/secure storage/);
    expect(note).toMatch(/OS keyring|only your OS user/);
    await desk.ok('app:info');
    expect(carriesToken()).toBe(0);
    const token = STATION_KEY.appToken;
    expect(JSON.stringify(desk.events)).not.toContain(token);
    expect(logged.join('\n')).not.toContain(token);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? files(p) : [p];
      });
    const holders = files(desk.dataDir).filter((f) => {
      const bytes = readFileSync(f);
      return bytes.includes(token) || bytes.includes(Buffer.from(token, 'utf8').toString('base64'));
    });
    // The secrets file (or nothing, when the OS keyring keeps it) and nothing else.
    expect(holders.map((f) => f.slice(desk.dataDir.length + 1))).toEqual(
      holders.length ? ['secrets.json'] : [],
    );
  });
});
