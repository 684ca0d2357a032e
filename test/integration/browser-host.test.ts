import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../main/ipc/browser-host';
import { HEADER_CONTENT_SECURITY_POLICY } from '../../main/ipc/csp';
import { DeskEvents } from '../../main/ipc/events';
import { createHandlers } from '../../main/ipc/handlers';
import { startWebHost } from '../../main/host/web';
import type { AppInfo, DeskEvent } from '../../preload/contract';

const INFO: AppInfo = { name: 'Order Desk', version: '0.1.0', mode: 'demo', host: 'browser' };
const NOW = Date.parse('2026-11-27T12:00:00.000Z');

const tmp = mkdtempSync(join(tmpdir(), 'desk-host-'));
const rendererDir = join(tmp, 'renderer');
let host: BrowserHost;
const events = new DeskEvents();

beforeAll(async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(rendererDir);
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>Order Desk</title><h1>Order Desk</h1>',
  );
  host = await startBrowserHost({
    handlers: createHandlers({ info: () => INFO, now: () => NOW }),
    events,
    rendererDir,
    port: 0,
  });
});

afterAll(async () => {
  await host?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function ipc(
  channel: string,
  init: { body?: string; token?: string | null } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = init.token === undefined ? host.token : init.token;
  if (token !== null) headers['x-desk-token'] = token;
  return fetch(`${host.origin}/ipc/${channel}`, {
    method: 'POST',
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

function openSocket(query: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events${query}`);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

describe('browser host', () => {
  it('prints an address on 127.0.0.1 that carries the token', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the page with the CSP and without leaking the token in a Referer', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1>Order Desk</h1>');
    expect(res.headers.get('content-security-policy')).toBe(HEADER_CONTENT_SECURITY_POLICY);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers 401 to a call without the token, or with a wrong one', async () => {
    for (const token of [null, '', 'wrong', `${host.token}x`]) {
      const res = await ipc('app:info', { token });
      expect(res.status, String(token)).toBe(401);
      expect(await res.json()).toEqual({
        ok: false,
        error: {
          code: 'UNAUTHORIZED',
          message: 'Missing or wrong desk token: open the address the host printed',
        },
      });
    }
  });

  it('answers app:info with the token', async () => {
    const res = await ipc('app:info');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, data: INFO });
    const withEmptyObject = await ipc('app:info', { body: '{}' });
    expect(await withEmptyObject.json()).toEqual({ ok: true, data: INFO });
  });

  it('answers app:ping with the nonce and the host clock', async () => {
    const res = await ipc('app:ping', { body: JSON.stringify({ nonce: 'n-7' }) });
    expect(await res.json()).toEqual({ ok: true, data: { nonce: 'n-7', at: NOW } });
  });

  it('answers 400 with a clear message to a bad payload', async () => {
    const res = await ipc('app:ping', { body: JSON.stringify({ nonce: 12 }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message:
          'Invalid payload for app:ping: nonce: Invalid input: expected string, received number',
      },
    });
    const missing = await ipc('app:ping');
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /^Invalid payload for app:ping: payload: /,
    );
    const extra = await ipc('app:info', { body: JSON.stringify({ verbose: true }) });
    expect(extra.status).toBe(400);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const res = await ipc('app:ping', { body: '{"nonce": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON' },
    });
  });

  it('answers 404 to an unknown channel', async () => {
    const res = await ipc('app:shutdown');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown channel "app:shutdown"' },
    });
  });

  it('keeps serving after all of that', async () => {
    const res = await ipc('app:ping', { body: JSON.stringify({ nonce: 'still-here' }) });
    expect(res.status).toBe(200);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/ipc/app:info',
          method: 'POST',
          headers: { host: `evil.example:${host.port}`, 'x-desk-token': host.token },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect((await fetch(`http://localhost:${host.port}/`)).status).toBe(200);
  });

  it('does not serve files outside the page folder', async () => {
    writeFileSync(join(tmp, 'secret.txt'), 'secret');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await fetch(`${host.origin}${path}`);
      expect(res.status, path).not.toBe(200);
    }
  });

  it('refuses the event socket without the token', async () => {
    await expect(openSocket('')).rejects.toThrow('HTTP 401');
    await expect(openSocket('?token=nope')).rejects.toThrow('HTTP 401');
  });

  it(
    'hangs up on a refused socket itself, whatever the client does',
    { timeout: 5000 },
    async () => {
      const hungUp = await new Promise<boolean>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events`);
        ws.once('unexpected-response', (_req, res) =>
          res.socket.once('close', () => resolve(true)),
        );
        ws.once('error', reject);
      });
      expect(hungUp).toBe(true);
    },
  );

  it('pushes events to the socket opened with the token, and lets go of it on close', async () => {
    const ws = await openSocket(`?token=${encodeURIComponent(host.token)}`);
    expect(events.listenerCount).toBe(1);
    const received = new Promise<DeskEvent>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)) as DeskEvent)),
    );
    const event: DeskEvent = { type: 'app:info-changed', info: { ...INFO, mode: 'account' } };
    events.emit(event);
    expect(await received).toEqual(event);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
    await vi.waitFor(() => expect(events.listenerCount).toBe(0));
  });
});

describe('defence in depth', () => {
  it('may not be framed, sniffed or referred from, on every answer', async () => {
    for (const res of [await fetch(`${host.origin}/`), await ipc('app:info')]) {
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('refuses a call with the token from a page of another origin', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${host.port + 1}`]) {
      const res = await fetch(`${host.origin}/ipc/app:info`, {
        method: 'POST',
        headers: { 'x-desk-token': host.token, origin },
      });
      expect(res.status, origin).toBe(403);
    }
    const own = await fetch(`${host.origin}/ipc/app:info`, {
      method: 'POST',
      headers: { 'x-desk-token': host.token, origin: host.origin },
    });
    expect(own.status).toBe(200);
  });

  it('refuses the event socket with the token from a page of another origin', async () => {
    const open = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(
          `ws://127.0.0.1:${host.port}/events?token=${encodeURIComponent(host.token)}`,
          { origin },
        );
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (req, res) => {
          req.destroy();
          resolve(res.statusCode ?? 0);
        });
        ws.once('error', reject);
      });
    expect(await open('http://evil.example')).toBe(403);
    expect(await open('null')).toBe(403);
    expect(await open(host.origin)).toBe(101);
  });

  it('trades the printed address for an HttpOnly, SameSite=Strict cookie and drops the token from it', async () => {
    const res = await fetch(host.url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^order-desk-token-${host.port}=${host.token};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await fetch(`${host.origin}/?token=wrong`, { redirect: 'manual' })).status).toBe(401);

    const pair = cookie.split(';')[0] ?? '';
    const call = await fetch(`${host.origin}/ipc/app:info`, {
      method: 'POST',
      headers: { cookie: pair, origin: host.origin },
    });
    expect(call.status).toBe(200);
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const w = new WebSocket(`ws://127.0.0.1:${host.port}/events`, {
        headers: { cookie: pair },
        origin: host.origin,
      });
      w.once('open', () => resolve(w));
      w.once('error', reject);
    });
    ws.close();
    const stale = await fetch(`${host.origin}/ipc/app:info`, {
      method: 'POST',
      headers: { cookie: `order-desk-token-${host.port}=old`, 'x-desk-token': host.token },
    });
    expect(stale.status).toBe(200);
  });
});

describe('startWebHost', () => {
  it('runs the desk in demo mode behind the browser host and closes the sandbox with it', async () => {
    const closeSandbox = vi.fn(async () => {});
    const web = await startWebHost({
      dataDir: join(tmp, 'data'),
      rendererDir,
      startSandbox: async () => ({ url: 'http://127.0.0.1:9', close: closeSandbox }),
    });
    try {
      expect(web.runtime.sandboxUrl).toBe('http://127.0.0.1:9');
      const res = await fetch(`${web.host.origin}/ipc/app:info`, {
        method: 'POST',
        headers: { 'x-desk-token': web.host.token },
      });
      const body = (await res.json()) as { ok: true; data: AppInfo };
      expect(body.data).toMatchObject({ name: 'Order Desk', mode: 'demo', host: 'browser' });
      expect(body.data.version).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      await web.close();
    }
    expect(closeSandbox).toHaveBeenCalledOnce();
  });

  it('says the page is not built, and stops the sandbox again, when out/renderer is missing', async () => {
    const closeSandbox = vi.fn(async () => {});
    await expect(
      startWebHost({
        dataDir: join(tmp, 'data'),
        rendererDir: join(tmp, 'nowhere'),
        startSandbox: async () => ({ url: 'http://127.0.0.1:9', close: closeSandbox }),
      }),
    ).rejects.toThrow(/The page is not built: .*index\.html is missing \(run `npm run build`\)/);
    expect(closeSandbox).toHaveBeenCalledOnce();
  });
});
