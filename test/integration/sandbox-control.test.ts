import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../sandbox/app';
import { vtexTime } from '../../sandbox/state/clock';
import { minimalOrder } from '../helpers/minimal-order';
import { AUTH, startSandbox, type TestSandbox } from '../helpers/sandbox';

const FEED_CONFIG = {
  filter: { type: 'FromWorkflow', status: ['ready-for-handling'] },
  queue: { visibilityTimeoutInSeconds: 240, MessageRetentionPeriodInSeconds: 345_600 },
};
const BASE = Date.parse('2026-11-27T12:00:00.000Z');

async function json(res: Response): Promise<unknown> {
  return res.json() as Promise<unknown>;
}

describe('sandbox control API', () => {
  let sb: TestSandbox;
  const control = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    sb.api(`/_sandbox${path}`, init);

  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(() => sb.close());
  afterEach(async () => {
    expect((await control('/reset', { method: 'POST' })).status).toBe(200);
    sb.app.sandbox.options.rateLimitPerMinute = 6000;
  });

  it('answers only on loopback', async () => {
    for (const remoteAddress of ['10.0.0.7', '192.168.1.20', '::ffff:10.0.0.7']) {
      const res = await sb.app.inject({ method: 'GET', url: '/_sandbox/ping', remoteAddress });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({
        error: {
          code: '403',
          message: 'The control API answers on loopback only',
          exception: null,
        },
      });
    }
    const reset = await sb.app.inject({
      method: 'POST',
      url: '/_sandbox/reset',
      remoteAddress: '10.0.0.7',
    });
    expect(reset.statusCode).toBe(403);
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const res = await sb.app.inject({ method: 'GET', url: '/_sandbox/ping', remoteAddress });
      expect(res.statusCode).toBe(200);
    }
  });

  it('GET /_sandbox/ping is the trivial route', async () => {
    const res = await control('/ping');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true });
  });

  describe('clock', () => {
    it('reads and advances the sandbox clock, then runs the timers', async () => {
      const seen: number[] = [];
      const ticker = () => void seen.push(sb.app.sandbox.clock.now());
      sb.app.sandbox.tickers.push(ticker);
      try {
        const start = (await json(await control('/clock'))) as { now: string; epochMs: number };
        expect(start.epochMs).toBe(sb.clock.now());
        expect(start.now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);

        const a = await control('/clock/advance', { method: 'POST', json: { seconds: 90 } });
        expect(a.status).toBe(200);
        expect(await json(a)).toMatchObject({ epochMs: start.epochMs + 90_000 });
        expect(seen).toEqual([start.epochMs + 90_000]);

        const b = (await json(
          await control('/clock/advance', { method: 'POST', json: { ms: 250 } }),
        )) as {
          epochMs: number;
          now: string;
        };
        expect(b.epochMs).toBe(start.epochMs + 90_250);
        expect(b.now).toBe(new Date(b.epochMs).toISOString().replace('Z', '0000Z'));
        expect(seen).toHaveLength(2);
      } finally {
        sb.app.sandbox.tickers.splice(sb.app.sandbox.tickers.indexOf(ticker), 1);
      }
    });

    it('refuses bad advances with a 400 and a clear message', async () => {
      const before = sb.clock.now();
      const cases: [unknown, RegExp][] = [
        [{}, /exactly one of `seconds` or `ms`/],
        [{ seconds: 1, ms: 1 }, /exactly one of `seconds` or `ms`/],
        [{ seconds: -5 }, /seconds/],
        [{ ms: 1.5 }, /ms/],
        [{ seconds: 'ten' }, /seconds/],
        [{ days: 1 }, /days/],
      ];
      for (const [body, msg] of cases) {
        const res = await control('/clock/advance', { method: 'POST', json: body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        const err = (await json(res)) as { error: { message: string } };
        expect(err.error.message).toMatch(msg);
      }
      const notJson = await control('/clock/advance', {
        method: 'POST',
        body: '{nope',
        headers: { 'content-type': 'application/json' },
      });
      expect(notJson.status).toBe(400);
      expect(sb.clock.now()).toBe(before);
    });
  });

  describe('effects', () => {
    it('lists the writes the API applied, with who, what and when', async () => {
      const post = await sb.api('/api/orders/feed/config', { method: 'POST', json: FEED_CONFIG });
      expect(post.status).toBe(200);
      const effects = (await json(await control('/effects'))) as Record<string, unknown>[];
      expect(effects).toEqual([
        {
          id: expect.any(Number),
          at: vtexTime(sb.clock.now()),
          method: 'POST',
          path: '/api/orders/feed/config',
          orderId: null,
          appKey: AUTH['x-vtex-api-appkey'],
          status: 200,
          changed: true,
          body: FEED_CONFIG,
        },
      ]);
      // A read is not an effect; a refused write is not one either.
      await sb.api('/api/orders/feed/config');
      await sb.api('/api/orders/feed/config', { method: 'POST', json: { filter: {} } });
      expect(await json(await control('/effects'))).toHaveLength(1);
    });

    it('filters by orderId, since (effect id) and path, and is cleared by DELETE', async () => {
      const log = sb.app.sandbox.effects;
      const base = { at: 'x', method: 'POST', appKey: 'k', status: 200, changed: true, body: null };
      log.record({ ...base, path: '/api/oms/pvt/orders/A-01/start-handling', orderId: 'A-01' });
      log.record({ ...base, path: '/api/oms/pvt/orders/B-01/invoice', orderId: 'B-01' });
      log.record({ ...base, path: '/api/oms/pvt/orders/A-01/invoice', orderId: 'A-01' });
      const all = (await json(await control('/effects'))) as { id: number; path: string }[];
      expect(all).toHaveLength(3);

      const byOrder = (await json(await control('/effects?orderId=A-01'))) as { path: string }[];
      expect(byOrder.map((e) => e.path)).toEqual([
        '/api/oms/pvt/orders/A-01/start-handling',
        '/api/oms/pvt/orders/A-01/invoice',
      ]);
      const since = (await json(await control(`/effects?since=${all[0]?.id}`))) as { id: number }[];
      expect(since.map((e) => e.id)).toEqual([all[1]?.id, all[2]?.id]);
      const invoices = (await json(
        await control('/effects?path=%25%2Finvoice&orderId=A-01'),
      )) as unknown[];
      expect(invoices).toHaveLength(1);

      expect((await control('/effects?since=abc')).status).toBe(400);
      expect((await control('/effects?order=A-01')).status).toBe(400);

      const del = await control('/effects', { method: 'DELETE' });
      expect(del.status).toBe(200);
      expect(await json(await control('/effects'))).toEqual([]);
    });
  });

  describe('keys', () => {
    it('registers another key pair that then authenticates', async () => {
      const k2 = {
        'x-vtex-api-appkey': 'vtexappkey-sandbox-STATION2',
        'x-vtex-api-apptoken': 'second-token',
      };
      expect((await sb.api('/api/orders/feed/config', { headers: k2 })).status).toBe(401);
      const res = await control('/keys', {
        method: 'POST',
        json: { appKey: k2['x-vtex-api-appkey'], appToken: k2['x-vtex-api-apptoken'] },
      });
      expect(res.status).toBe(201);
      expect(await json(res)).toEqual({ appKey: 'vtexappkey-sandbox-STATION2' });
      // 404 = authenticated, and this key has no feed configuration of its own.
      expect((await sb.api('/api/orders/feed/config', { headers: k2 })).status).toBe(404);
      const wrong = { ...k2, 'x-vtex-api-apptoken': 'nope' };
      expect((await sb.api('/api/orders/feed/config', { headers: wrong })).status).toBe(401);
    });

    it('refuses incomplete pairs', async () => {
      for (const body of [
        { appKey: 'x' },
        { appKey: '', appToken: 't' },
        { appKey: 'x', appToken: 't', extra: 1 },
      ]) {
        const res = await control('/keys', { method: 'POST', json: body });
        expect(res.status).toBe(400);
      }
    });
  });

  describe('config', () => {
    it('shows the limits and changes them at runtime', async () => {
      expect(await json(await control('/config'))).toEqual({
        rateLimitPerMinute: 6000,
        windowToCancelSeconds: 1800,
        ordersPerMinute: 0,
        statusDelayMs: 0,
      });
      const res = await control('/config', {
        method: 'POST',
        json: {
          rateLimitPerMinute: 2,
          windowToCancelSeconds: 60,
          ordersPerMinute: 1.5,
          statusDelayMs: 4000,
        },
      });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({
        rateLimitPerMinute: 2,
        windowToCancelSeconds: 60,
        ordersPerMinute: 1.5,
        statusDelayMs: 4000,
      });
      expect(sb.app.sandbox.options.windowToCancelSeconds).toBe(60);
      // The new limit holds at once.
      expect((await sb.api('/api/orders/feed/config')).status).toBe(404);
      expect((await sb.api('/api/orders/feed/config')).status).toBe(404);
      expect((await sb.api('/api/orders/feed/config')).status).toBe(429);
      await control('/config', {
        method: 'POST',
        json: { windowToCancelSeconds: 1800, ordersPerMinute: 0, statusDelayMs: 0 },
      });
    });

    it('refuses bad values', async () => {
      for (const body of [
        { rateLimitPerMinute: -1 },
        { windowToCancelSeconds: 'x' },
        { ordersPerMinute: 1e9 },
        { x: 1 },
      ]) {
        expect(
          (await control('/config', { method: 'POST', json: body })).status,
          JSON.stringify(body),
        ).toBe(400);
      }
    });
  });

  describe('orders', () => {
    it('creates orders with the factory and returns them', async () => {
      const res = await control('/orders', { method: 'POST', json: { count: 3 } });
      expect(res.status).toBe(201);
      const orders = (await json(res)) as { orderId: string; value: number }[];
      expect(orders.length).toBeGreaterThanOrEqual(3);
      for (const o of orders) {
        expect(o.orderId).toMatch(/^\d+-\d{2}$/);
        expect(sb.app.sandbox.orders.get(o.orderId)?.orderId).toBe(o.orderId);
      }
      expect(sb.app.sandbox.orders.count()).toBe(orders.length);
    });

    it('passes a spec to the factory', async () => {
      const res = await control('/orders', {
        method: 'POST',
        json: { count: 2, spec: { paymentGroup: 'promissory', sellers: 1, marketplace: false } },
      });
      expect(res.status).toBe(201);
      const orders = (await json(res)) as {
        paymentData: { transactions: { payments: { group: string }[] }[] };
      }[];
      expect(orders).toHaveLength(2);
      for (const o of orders) {
        expect(o.paymentData.transactions.flatMap((t) => t.payments.map((p) => p.group))).toEqual([
          'promissory',
        ]);
      }
    });

    it('refuses a bad count or spec before creating anything', async () => {
      for (const body of [
        { count: 0 },
        { count: 1001 },
        { count: 1.5 },
        { spec: 'x' },
        { count: 2, spec: { sellers: 9 } },
      ]) {
        expect(
          (await control('/orders', { method: 'POST', json: body })).status,
          JSON.stringify(body),
        ).toBe(400);
      }
      expect(sb.app.sandbox.orders.count()).toBe(0);
    });
  });

  describe('reset', () => {
    it('empties orders, feeds, effects, faults and the rate window but keeps the keys', async () => {
      const ctx = sb.app.sandbox;
      await control('/keys', { method: 'POST', json: { appKey: 'k-reset', appToken: 't-reset' } });
      expect(
        (await sb.api('/api/orders/feed/config', { method: 'POST', json: FEED_CONFIG })).status,
      ).toBe(200);
      const doc = minimalOrder({ nowMs: BASE });
      ctx.orders.insert(doc);
      ctx.orders.setStatus(doc.orderId, 'ready-for-handling');
      expect(
        ((await json(await sb.api('/api/orders/feed/config'))) as { quantity: number }).quantity,
      ).toBe(1);
      await control('/faults', {
        method: 'POST',
        json: { kind: 'latency', ms: 1, route: '/nothing' },
      });
      await control('/faults', { method: 'POST', json: { kind: 'feedDuplicate', rate: 0.5 } });
      await control('/config', { method: 'POST', json: { rateLimitPerMinute: 8 } });
      for (let i = 0; i < 8; i++) await sb.api('/api/orders/feed/config');
      expect((await sb.api('/api/orders/feed/config')).status).toBe(429);

      const res = await control('/reset', { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ ok: true });

      expect(ctx.orders.count()).toBe(0);
      expect(ctx.orders.get(doc.orderId)).toBeUndefined();
      expect(await json(await control('/effects'))).toEqual([]);
      expect(await json(await control('/faults'))).toMatchObject({ rules: [], outage: null });
      expect(ctx.feed.getDelivery()).toEqual({ duplicateRate: 0, reorder: false });
      // The rate window is empty again and the feed configuration is gone (404, not 429).
      expect((await sb.api('/api/orders/feed/config')).status).toBe(404);
      const extra = { 'x-vtex-api-appkey': 'k-reset', 'x-vtex-api-apptoken': 't-reset' };
      expect((await sb.api('/api/orders/feed/config', { headers: extra })).status).toBe(404);
      // Every table but the keys is empty.
      const tables = ctx.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[];
      for (const { name } of tables) {
        const n = (ctx.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
        if (name === 'app_keys') expect(n).toBeGreaterThanOrEqual(2);
        else expect(n, name).toBe(0);
      }
    });
  });
});

describe('control API without a listening server', () => {
  it('works through inject() as well', async () => {
    const app = await buildApp({ tickIntervalMs: 0 });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/_sandbox/clock/advance',
        payload: { seconds: 1 },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ epochMs: expect.any(Number) });
    } finally {
      await app.close();
    }
  });
});
