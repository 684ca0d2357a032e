import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_KEY } from '../../sandbox/state/accounts';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';

/**
 * Demo mode for real: with no account configured the runtime starts the sandbox in this process,
 * with its own database file in the data folder, and connects the desk to it. The sandbox's
 * control API stays reachable at its address (tests create orders through it), and the demo
 * survives a restart: same orders, and the desk's cache is there before any sync.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'desk-demo-'));
let desk: IpcDesk | null = null;

afterAll(async () => {
  await desk?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<IpcDesk> {
  return startIpcDesk({
    // Not used: the runtime starts its own sandbox (the helper's one only stands by).
    noConnection: true,
    dataDir,
    // Time in the demo sandbox moves only when asked, so the orders stay where they were seeded.
    host: { demo: { seedOrders: 6, ordersPerMinute: 0, tickIntervalMs: 0 } },
  });
}

async function control(url: string, path: string, json: unknown): Promise<Response> {
  return fetch(url + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-vtex-api-appkey': DEFAULT_KEY.appKey,
      'x-vtex-api-apptoken': DEFAULT_KEY.appToken,
    },
    body: JSON.stringify(json),
  });
}

describe('demo mode', () => {
  let firstIds: string[] = [];

  it('starts a local sandbox with seeded orders and says "Demo — local sandbox"', async () => {
    desk = await start();
    const url = desk.web.runtime.sandboxUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toBe(desk.sb.url);
    expect(await desk.ok('app:info')).toMatchObject({
      mode: 'demo',
      connection: 'Demo — local sandbox',
    });
    expect(existsSync(join(dataDir, 'demo', 'sandbox.db'))).toBe(true);
    // The first start reconciles the open orders through List orders, then reads the feed.
    await vi.waitFor(
      async () => {
        const s = await desk?.ok('sync:status');
        expect(s?.lastSyncAt).not.toBeNull();
        expect(s?.catchUp).toBeNull();
        expect((await desk?.ok('orders:counts'))?.all).toBeGreaterThan(0);
      },
      { timeout: 15_000, interval: 50 },
    );
    // Orders arrive through the same sandbox's control API.
    const res = await control(String(url), '/_sandbox/orders', {
      count: 1,
      spec: { status: 'ready-for-handling', client: { firstName: 'Demo', lastName: 'Arrival' } },
    });
    expect(res.status).toBe(201);
    await vi.waitFor(
      async () =>
        expect((await desk?.ok('orders:search', { text: 'Arrival' }))?.hits).toHaveLength(1),
      { timeout: 10_000, interval: 50 },
    );
    const all = await desk.ok('orders:list', { queue: 'all', limit: 200 });
    firstIds = all.rows.map((r) => r.orderId).sort();
  }, 30_000);

  it('survives a restart: the same sandbox orders, the cache there at once', async () => {
    await desk?.close({ keepData: true });
    desk = await start();
    const all = await desk.ok('orders:list', { queue: 'all', limit: 200 });
    expect(all.rows.map((r) => r.orderId).sort()).toEqual(firstIds);
    expect((await desk.ok('orders:search', { text: 'Arrival' })).hits).toHaveLength(1);
    expect((await desk.ok('app:info')).mode).toBe('demo');
  }, 30_000);
});
