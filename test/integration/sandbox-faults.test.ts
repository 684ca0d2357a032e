import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type SandboxApp } from '../../sandbox/app';
import { compileRoute, parseFaultSpec } from '../../sandbox/state/faults';
import { minimalOrder } from '../helpers/minimal-order';
import { expectMatchesOpenApi } from '../helpers/openapi';
import { AUTH, startSandbox, type TestSandbox } from '../helpers/sandbox';

const CONFIG_PATH = '/api/orders/feed/config';
const FEED_CONFIG = {
  filter: { type: 'FromWorkflow', status: ['ready-for-handling'] },
  queue: { visibilityTimeoutInSeconds: 240, MessageRetentionPeriodInSeconds: 345_600 },
};

/** What a fetch ended with: `status N`, or the network error code of a rejected fetch. */
async function outcome(p: Promise<Response>): Promise<string> {
  try {
    const res = await p;
    await res.arrayBuffer();
    return `status ${res.status}`;
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    return `rejected ${cause?.code ?? String(e)}`;
  }
}

describe('fault injection over HTTP', () => {
  let sb: TestSandbox;
  const control = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    sb.api(`/_sandbox${path}`, init);
  const addFault = async (rule: unknown) => {
    const res = await control('/faults', { method: 'POST', json: rule });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string }[];
  };

  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(() => sb.close());
  afterEach(async () => {
    await sb.app.sandbox.faults.endOutage();
    expect((await control('/reset', { method: 'POST' })).status).toBe(200);
  });

  it('latency delays the matching request by real milliseconds, `count` times', async () => {
    await addFault({ kind: 'latency', ms: 150, route: `GET ${CONFIG_PATH}`, count: 1 });
    const t0 = performance.now();
    expect((await sb.api(CONFIG_PATH)).status).toBe(404);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
    // Used up: the rule is gone.
    expect(((await (await control('/faults')).json()) as { rules: unknown[] }).rules).toEqual([]);
  });

  it('error answers with the status and a VTEX-shaped body for the next `count` requests', async () => {
    const [rule] = await addFault({
      kind: 'error',
      status: 503,
      count: 2,
      route: `GET ${CONFIG_PATH}`,
    });
    expect(rule).toMatchObject({ id: expect.any(String), kind: 'error', status: 503, count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await sb.api(CONFIG_PATH);
      expect(res.status).toBe(503);
      expect(res.headers.get('x-sandbox-fault')).toBe('error');
      expect(await res.json()).toEqual({
        error: { code: '503', message: 'Service Unavailable', exception: null },
      });
    }
    expect((await sb.api(CONFIG_PATH)).status).toBe(404);
  });

  it('error sends a given body, and problem JSON on the order-system routes', async () => {
    await addFault({
      kind: 'error',
      status: 500,
      body: { Message: 'boom' },
      route: 'GET /api/oms/**',
    });
    await addFault({ kind: 'error', status: 502, route: '/api/order-system/**' });
    const a = await sb.api('/api/oms/pvt/orders/1-01');
    expect(a.status).toBe(500);
    expect(await a.json()).toEqual({ Message: 'boom' });
    const b = await sb.api('/api/order-system/orders/1-01/changes?an=sandbox');
    expect(b.status).toBe(502);
    expect(await b.json()).toMatchObject({ title: 'Bad Gateway', status: 502 });
  });

  it('rate429 answers 429 with Retry-After for a burst', async () => {
    await addFault({ kind: 'rate429', retryAfterSeconds: 30, count: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await sb.api(CONFIG_PATH);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(await res.json()).toMatchObject({ error: { code: '429' } });
    }
    expect((await sb.api(CONFIG_PATH)).status).toBe(404);
  });

  it('reset destroys the connection before the route runs: fetch rejects and nothing is written', async () => {
    await addFault({ kind: 'reset', route: `POST ${CONFIG_PATH}`, count: 1 });
    const result = await outcome(sb.api(CONFIG_PATH, { method: 'POST', json: FEED_CONFIG }));
    expect(result).toMatch(/^rejected (UND_ERR_SOCKET|ECONNRESET)$/);
    expect((await sb.api(CONFIG_PATH)).status).toBe(404);
    expect(await (await control('/effects')).json()).toEqual([]);
    // Only the next request was hit.
    expect((await sb.api(CONFIG_PATH, { method: 'POST', json: FEED_CONFIG })).status).toBe(200);
  });

  it('applyThenDrop applies and records the write, then drops the connection', async () => {
    await addFault({ kind: 'applyThenDrop', route: `POST ${CONFIG_PATH}`, count: 1 });
    const result = await outcome(sb.api(CONFIG_PATH, { method: 'POST', json: FEED_CONFIG }));
    expect(result).toMatch(/^rejected (UND_ERR_SOCKET|ECONNRESET)$/);
    const effects = (await (await control('/effects')).json()) as {
      method: string;
      path: string;
      status: number;
    }[];
    expect(effects).toEqual([
      expect.objectContaining({ method: 'POST', path: CONFIG_PATH, status: 200 }),
    ]);
    expect((await sb.api(CONFIG_PATH)).status).toBe(200);
  });

  it('applyThenDrop on start-handling: the order moved, the client saw nothing, a retry gets 409', async () => {
    const ctx = sb.app.sandbox;
    const doc = minimalOrder({ nowMs: sb.clock.now() });
    ctx.orders.insert(doc);
    ctx.orders.setStatus(doc.orderId, 'ready-for-handling');
    await addFault({
      kind: 'applyThenDrop',
      route: 'POST /api/oms/pvt/orders/*/start-handling',
      count: 1,
    });
    const path = `/api/oms/pvt/orders/${doc.orderId}/start-handling`;
    expect(await outcome(sb.api(path, { method: 'POST' }))).toMatch(/^rejected /);
    expect(ctx.orders.get(doc.orderId)?.status).toBe('handling');
    const effects = (await (await control(`/effects?orderId=${doc.orderId}`)).json()) as {
      path: string;
    }[];
    expect(effects.map((e) => e.path)).toEqual([path]);
    const retry = await sb.api(path, { method: 'POST' });
    expect(retry.status).toBe(409);
    expectMatchesOpenApi(
      'POST',
      '/api/oms/pvt/orders/{orderId}/start-handling',
      409,
      await retry.json(),
    );
  });

  it('never touches the control API', async () => {
    await addFault({ kind: 'error', status: 500 });
    await addFault({ kind: 'reset', route: '/**' });
    expect((await sb.api(CONFIG_PATH)).status).toBe(500);
    const ping = await control('/ping');
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ ok: true });
  });

  it('lists rules with what is left of their count, and deletes one or all', async () => {
    const [a] = await addFault({
      kind: 'error',
      status: 500,
      count: 3,
      route: `GET ${CONFIG_PATH}`,
      id: 'mine',
    });
    const [b] = await addFault([{ kind: 'latency', ms: 1 }, { kind: 'feedReorder' }]);
    expect(a?.id).toBe('mine');
    await sb.api(CONFIG_PATH);
    const list = (await (await control('/faults')).json()) as {
      rules: { id: string; count?: number }[];
    };
    expect(list.rules.map((r) => r.id)).toEqual(['mine', b?.id, expect.any(String)]);
    expect(list.rules[0]?.count).toBe(2);

    expect((await control('/faults/mine', { method: 'DELETE' })).status).toBe(200);
    expect((await control('/faults/mine', { method: 'DELETE' })).status).toBe(404);
    expect((await sb.api(CONFIG_PATH)).status).toBe(404);
    expect((await control('/faults', { method: 'DELETE' })).status).toBe(200);
    expect(await (await control('/faults')).json()).toEqual({
      rules: [],
      outage: null,
      feedDelivery: { duplicateRate: 0, reorder: false },
    });
  });

  it('refuses bad rules with a 400 that says what is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'explode' }, /kind/],
      [{ kind: 'latency' }, /ms/],
      [{ kind: 'error', status: 200 }, /status/],
      [{ kind: 'error', status: 503, probability: 2 }, /probability/],
      [{ kind: 'error', status: 503, route: 'GET orders' }, /route "GET orders" must be/],
      [{ kind: 'reset', route: '/^([/' }, /not a valid regular expression/],
      [{ kind: 'latency', ms: 5, sttus: 1 }, /sttus/],
      [{ kind: 'outage' }, /exactly one of `seconds` or `until`/],
      [{ kind: 'feedDuplicate', rate: 0.5, route: '*' }, /route/],
      [[], /non-empty list/],
      [[{ kind: 'reset' }, { kind: 'nope' }], /rule 1: kind must be one of/],
    ];
    for (const [rule, msg] of cases) {
      const res = await control('/faults', { method: 'POST', json: rule });
      expect(res.status, JSON.stringify(rule)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(msg);
    }
    await addFault({ kind: 'reset', id: 'twice', route: '/never' });
    const dup = await control('/faults', { method: 'POST', json: { kind: 'reset', id: 'twice' } });
    expect(dup.status).toBe(400);
    expect(((await dup.json()) as { error: { message: string } }).error.message).toMatch(
      /exists already/,
    );
  });

  it('feedDuplicate and feedReorder switch the feed delivery while the rules exist', async () => {
    const ctx = sb.app.sandbox;
    expect((await sb.api(CONFIG_PATH, { method: 'POST', json: FEED_CONFIG })).status).toBe(200);
    const [dup] = await addFault({ kind: 'feedDuplicate', rate: 1 });
    const [reorder] = await addFault({ kind: 'feedReorder' });
    expect(ctx.feed.getDelivery()).toEqual({ duplicateRate: 1, reorder: true });

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const doc = minimalOrder({ nowMs: sb.clock.now() });
      ctx.orders.insert(doc);
      ctx.orders.setStatus(doc.orderId, 'ready-for-handling');
      ids.push(doc.orderId);
    }
    const items = (await (await sb.api('/api/orders/feed?maxlot=10')).json()) as {
      eventId: string;
      orderId: string;
    }[];
    // Every event twice (same eventId), newest first.
    expect(items).toHaveLength(6);
    expect(new Set(items.map((i) => i.eventId)).size).toBe(3);
    expect([...new Set(items.map((i) => i.orderId))]).toEqual([...ids].reverse());

    expect((await control(`/faults/${dup?.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await control(`/faults/${reorder?.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(ctx.feed.getDelivery()).toEqual({ duplicateRate: 0, reorder: false });
  });

  it('outage refuses connections (ECONNREFUSED) for real seconds, then the same URL answers again', async () => {
    const res = await control('/faults', {
      method: 'POST',
      json: { kind: 'outage', seconds: 0.6 },
    });
    expect(res.status).toBe(201);
    const [o] = (await res.json()) as { kind: string; until: string }[];
    expect(o?.kind).toBe('outage');
    const t0 = Date.now();
    expect(await outcome(sb.api(CONFIG_PATH))).toBe('rejected ECONNREFUSED');
    expect(await outcome(control('/ping'))).toBe('rejected ECONNREFUSED');
    // Recovery is real time: poll (bounded) until it listens again.
    let result = '';
    while (Date.now() - t0 < 5000) {
      result = await outcome(sb.api(CONFIG_PATH));
      if (result !== 'rejected ECONNREFUSED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(result).toBe('status 404');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(Date.parse(o?.until ?? '')).toBeLessThanOrEqual(Date.now());
    expect(sb.app.sandbox.faults.outage()).toBeNull();
  });

  it('outage can be ended early through the context API', async () => {
    const ctx = sb.app.sandbox;
    ctx.faults.startOutage({ until: new Date(Date.now() + 60_000).toISOString() });
    expect(ctx.faults.outage()).not.toBeNull();
    // A connection kept alive from before the outage is closed under the client: a socket error.
    expect(await outcome(sb.api(CONFIG_PATH))).toMatch(
      /^rejected (ECONNREFUSED|UND_ERR_SOCKET|ECONNRESET)$/,
    );
    expect(await outcome(sb.api(CONFIG_PATH))).toBe('rejected ECONNREFUSED');
    await ctx.faults.endOutage();
    expect(await outcome(sb.api(CONFIG_PATH))).toBe('status 404');
    expect(await outcome(control('/faults/outage/end', { method: 'POST' }))).toBe('status 200');
  });
});

describe('fault injection without a listening server (inject)', () => {
  let app: SandboxApp;
  beforeAll(async () => {
    app = await buildApp({ tickIntervalMs: 0, seed: 7 });
  });
  afterAll(() => app.close());

  it('answers 503 during an outage, and POST /_sandbox/faults/outage/end ends it', async () => {
    const until = new Date(Date.now() + 120_000).toISOString();
    const start = await app.inject({
      method: 'POST',
      url: '/_sandbox/faults',
      payload: { kind: 'outage', until },
    });
    expect(start.statusCode).toBe(201);
    const down = await app.inject({ method: 'GET', url: CONFIG_PATH, headers: AUTH });
    expect(down.statusCode).toBe(503);
    expect(Number(down.headers['retry-after'])).toBeGreaterThan(100);
    const list = await app.inject({ method: 'GET', url: '/_sandbox/faults' });
    expect(list.json()).toMatchObject({
      outage: { until: new Date(Date.parse(until)).toISOString() },
    });
    expect(
      (await app.inject({ method: 'POST', url: '/_sandbox/faults/outage/end' })).statusCode,
    ).toBe(200);
    expect((await app.inject({ method: 'GET', url: CONFIG_PATH, headers: AUTH })).statusCode).toBe(
      404,
    );
  });

  it('reset and applyThenDrop end the exchange without a response', async () => {
    await app.inject({
      method: 'POST',
      url: '/_sandbox/faults',
      payload: { kind: 'reset', count: 1 },
    });
    await expect(app.inject({ method: 'GET', url: CONFIG_PATH, headers: AUTH })).rejects.toThrow();
    await app.inject({
      method: 'POST',
      url: '/_sandbox/faults',
      payload: { kind: 'applyThenDrop', count: 1 },
    });
    await expect(
      app.inject({ method: 'POST', url: CONFIG_PATH, headers: AUTH, payload: FEED_CONFIG }),
    ).rejects.toThrow();
    expect((await app.inject({ method: 'GET', url: CONFIG_PATH, headers: AUTH })).statusCode).toBe(
      200,
    );
  });

  it('draws probabilities from the seeded PRNG: same seed, same failures', async () => {
    const pattern = async (seed: number) => {
      const a = await buildApp({
        tickIntervalMs: 0,
        seed,
        faults: [parseFaultSpec('error:status=503:rate=0.3')],
      });
      try {
        let s = '';
        for (let i = 0; i < 40; i++) {
          const res = await a.inject({ method: 'GET', url: CONFIG_PATH, headers: AUTH });
          s += res.statusCode === 503 ? 'x' : '.';
        }
        return s;
      } finally {
        await a.close();
      }
    };
    const first = await pattern(7);
    expect(await pattern(7)).toBe(first);
    expect(await pattern(8)).not.toBe(first);
    const hits = first.split('').filter((c) => c === 'x').length;
    expect(hits).toBeGreaterThan(3);
    expect(hits).toBeLessThan(25);
  });
});

describe('route selectors and the CLI syntax', () => {
  it('match method and path globs segment by segment, or a regular expression', () => {
    const inv = compileRoute('POST /api/oms/pvt/orders/*/invoice');
    expect(inv('POST', '/api/oms/pvt/orders/123-01/invoice')).toBe(true);
    expect(inv('post', '/api/oms/pvt/orders/123-01/invoice')).toBe(true);
    expect(inv('GET', '/api/oms/pvt/orders/123-01/invoice')).toBe(false);
    expect(inv('POST', '/api/oms/pvt/orders/123-01/invoice/9')).toBe(false);
    const one = compileRoute('GET /api/oms/pvt/orders/*');
    expect(one('GET', '/api/oms/pvt/orders/1-01')).toBe(true);
    expect(one('GET', '/api/oms/pvt/orders/1-01/conversation-message')).toBe(false);
    expect(compileRoute('/api/**')('DELETE', '/api/orders/hook/config')).toBe(true);
    expect(compileRoute('*')('PATCH', '/anything')).toBe(true);
    expect(compileRoute('/api/orders/feed')('GET', '/api/orders/feed')).toBe(true);
    expect(compileRoute('/api/orders/feed/')('GET', '/api/orders/feed')).toBe(false);
    const rx = compileRoute('/^(POST|PATCH) \\/api\\/.+\\/invoice/');
    expect(rx('PATCH', '/api/oms/pvt/orders/1/invoice/2')).toBe(true);
    expect(rx('GET', '/api/oms/pvt/orders/1/invoice/2')).toBe(false);
    expect(() => compileRoute('orders')).toThrow(/must be/);
  });

  it('parse kind:key=value fields, with rate meaning probability', () => {
    expect(parseFaultSpec('latency:ms=200:route=GET /api/oms/pvt/orders/*')).toEqual({
      kind: 'latency',
      ms: 200,
      route: 'GET /api/oms/pvt/orders/*',
    });
    expect(parseFaultSpec('error:status=503:rate=0.2')).toEqual({
      kind: 'error',
      status: 503,
      probability: 0.2,
    });
    expect(parseFaultSpec('feedDuplicate:rate=0.3')).toEqual({ kind: 'feedDuplicate', rate: 0.3 });
    expect(parseFaultSpec('outage:seconds=30')).toEqual({ kind: 'outage', seconds: 30 });
    expect(parseFaultSpec('error:status=500:body={"a":"b:c=d"}')).toEqual({
      kind: 'error',
      status: 500,
      body: { a: 'b:c=d' },
    });
    expect(() => parseFaultSpec('boom')).toThrow(/kind must be one of/);
    expect(() => parseFaultSpec('latency:ms=fast')).toThrow(/ms must be a number/);
    expect(() => parseFaultSpec('error')).toThrow(/status/);
  });
});
