import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HookNotification } from '../../vtex';
import type { SandboxContext } from '../../sandbox/context';
import { HOOK_IDLE_EXPIRY_MS, HOOK_MAX_ATTEMPTS, hookRetryDelay } from '../../sandbox/state/hook';
import { minimalOrder } from '../helpers/minimal-order';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

const KEY2 = { appKey: 'vtexappkey-sandbox-DESK02', appToken: 'second-station-token' };
const AUTH2 = { 'x-vtex-api-appkey': KEY2.appKey, 'x-vtex-api-apptoken': KEY2.appToken };

interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * A local hook endpoint that records every request. `answer` decides per request: a status code,
 * or 'hang' to never answer (the sandbox's timeout must cut it).
 */
class HookEndpoint {
  readonly received: Received[] = [];
  answer: (body: unknown) => number | 'hang' = () => 200;
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => {
        const body: unknown = text ? JSON.parse(text) : null;
        this.received.push({ headers: req.headers, body });
        const a = this.answer(body);
        if (a === 'hang') return;
        res.writeHead(a, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/vtex/hook`;
    return this;
  }

  notifications(): HookNotification[] {
    return this.received.filter((r) => !isPing(r.body)).map((r) => HookNotification.parse(r.body));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const isPing = (b: unknown) =>
  typeof b === 'object' && b !== null && (b as { hookConfig?: unknown }).hookConfig === 'ping';

let sb: TestSandbox;
let ctx: SandboxContext;
let endpoint: HookEndpoint;

beforeEach(async () => {
  sb = await startSandbox({ appKeys: [KEY, KEY2], accountName: 'mystore' });
  ctx = sb.app.sandbox;
  endpoint = await new HookEndpoint().start();
});
afterEach(async () => {
  await sb.close();
  await endpoint.close();
});

const ALL = { type: 'FromWorkflow', status: [] as string[] };
const HEADERS = { 'x-desk-secret': 's3cret' };

function postConfig(json: unknown, headers?: Record<string, string>) {
  return sb.api('/api/orders/hook/config', { method: 'POST', json, headers });
}

async function configure(filter: unknown = ALL, headers: Record<string, string> = HEADERS) {
  const res = await postConfig({ filter, hook: { url: endpoint.url, headers } });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function errorMessage(res: Response): Promise<string> {
  return ((await res.json()) as { error: { message: string } }).error.message;
}

function order(...statuses: string[]): string {
  const doc = minimalOrder({ nowMs: sb.clock.now() });
  ctx.orders.insert(doc);
  for (const s of statuses) {
    sb.clock.advance(1000);
    ctx.orders.setStatus(doc.orderId, s);
  }
  return doc.orderId;
}

/** Moves the sandbox clock, runs the timers and waits for the deliveries they started. */
async function advance(ms: number) {
  sb.clock.advance(ms);
  await ctx.tick();
  await ctx.hooks.flush();
}

describe('hook configuration', () => {
  it('pings the endpoint with the headers and saves the configuration on 200', async () => {
    await configure({ type: 'FromWorkflow', status: ['ready-for-handling'] });
    expect(endpoint.received).toHaveLength(1);
    expect(endpoint.received[0]?.body).toEqual({ hookConfig: 'ping' });
    expect(endpoint.received[0]?.headers['x-desk-secret']).toBe('s3cret');
    const res = await sb.api('/api/orders/hook/config');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      filter: { type: 'FromWorkflow', status: ['ready-for-handling'] },
      hook: { url: endpoint.url, headers: HEADERS },
    });
  });

  it('saves nothing and answers 400 when the ping is not answered with 200', async () => {
    endpoint.answer = () => 500;
    const res = await postConfig({ filter: ALL, hook: { url: endpoint.url, headers: {} } });
    expect(res.status).toBe(400);
    expect(await errorMessage(res)).toMatch(/Unable to check address: .*500/);
    expect((await sb.api('/api/orders/hook/config')).status).toBe(404);

    await endpoint.close();
    const refused = await postConfig({ filter: ALL, hook: { url: endpoint.url } });
    expect(refused.status).toBe(400);
    expect(await errorMessage(refused)).toMatch(/could not be reached/);
  });

  it('gives up a ping that hangs after the timeout', async () => {
    ctx.hooks.timeoutMs = 150;
    endpoint.answer = () => 'hang';
    const res = await postConfig({ filter: ALL, hook: { url: endpoint.url } });
    expect(res.status).toBe(400);
    expect(await errorMessage(res)).toMatch(/did not answer the ping within 150 ms/);
    expect((await sb.api('/api/orders/hook/config')).status).toBe(404);
  });

  it('accepts https and loopback http only, and validates the filter like the feed', async () => {
    const http = await postConfig({ filter: ALL, hook: { url: 'http://example.com/hook' } });
    expect(http.status).toBe(400);
    expect(await errorMessage(http)).toBe('Only https scheme is accepted');
    expect((await postConfig({ filter: ALL, hook: { url: 'ftp://127.0.0.1/x' } })).status).toBe(
      400,
    );
    expect((await postConfig({ filter: ALL, hook: { url: 'not a url' } })).status).toBe(400);
    expect((await postConfig({ filter: ALL })).status).toBe(400);
    const mixed = await postConfig({
      filter: { type: 'FromOrders', expression: 'value > 1', status: ['handling'] },
      hook: { url: endpoint.url },
    });
    expect(mixed.status).toBe(409);
    // None of the refused bodies reached the endpoint.
    expect(endpoint.received).toHaveLength(0);
    const local = await postConfig({
      filter: ALL,
      hook: { url: endpoint.url.replace('127.0.0.1', 'localhost') },
    });
    expect(local.status).toBe(200);
  });

  it('keeps one hook per appKey and deletes with 200, then 404', async () => {
    await configure();
    expect((await sb.api('/api/orders/hook/config', { headers: AUTH2 })).status).toBe(404);
    expect(
      (await sb.api('/api/orders/hook/config', { method: 'DELETE', headers: AUTH2 })).status,
    ).toBe(404);
    expect((await sb.api('/api/orders/hook/config', { method: 'DELETE' })).status).toBe(200);
    expect((await sb.api('/api/orders/hook/config', { method: 'DELETE' })).status).toBe(404);
    expect((await sb.api('/api/orders/hook/config')).status).toBe(404);
  });
});

describe('hook deliveries', () => {
  it('POSTs the PascalCase notification with the configured headers for matching statuses only', async () => {
    await configure({ type: 'FromWorkflow', status: ['ready-for-handling'] });
    const id = order(
      'payment-approved',
      'window-to-cancel',
      'ready-for-handling',
      'start-handling',
    );
    await ctx.hooks.flush();
    const got = endpoint.notifications();
    expect(got).toHaveLength(1);
    expect(got[0]).toEqual({
      Domain: 'Fulfillment',
      OrderId: id,
      State: 'ready-for-handling',
      LastState: 'window-to-cancel',
      LastChange: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/) as unknown,
      CurrentChange: expect.stringMatching(/\.\d{7}Z$/) as unknown,
      Origin: { Account: 'mystore', Key: KEY.appKey },
    });
    const last = endpoint.received.at(-1);
    expect(last?.headers['x-desk-secret']).toBe('s3cret');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(ctx.hooks.pending()).toEqual([]);
  });

  it('notifies each appKey on its own hook with its own Origin.Key', async () => {
    await configure(ALL, { 'x-station': 'one' });
    const res = await postConfig(
      { filter: ALL, hook: { url: endpoint.url, headers: { 'x-station': 'two' } } },
      AUTH2,
    );
    expect(res.status).toBe(200);
    order('payment-approved');
    await ctx.hooks.flush();
    const byStation = endpoint.received
      .filter((r) => !isPing(r.body))
      .map((r) => [r.headers['x-station'], HookNotification.parse(r.body).Origin.Key])
      .sort();
    expect(byStation).toEqual([
      ['one', KEY.appKey],
      ['two', KEY2.appKey],
    ]);
  });

  it('retries a failed notification with growing delays until it gets a 200', async () => {
    await configure();
    endpoint.answer = (b) => (isPing(b) ? 200 : 500);
    order('payment-approved');
    await ctx.hooks.flush();
    expect(endpoint.notifications()).toHaveLength(1);
    expect(ctx.hooks.pending()[0]).toMatchObject({ attempts: 1, nextAt: sb.clock.now() + 10_000 });

    await advance(9_999);
    expect(endpoint.notifications()).toHaveLength(1);
    await advance(1);
    expect(endpoint.notifications()).toHaveLength(2);
    expect(ctx.hooks.pending()[0]).toMatchObject({ attempts: 2, nextAt: sb.clock.now() + 20_000 });

    await advance(19_999);
    expect(endpoint.notifications()).toHaveLength(2);
    endpoint.answer = () => 200;
    await advance(1);
    expect(endpoint.notifications()).toHaveLength(3);
    expect(ctx.hooks.pending()).toEqual([]);
    // The three attempts carried the same notification.
    expect(new Set(endpoint.notifications().map((n) => JSON.stringify(n))).size).toBe(1);
  });

  it(`gives a notification up after ${HOOK_MAX_ATTEMPTS} failed attempts`, async () => {
    await configure();
    endpoint.answer = (b) => (isPing(b) ? 200 : 503);
    order('payment-approved');
    await ctx.hooks.flush();
    for (let attempts = 1; attempts < HOOK_MAX_ATTEMPTS; attempts++) {
      await advance(hookRetryDelay(attempts));
    }
    expect(endpoint.notifications()).toHaveLength(HOOK_MAX_ATTEMPTS);
    expect(ctx.hooks.pending()).toEqual([]);
    await advance(24 * 3600_000);
    expect(endpoint.notifications()).toHaveLength(HOOK_MAX_ATTEMPTS);
  });

  it('counts a hanging endpoint as a failure without blocking the API', async () => {
    await configure();
    ctx.hooks.timeoutMs = 150;
    endpoint.answer = (b) => (isPing(b) ? 200 : 'hang');
    order('payment-approved');
    // The delivery is in flight and hangs; the sandbox still answers at once.
    const res = await sb.api('/api/orders/hook/config');
    expect(res.status).toBe(200);
    expect(ctx.hooks.pending()[0]?.attempts).toBe(0);
    await ctx.hooks.flush();
    expect(ctx.hooks.pending()[0]).toMatchObject({ attempts: 1, nextAt: sb.clock.now() + 10_000 });
  });

  it('delivers a FromOrders match once unless disableSingleFire is true', async () => {
    await configure({
      type: 'FromOrders',
      expression: 'status = "handling"',
      disableSingleFire: false,
    });
    const id = order('ready-for-handling', 'handling');
    ctx.orders.update(id, (d) => {
      d.followUpEmail = 'x@example.com';
    });
    await ctx.hooks.flush();
    expect(endpoint.notifications().map((n) => [n.OrderId, n.State, n.LastState])).toEqual([
      [id, 'handling', 'ready-for-handling'],
    ]);

    await configure({
      type: 'FromOrders',
      expression: 'status = "handling"',
      disableSingleFire: true,
    });
    ctx.orders.update(id, (d) => {
      d.followUpEmail = 'y@example.com';
    });
    ctx.orders.update(id, (d) => {
      d.followUpEmail = 'z@example.com';
    });
    await ctx.hooks.flush();
    expect(endpoint.notifications()).toHaveLength(3);
  });

  it('removes a hook after 3 days without notifications; a delivered notification renews it', async () => {
    await configure();
    await advance(HOOK_IDLE_EXPIRY_MS - 60_000);
    order('payment-approved');
    await ctx.hooks.flush();
    await advance(HOOK_IDLE_EXPIRY_MS - 60_000);
    expect((await sb.api('/api/orders/hook/config')).status).toBe(200);
    await advance(60_000);
    expect((await sb.api('/api/orders/hook/config')).status).toBe(404);
    order('payment-approved');
    await ctx.hooks.flush();
    expect(endpoint.notifications()).toHaveLength(1);
  });
});
