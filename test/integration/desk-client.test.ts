import { inspect } from 'node:util';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VtexClient, type RequestLog } from '../../main/core/vtex/client';
import { VtexClientError } from '../../main/core/vtex/errors';
import { vtexClientFromSettings } from '../../main/core/vtex/from-settings';
import { APP_TOKEN_SECRET, MemorySecretStore } from '../../main/core/settings';
import { backoffDelay, parseRetryAfter } from '../../main/core/vtex/retry';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';
import { virtualTime, type VirtualTime } from '../helpers/virtual-time';

const FEED_CONFIG = {
  filter: { type: 'FromWorkflow' as const, status: ['ready-for-handling', 'handling'] },
  queue: { visibilityTimeoutInSeconds: 240, MessageRetentionPeriodInSeconds: 345_600 },
};

async function caught(p: Promise<unknown>): Promise<VtexClientError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VtexClientError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** A fetch that answers from a script, recording the requests (no network). */
function scriptedFetch(answers: (() => Response)[]) {
  const requests: { url: string; method: string; headers: Headers; body: string | null }[] = [];
  const fn: typeof fetch = async (input, init) => {
    requests.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : null,
    });
    const next = answers.shift();
    if (!next) throw new Error('no scripted answer left');
    return next();
  };
  return { fetch: fn, requests };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

describe('VTEX client against the sandbox', () => {
  let sb: TestSandbox;
  let vt: VirtualTime;
  let logs: RequestLog[];
  let client: VtexClient;

  const fault = async (rule: Record<string, unknown>): Promise<void> => {
    const res = await sb.api('/_sandbox/faults', { method: 'POST', json: rule });
    expect(res.status).toBeLessThan(300);
  };

  const makeClient = (extra: Partial<ConstructorParameters<typeof VtexClient>[0]> = {}) =>
    new VtexClient({
      baseUrl: sb.url,
      appKey: KEY.appKey,
      appToken: KEY.appToken,
      clock: vt.clock,
      sleep: vt.sleep,
      random: () => 0.5,
      onRequest: (l) => logs.push(l),
      ...extra,
    });

  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    await sb.api('/_sandbox/reset', { method: 'POST' });
    vt = virtualTime();
    logs = [];
    client = makeClient();
  });

  it('configures, reads and deletes the feed configuration with the appKey headers', async () => {
    expect((await caught(client.getFeedConfig())).code).toBe('VTEX_NOT_FOUND');
    await client.setFeedConfig(FEED_CONFIG);
    const cfg = await client.getFeedConfig();
    expect(cfg.filter).toMatchObject({
      type: 'FromWorkflow',
      status: ['ready-for-handling', 'handling'],
    });
    expect(cfg.queue.MessageRetentionPeriodInSeconds).toBe(345_600);
    expect(await client.getFeed(10)).toEqual([]);
    await client.deleteFeedConfig();
    const e = await caught(client.getFeed(10));
    expect(e).toMatchObject({ code: 'VTEX_NOT_FOUND', status: 404, ambiguous: false });
    // A 404 is an answer, not a transient failure: exactly one attempt.
    expect(logs.filter((l) => l.path.startsWith('/api/orders/feed?'))).toHaveLength(2);
  });

  it('maps a refused key to VTEX_UNAUTHORIZED with VTEX’s code, without retrying', async () => {
    const bad = makeClient({ appToken: 'wrong-token' });
    const e = await caught(bad.getFeedConfig());
    expect(e).toMatchObject({
      code: 'VTEX_UNAUTHORIZED',
      status: 401,
      vtexCode: '1',
      retryable: false,
    });
    expect(logs).toHaveLength(1);
  });

  it('never shows the appToken: not in JSON, inspect, errors or request logs', async () => {
    const secret = KEY.appToken;
    const bad = makeClient({ appToken: `${secret}-x` });
    const e = await caught(bad.getFeedConfig());
    const seen = [
      JSON.stringify(client),
      inspect(client, { depth: 5 }),
      JSON.stringify(e),
      e.message,
      inspect(e),
      JSON.stringify(logs),
    ].join('\n');
    expect(seen).not.toContain(secret);
    expect(JSON.stringify(client)).toContain('[redacted]');
  });

  it('waits out 429s for the Retry-After the sandbox sends, then succeeds', async () => {
    await client.setFeedConfig(FEED_CONFIG);
    await fault({ kind: 'rate429', route: 'GET /api/orders/feed', retryAfterSeconds: 7, count: 2 });
    expect(await client.getFeed(10)).toEqual([]);
    const feedGets = logs.filter((l) => l.path.startsWith('/api/orders/feed?'));
    expect(feedGets.map((l) => l.status)).toEqual([429, 429, 200]);
    // Each 429 held the limiter for 7 s of (virtual) time before the next attempt.
    expect(vt.sleeps.filter((ms) => ms >= 6000)).toHaveLength(2);
    expect(vt.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(14_000);
  });

  it('holds every call after a 429, not only the one that got it', async () => {
    await client.setFeedConfig(FEED_CONFIG);
    await fault({
      kind: 'rate429',
      route: 'GET /api/orders/feed',
      retryAfterSeconds: 30,
      count: 1,
    });
    const first = vt.clock.now();
    await client.getFeed(10);
    expect(vt.clock.now() - first).toBeGreaterThanOrEqual(30_000);
    expect(client.rateLimitedUntil).toBe(0);
    // A 429 whose wait is longer than the client may wait inside a call goes to the caller.
    await fault({
      kind: 'rate429',
      route: 'GET /api/orders/feed/config',
      retryAfterSeconds: 3600,
      count: 1,
    });
    const e = await caught(client.getFeedConfig());
    expect(e).toMatchObject({
      code: 'VTEX_RATE_LIMITED',
      retryAfterMs: 3_600_000,
      retryable: true,
    });
    // The pause ends after the Retry-After plus at most 2 s of jitter.
    expect(client.rateLimitedUntil - vt.clock.now() - 3_600_000).toBeGreaterThanOrEqual(0);
    expect(client.rateLimitedUntil - vt.clock.now() - 3_600_000).toBeLessThanOrEqual(2000);
  });

  it('retries reads on 5xx and resets, but never a write; a failed write is classified', async () => {
    await client.setFeedConfig(FEED_CONFIG);
    await fault({ kind: 'error', route: 'GET /api/orders/feed', status: 503, count: 2 });
    await fault({ kind: 'reset', route: 'GET /api/orders/feed', count: 1 });
    expect(await client.getFeed(10)).toEqual([]);
    expect(
      logs.filter((l) => l.path.startsWith('/api/orders/feed?')).map((l) => l.status ?? l.code),
    ).toEqual([503, 503, 'VTEX_NETWORK', 200]);

    logs.length = 0;
    await fault({
      kind: 'error',
      route: 'POST /api/oms/pvt/orders/*/start-handling',
      status: 500,
      count: 1,
    });
    const e500 = await caught(client.startHandling('1234567890123-01'));
    expect(e500).toMatchObject({
      code: 'VTEX_SERVER',
      status: 500,
      ambiguous: true,
      retryable: true,
    });
    await fault({ kind: 'reset', route: 'POST /api/oms/pvt/orders/*/cancel', count: 1 });
    const reset = await caught(client.cancel('1234567890123-01', { reason: 'test' }));
    expect(reset).toMatchObject({ code: 'VTEX_NETWORK', ambiguous: true });
    await fault({
      kind: 'error',
      route: 'POST /api/oms/pvt/orders/*/invoice',
      status: 503,
      count: 1,
    });
    const e503 = await caught(
      client.invoice('1234567890123-01', {
        type: 'Output',
        issuanceDate: '2026-11-27T10:00:00Z',
        invoiceNumber: 'NF-1',
        invoiceValue: 100,
        items: [],
      }),
    );
    expect(e503).toMatchObject({ code: 'VTEX_SERVER', status: 503, ambiguous: false });
    // One attempt each: writes are the outbox's to repeat.
    expect(logs).toHaveLength(3);
  });

  it('times out a slow answer per attempt and retries the read', async () => {
    await client.setFeedConfig(FEED_CONFIG);
    const fast = makeClient({ timeoutMs: 150 });
    await fault({ kind: 'latency', route: 'GET /api/orders/feed', ms: 600, count: 1 });
    expect(await fast.getFeed(10)).toEqual([]);
    expect(
      logs.filter((l) => l.path.startsWith('/api/orders/feed?')).map((l) => l.status ?? l.code),
    ).toEqual(['VTEX_TIMEOUT', 200]);
    await fault({
      kind: 'latency',
      route: 'POST /api/oms/pvt/orders/*/start-handling',
      ms: 600,
      count: 1,
    });
    const e = await caught(fast.startHandling('1234567890123-01'));
    expect(e).toMatchObject({ code: 'VTEX_TIMEOUT', ambiguous: true });
  });

  it('reports a refused connection as a network error that was never sent', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const c = makeClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 2 });
    const e = await caught(c.startHandling('1-01'));
    expect(e).toMatchObject({ code: 'VTEX_NETWORK', ambiguous: false, retryable: true });
    const read = await caught(c.getFeed(10));
    expect(read.code).toBe('VTEX_NETWORK');
    expect(logs.filter((l) => l.path.startsWith('/api/orders/feed?'))).toHaveLength(3);
  });

  it('reads and writes every Orders API endpoint the desk uses, parsed with the shared schemas', async () => {
    const made = (await (
      await sb.api('/_sandbox/orders', {
        method: 'POST',
        json: {
          count: 1,
          spec: { paymentGroup: 'creditCard', sellers: 1, status: 'ready-for-handling' },
        },
      })
    ).json()) as { orderId: string; orderGroup: string; clientProfileData: { email: string } }[];
    const id = made[0]?.orderId ?? '';
    const order = await client.getOrder(id);
    expect(order).toMatchObject({ orderId: id, status: 'ready-for-handling' });
    expect((await client.getOrderGroup(made[0]?.orderGroup ?? '')).map((o) => o.orderId)).toEqual([
      id,
    ]);
    const list = await client.listOrders({ status: ['ready-for-handling'], perPage: 100 });
    expect(list.list.map((r) => r.orderId)).toContain(id);
    expect(Array.isArray(await client.getConversation(id))).toBe(true);
    expect((await client.getPaymentTransaction(id)).payments.length).toBeGreaterThan(0);
    const mine = await client.userOrders({ clientEmail: made[0]?.clientProfileData.email ?? '' });
    expect(mine.list.map((r) => r.orderId)).toContain(id);

    await client.startHandling(id);
    expect((await client.getOrder(id)).status).toBe('handling');
    const items = order.items.map((it) => ({
      id: it.id,
      price: it.sellingPrice ?? it.price,
      quantity: it.quantity,
    }));
    const receipt = await client.invoice(id, {
      type: 'Output',
      issuanceDate: '2026-11-27T12:00:00Z',
      invoiceNumber: 'NF-9001',
      invoiceValue: order.value,
      items,
    });
    expect(receipt.orderId).toBe(id);
    await client.patchInvoice(id, 'NF-9001', {
      trackingNumber: 'BR123',
      trackingUrl: null,
      courier: 'Correios',
      dispatchedDate: null,
    });
    await client.putTracking(id, 'NF-9001', {
      isDelivered: false,
      events: [{ description: 'Posted', date: '2026-11-27' }],
    });
    await client.addNote(id, { description: 'Packed by station 1' });
    expect((await client.getNotes(id)).map((n) => n.description)).toEqual(['Packed by station 1']);
    const after = await client.getOrder(id);
    expect(after.packageAttachment?.packages[0]).toMatchObject({
      invoiceNumber: 'NF-9001',
      trackingNumber: 'BR123',
    });

    // A second order: cash payment notified, then canceled.
    const cash = (await (
      await sb.api('/_sandbox/orders', {
        method: 'POST',
        json: {
          count: 1,
          spec: { paymentGroup: 'promissory', sellers: 1, status: 'payment-pending' },
        },
      })
    ).json()) as {
      orderId: string;
      paymentData: { transactions: { payments: { id: string }[] }[] };
    }[];
    const cashId = cash[0]?.orderId ?? '';
    await client.paymentNotification(
      cashId,
      cash[0]?.paymentData.transactions[0]?.payments[0]?.id ?? '',
    );
    expect((await client.getOrder(cashId)).status).not.toBe('payment-pending');
    const canceled = await client.cancel(cashId, { reason: 'customer gave up' });
    expect(canceled.orderId).toBe(cashId);
    // Starting to handle an order that is not ready is VTEX's 409 OMS003.
    expect(await caught(client.startHandling(cashId))).toMatchObject({
      code: 'VTEX_CONFLICT',
      status: 409,
      vtexCode: 'OMS003',
      ambiguous: false,
    });
  });

  it('configures, reads and deletes the hook', async () => {
    const server = createHttpServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
      await client.setHookConfig({
        filter: { type: 'FromWorkflow', status: ['ready-for-handling'] },
        hook: { url, headers: { 'x-desk': 'secret-header' } },
      });
      expect(await client.getHookConfig()).toMatchObject({ hook: { url } });
      await client.deleteHookConfig();
      expect((await caught(client.deleteHookConfig())).code).toBe('VTEX_NOT_FOUND');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('commits feed handles and tests JSONata expressions', async () => {
    await client.setFeedConfig(FEED_CONFIG);
    // Unknown handles are ignored by VTEX (and the sandbox): the call succeeds.
    await client.commitFeed(['not-a-real-handle']);
    await client.commitFeed([]);
    expect(await client.testJsonata('status = "canceled"', { status: 'canceled' })).toBe(true);
    expect(await client.testJsonata('value > 100', '{"value": 50}')).toBe(false);
    const effects = (await (await sb.api('/_sandbox/effects?path=/api/orders/feed')).json()) as {
      method: string;
      body: unknown;
    }[];
    expect(effects.filter((x) => x.method === 'POST')).toEqual([
      expect.objectContaining({ body: { handles: ['not-a-real-handle'] } }),
    ]);
  });
});

describe('VTEX client pipeline (scripted answers)', () => {
  const base = (
    vt: VirtualTime,
    f: typeof fetch,
    extra: Partial<ConstructorParameters<typeof VtexClient>[0]> = {},
  ) =>
    new VtexClient({
      baseUrl: 'https://store.vtexcommercestable.com.br/',
      appKey: 'vtexappkey-store-ABC',
      appToken: 'token-xyz',
      clock: vt.clock,
      sleep: vt.sleep,
      random: () => 0.999,
      fetch: f,
      ...extra,
    });

  it('builds List orders queries from a query object', async () => {
    const vt = virtualTime();
    const s = scriptedFetch([
      json(200, { list: [], paging: { total: 0, pages: 0, currentPage: 1, perPage: 100 } }),
    ]);
    const c = base(vt, s.fetch);
    const res = await c.listOrders({
      status: ['ready-for-handling', 'handling'],
      creationDate: { from: Date.parse('2026-11-01T00:00:00Z'), to: '2026-11-27T23:59:59.999Z' },
      orderBy: { field: 'creationDate', dir: 'asc' },
      page: 3,
      perPage: 100,
      q: 'maria',
    });
    expect(res.list).toEqual([]);
    const url = new URL(s.requests[0]?.url ?? '');
    expect(url.origin + url.pathname).toBe(
      'https://store.vtexcommercestable.com.br/api/oms/pvt/orders',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'maria',
      f_status: 'ready-for-handling,handling',
      f_creationDate: 'creationDate:[2026-11-01T00:00:00.000Z TO 2026-11-27T23:59:59.999Z]',
      orderBy: 'creationDate,asc',
      page: '3',
      per_page: '100',
    });
    const h = s.requests[0]?.headers;
    expect(h?.get('x-vtex-api-appkey')).toBe('vtexappkey-store-ABC');
    expect(h?.get('x-vtex-api-apptoken')).toBe('token-xyz');
    expect(h?.get('accept')).toBe('application/json');
  });

  it('honours a Retry-After HTTP date, and waits ~60 s after a 429 without one', async () => {
    const vt = virtualTime();
    const at = new Date(vt.clock.now() + 12_000).toUTCString();
    const s = scriptedFetch([
      json(429, { error: { code: '429', message: 'slow down' } }, { 'retry-after': at }),
      json(429, { error: { code: '429', message: 'slow down' } }),
      json(200, []),
    ]);
    const c = base(vt, s.fetch);
    const t0 = vt.clock.now();
    expect(await c.getFeed(5)).toEqual([]);
    // 12 s (the date, to the second) and then the 60 s default, each with its resume jitter
    // (a tenth of the wait, at most 2 s).
    expect(vt.clock.now() - t0).toBeGreaterThanOrEqual(12_000 - 1000 + 60_000);
    expect(vt.clock.now() - t0).toBeLessThan(12_000 + 60_000 + 1000 + 1200 + 2000);
    expect(new URL(s.requests[0]?.url ?? '').searchParams.get('maxlot')).toBe('5');
  });

  it('backs off exponentially with full jitter between retries of a read', async () => {
    const vt = virtualTime();
    const s = scriptedFetch([
      json(502, {}),
      json(500, {}),
      json(504, {}),
      json(500, {}),
      json(200, []),
    ]);
    const c = base(vt, s.fetch, {
      rateLimit: false,
      backoff: { baseDelayMs: 100, maxDelayMs: 500 },
    });
    await c.getFeed();
    // random() = 0.999 → just under the ceiling of each attempt: 100, 200, 400, then capped at 500.
    expect(vt.sleeps).toEqual([99, 199, 399, 499]);
    expect(backoffDelay(10, { baseDelayMs: 100, maxDelayMs: 500 }, () => 0)).toBe(0);
  });

  it('gives up after maxRetries and throws the last classified error', async () => {
    const vt = virtualTime();
    const s = scriptedFetch([
      json(500, {}),
      json(500, {}),
      json(500, { error: { code: 'X9', message: 'boom' } }),
    ]);
    const c = base(vt, s.fetch, { rateLimit: false, maxRetries: 2 });
    const e = await caught(c.getOrder('1-01'));
    expect(e).toMatchObject({
      code: 'VTEX_SERVER',
      status: 500,
      vtexCode: 'X9',
      message: 'GET /api/oms/pvt/orders/1-01 → 500: boom',
    });
    expect(s.requests).toHaveLength(3);
  });

  it('keeps below the configured rate with its token bucket', async () => {
    const vt = virtualTime();
    const s = scriptedFetch(Array.from({ length: 5 }, () => json(200, [])));
    const c = base(vt, s.fetch, { rateLimit: { perMinute: 60, burst: 2, initialPerMinute: 60 } });
    const t0 = vt.clock.now();
    for (let i = 0; i < 5; i++) await c.getFeed();
    // 2 at once (the burst), then one per second.
    expect(vt.clock.now() - t0).toBeGreaterThanOrEqual(3000);
    expect(vt.clock.now() - t0).toBeLessThan(3100);
  });

  it('rejects unreadable bodies as VTEX_BAD_RESPONSE without retrying, and folds PascalCase keys', async () => {
    const vt = virtualTime();
    const s = scriptedFetch([
      () => new Response('<html>gateway</html>', { status: 200 }),
      json(200, { orderId: '1-01', status: 'handling' }),
      json(200, [
        {
          EventId: 'e1',
          Handle: 'h1',
          Domain: 'Fulfillment',
          State: 'handling',
          LastState: 'start-handling',
          OrderId: '1-01',
          LastChange: '2026-11-27T12:00:00Z',
          CurrentChange: '2026-11-27T12:01:00Z',
        },
      ]),
    ]);
    const c = base(vt, s.fetch);
    expect(await caught(c.getFeed())).toMatchObject({ code: 'VTEX_BAD_RESPONSE', status: 200 });
    const e = await caught(c.getOrder('1-01'));
    expect(e.code).toBe('VTEX_BAD_RESPONSE');
    expect(e.message).toMatch(/value|creationDate|lastChange/);
    const items = await c.getFeed();
    expect(items[0]).toMatchObject({
      eventId: 'e1',
      handle: 'h1',
      orderId: '1-01',
      state: 'handling',
    });
    expect(s.requests).toHaveLength(3);
  });

  it('parses Retry-After values', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('is built from station settings, with the token only from the secret store', () => {
    const secrets = new MemorySecretStore();
    const account = {
      connection: {
        mode: 'account' as const,
        accountName: 'mystore',
        environment: 'vtexcommercestable',
      },
      appKey: 'vtexappkey-mystore-ABC',
    };
    expect(() => vtexClientFromSettings(account, secrets)).toThrow(
      expect.objectContaining({ code: 'SYNC_CREDENTIALS_NEEDED' }),
    );
    secrets.set(APP_TOKEN_SECRET, 'the-token');
    const c = vtexClientFromSettings(account, secrets);
    expect(c.baseUrl).toBe('https://mystore.vtexcommercestable.com.br');
    expect(c.appKey).toBe('vtexappkey-mystore-ABC');
    expect(JSON.stringify(c)).not.toContain('the-token');
    const local = vtexClientFromSettings(
      { connection: { mode: 'url', baseUrl: 'http://127.0.0.1:8787' }, appKey: 'k' },
      secrets,
    );
    expect(local.baseUrl).toBe('http://127.0.0.1:8787');
  });

  it('refuses a bad base URL or empty credentials up front', () => {
    const vt = virtualTime();
    expect(() => base(vt, fetch, { baseUrl: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => base(vt, fetch, { baseUrl: 'ftp://x' })).toThrow(/http/);
    expect(() => base(vt, fetch, { appToken: '' })).toThrow(/appToken/);
  });
});
