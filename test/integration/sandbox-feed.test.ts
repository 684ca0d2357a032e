import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedItems, RETENTION_MIN_SECONDS } from '../../vtex';
import type { SandboxContext } from '../../sandbox/context';
import { MAX_RECEIVES } from '../../sandbox/state/feed';
import { minimalOrder } from '../helpers/minimal-order';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

const KEY2 = { appKey: 'vtexappkey-sandbox-DESK02', appToken: 'second-station-token' };
const AUTH2 = { 'x-vtex-api-appkey': KEY2.appKey, 'x-vtex-api-apptoken': KEY2.appToken };

const ALL_STATUSES = { type: 'FromWorkflow', status: [] as string[] };
const queue = (visibility = 240, retention = RETENTION_MIN_SECONDS) => ({
  visibilityTimeoutInSeconds: visibility,
  MessageRetentionPeriodInSeconds: retention,
});

let sb: TestSandbox;
let ctx: SandboxContext;

beforeEach(async () => {
  sb = await startSandbox({ appKeys: [KEY, KEY2] });
  ctx = sb.app.sandbox;
});
afterEach(() => sb.close());

async function configure(
  filter: unknown = ALL_STATUSES,
  q: unknown = queue(),
  headers?: Record<string, string>,
) {
  const res = await sb.api('/api/orders/feed/config', {
    method: 'POST',
    json: { filter, queue: q },
    headers,
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function pull(maxlot = 10, headers?: Record<string, string>) {
  const res = await sb.api(`/api/orders/feed?maxlot=${maxlot}`, { headers });
  expect(res.status).toBe(200);
  return FeedItems.parse(await res.json());
}

async function commit(handles: string[], headers?: Record<string, string>) {
  return sb.api('/api/orders/feed', { method: 'POST', json: { handles }, headers });
}

async function config(headers?: Record<string, string>) {
  const res = await sb.api('/api/orders/feed/config', { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Inserts an order and moves it through `statuses`, one second apart. */
function order(...statuses: string[]): string {
  const doc = minimalOrder({ nowMs: sb.clock.now() });
  ctx.orders.insert(doc);
  for (const s of statuses) {
    sb.clock.advance(1000);
    ctx.orders.setStatus(doc.orderId, s);
  }
  return doc.orderId;
}

const seconds = (s: number) => sb.clock.advance(s * 1000);

describe('feed configuration', () => {
  it('answers 404 everywhere while the appKey has no configuration', async () => {
    expect((await config()).status).toBe(404);
    expect((await sb.api('/api/orders/feed?maxlot=1')).status).toBe(404);
    expect((await sb.api('/api/orders/feed/config', { method: 'DELETE' })).status).toBe(404);
    expect((await commit(['x'])).status).toBe(404);
  });

  it('refuses a filter that mixes FromWorkflow and FromOrders fields with 409', async () => {
    const mixes = [
      { type: 'FromWorkflow', status: ['handling'], expression: 'status = "handling"' },
      { type: 'FromWorkflow', disableSingleFire: true },
      { type: 'FromOrders', expression: 'value > 100', status: ['handling'] },
    ];
    for (const filter of mixes) {
      const res = await sb.api('/api/orders/feed/config', {
        method: 'POST',
        json: { filter, queue: queue() },
      });
      expect(res.status, JSON.stringify(filter)).toBe(409);
    }
    expect((await config()).status).toBe(404);
  });

  it('validates the retention and visibility ranges with a clear 400', async () => {
    const cases: [number, number, RegExp][] = [
      [
        240,
        RETENTION_MIN_SECONDS - 1,
        /MessageRetentionPeriodInSeconds must be from 345600 .* to 1209600/,
      ],
      [240, 1_209_601, /MessageRetentionPeriodInSeconds/],
      [0, RETENTION_MIN_SECONDS, /visibilityTimeoutInSeconds must be from 1 to 43200/],
      [43_201, RETENTION_MIN_SECONDS, /visibilityTimeoutInSeconds/],
    ];
    for (const [v, r, msg] of cases) {
      const res = await sb.api('/api/orders/feed/config', {
        method: 'POST',
        json: { filter: ALL_STATUSES, queue: queue(v, r) },
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(msg);
    }
  });

  it('answers 400 for missing parts, bad JSON and an invalid JSONata expression', async () => {
    const post = (body: string) =>
      fetch(`${sb.url}/api/orders/feed/config`, {
        method: 'POST',
        headers: {
          'x-vtex-api-appkey': KEY.appKey,
          'x-vtex-api-apptoken': KEY.appToken,
          'content-type': 'application/json',
        },
        body,
      });
    expect((await post(JSON.stringify({ filter: ALL_STATUSES }))).status).toBe(400);
    expect((await post(JSON.stringify({ queue: queue() }))).status).toBe(400);
    expect((await post('{"filter":')).status).toBe(400);
    expect(
      (await post(JSON.stringify({ filter: { type: 'Sometimes' }, queue: queue() }))).status,
    ).toBe(400);
    expect(
      (await post(JSON.stringify({ filter: { type: 'FromOrders' }, queue: queue() }))).status,
    ).toBe(400);
    const bad = await post(
      JSON.stringify({ filter: { type: 'FromOrders', expression: 'status = (' }, queue: queue() }),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /not a valid JSONata expression/,
    );
  });

  it('accepts the lower-case retention key and reports the config with quantity and age', async () => {
    await configure(
      { type: 'FromWorkflow', status: ['ready-for-handling'] },
      {
        visibilityTimeoutInSeconds: 250,
        messageRetentionPeriodInSeconds: 400_000,
      },
    );
    order('ready-for-handling');
    seconds(30);
    const { status, body } = await config();
    expect(status).toBe(200);
    expect(body).toEqual({
      filter: { type: 'FromWorkflow', status: ['ready-for-handling'] },
      queue: { visibilityTimeoutInSeconds: 250, MessageRetentionPeriodInSeconds: 400_000 },
      quantity: 1,
      approximateAgeOfOldestMessageInSeconds: 30,
    });
  });

  it('receives only events after setup, keeps queued items on reconfiguration and empties on delete', async () => {
    order('payment-approved');
    await configure();
    expect(await pull()).toEqual([]);
    order('payment-approved');
    await configure({ type: 'FromWorkflow', status: ['invoiced'] }, queue(60));
    expect((await config()).body.quantity).toBe(1);
    expect((await sb.api('/api/orders/feed/config', { method: 'DELETE' })).status).toBe(200);
    expect((await config()).status).toBe(404);
    await configure();
    expect((await config()).body.quantity).toBe(0);
  });

  it('enqueues only the listed statuses; an empty list means all', async () => {
    await configure({ type: 'FromWorkflow', status: ['ready-for-handling'] });
    const id = order(
      'payment-approved',
      'window-to-cancel',
      'ready-for-handling',
      'start-handling',
    );
    const items = await pull();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      orderId: id,
      domain: 'Fulfillment',
      state: 'ready-for-handling',
      lastState: 'window-to-cancel',
    });
    expect(items[0]?.eventId).toMatch(/^[0-9A-F]{32}$/);
    expect(Object.keys(items[0] ?? {})).toEqual([
      'eventId',
      'handle',
      'domain',
      'state',
      'lastState',
      'orderId',
      'lastChange',
      'currentChange',
    ]);
    expect(Date.parse(items[0]?.currentChange ?? '') - Date.parse(items[0]?.lastChange ?? '')).toBe(
      1000,
    );
  });
});

describe('feed queue', () => {
  it('gives each appKey its own queue: a commit by one does not take the item from the other', async () => {
    await configure();
    await configure(ALL_STATUSES, queue(), AUTH2);
    order('payment-approved');
    const [a] = await pull();
    const [b] = await pull(10, AUTH2);
    expect(a?.state).toBe('payment-approved');
    expect(b?.state).toBe('payment-approved');
    expect(a?.handle).not.toBe(b?.handle);
    // A handle of the other key's queue commits nothing here.
    expect((await commit([b?.handle ?? ''])).status).toBe(200);
    expect((await config()).body.quantity).toBe(1);
    expect((await commit([a?.handle ?? ''])).status).toBe(200);
    expect((await config()).body.quantity).toBe(0);
    expect((await config(AUTH2)).body.quantity).toBe(1);
  });

  it('enforces maxlot 1..10 and treats a missing maxlot as 10', async () => {
    await configure();
    for (const bad of ['0', '11', 'abc', '1.5', '-1', '']) {
      const res = await sb.api(`/api/orders/feed?maxlot=${bad}`);
      expect(res.status, `maxlot=${bad}`).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /maxlot must be an integer from 1 to 10/,
      );
    }
    for (let i = 0; i < 12; i++) order('payment-approved');
    expect(await pull(3)).toHaveLength(3);
    const res = await sb.api('/api/orders/feed');
    expect(res.status).toBe(200);
    expect(FeedItems.parse(await res.json())).toHaveLength(9);
  });

  it('hides received items for the visibility timeout, redelivers them with a new handle, and only that handle commits', async () => {
    await configure(ALL_STATUSES, queue(60));
    order('payment-approved');
    const [first] = await pull();
    expect(first).toBeDefined();
    expect(await pull()).toEqual([]);
    expect((await config()).body.quantity).toBe(1);

    seconds(59);
    await ctx.tick();
    expect(await pull()).toEqual([]);
    seconds(1);
    const [again] = await pull();
    expect(again?.eventId).toBe(first?.eventId);
    expect(again?.handle).not.toBe(first?.handle);
    expect(again?.handle).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    // The superseded handle is ignored (200, nothing deleted), the latest one deletes.
    const before = ctx.effects.list({ path: '/api/orders/feed' }).length;
    expect((await commit([first?.handle ?? ''])).status).toBe(200);
    expect((await config()).body.quantity).toBe(1);
    expect((await commit(['not-a-handle', again?.handle ?? ''])).status).toBe(200);
    expect((await config()).body.quantity).toBe(0);
    const effects = ctx.effects.list({ path: '/api/orders/feed' }).slice(before);
    expect(effects.map((e) => e.changed)).toEqual([false, true]);
    expect(effects[1]?.body).toEqual({ handles: ['not-a-handle', again?.handle] });

    seconds(120);
    expect(await pull()).toEqual([]);
  });

  it('answers 400 to an empty or malformed commit', async () => {
    await configure();
    const bodies = [{}, { handles: [] }, { handles: 'abc' }, { handles: [''] }];
    for (const json of bodies) {
      expect(
        (await sb.api('/api/orders/feed', { method: 'POST', json })).status,
        JSON.stringify(json),
      ).toBe(400);
    }
    expect((await sb.api('/api/orders/feed', { method: 'POST' })).status).toBe(400);
    expect(
      (
        await sb.api('/api/orders/feed', {
          method: 'POST',
          body: 'handles',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
  });

  it('drops items after the retention period, committed or not', async () => {
    await configure(ALL_STATUSES, queue(60, RETENTION_MIN_SECONDS));
    const old = order('payment-approved');
    const enqueuedAt = sb.clock.now();
    await pull(); // received once, never committed
    seconds(2 * 86_400);
    const fresh = order('payment-approved');
    sb.clock.advance(enqueuedAt + RETENTION_MIN_SECONDS * 1000 - 1000 - sb.clock.now());
    await ctx.tick();
    expect((await config()).body.quantity).toBe(2);
    seconds(1);
    await ctx.tick();
    expect((await config()).body.quantity).toBe(1);
    const items = await pull();
    expect(items.map((i) => i.orderId)).toEqual([fresh]);
    expect(items.map((i) => i.orderId)).not.toContain(old);
  });

  it(`drops an item that was received ${MAX_RECEIVES} times without a commit`, async () => {
    await configure(ALL_STATUSES, queue(1));
    order('payment-approved');
    for (let i = 0; i < MAX_RECEIVES; i++) {
      expect(ctx.feed.receive(KEY.appKey, 10), `receive ${i + 1}`).toHaveLength(1);
      seconds(1);
    }
    expect(await pull()).toEqual([]);
    expect((await config()).body.quantity).toBe(0);
  });

  it('deletes a configuration that received no event during a whole retention period', async () => {
    await configure(ALL_STATUSES, queue(60, RETENTION_MIN_SECONDS));
    seconds(RETENTION_MIN_SECONDS - 10);
    order('payment-approved'); // an event renews the configuration
    await ctx.tick();
    seconds(RETENTION_MIN_SECONDS - 10);
    await ctx.tick();
    expect((await config()).status).toBe(200);
    seconds(10);
    await ctx.tick();
    expect((await config()).status).toBe(404);
    expect((await sb.api('/api/orders/feed')).status).toBe(404);
  });
});

describe('FromOrders filters', () => {
  const insertAt = (status: string) => {
    const doc = minimalOrder({ nowMs: sb.clock.now(), status });
    ctx.orders.insert(doc);
    return doc.orderId;
  };

  it('enqueues an order once, the first time it matches, when disableSingleFire is false', async () => {
    await configure({
      type: 'FromOrders',
      expression: 'status = "handling" and value > 1000',
      disableSingleFire: false,
    });
    const id = insertAt('ready-for-handling');
    sb.clock.advance(1000);
    ctx.orders.setStatus(id, 'handling');
    sb.clock.advance(1000);
    ctx.orders.update(id, (d) => {
      d.followUpEmail = 'changed@example.com';
    });
    const cheap = minimalOrder({
      nowMs: sb.clock.now(),
      status: 'handling',
      unitPrice: 100,
      quantity: 1,
    });
    cheap.totals = [];
    cheap.value = 900;
    ctx.orders.insert(cheap);
    await ctx.feed.flush();
    const items = await pull();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      orderId: id,
      state: 'handling',
      lastState: 'ready-for-handling',
    });

    // Re-POSTing the same configuration (done periodically against the silent expiry) keeps the
    // single-fire memory; a different filter starts a new one.
    const touch = () =>
      ctx.orders.update(id, (d) => {
        d.followUpEmail = `t${sb.clock.now()}@example.com`;
      });
    await configure({
      type: 'FromOrders',
      expression: 'status = "handling" and value > 1000',
      disableSingleFire: false,
    });
    touch();
    await ctx.feed.flush();
    expect((await config()).body.quantity).toBe(1);
    await configure({
      type: 'FromOrders',
      expression: 'status = "handling"',
      disableSingleFire: false,
    });
    touch();
    touch();
    await ctx.feed.flush();
    expect((await config()).body.quantity).toBe(2);
  });

  it('enqueues every matching change when disableSingleFire is true', async () => {
    await configure({
      type: 'FromOrders',
      expression: 'status = "handling"',
      disableSingleFire: true,
    });
    const id = insertAt('ready-for-handling');
    sb.clock.advance(1000);
    ctx.orders.setStatus(id, 'handling');
    sb.clock.advance(1000);
    ctx.orders.update(id, (d) => {
      d.followUpEmail = 'changed@example.com';
    });
    sb.clock.advance(1000);
    ctx.orders.setStatus(id, 'invoiced');
    await ctx.feed.flush();
    const items = await pull();
    expect(items.map((i) => [i.state, i.lastState])).toEqual([
      ['handling', 'ready-for-handling'],
      ['handling', 'handling'],
    ]);
    // The second item is a document change: lastChange is when `handling` began, currentChange is now.
    expect(Date.parse(items[1]?.currentChange ?? '') - Date.parse(items[1]?.lastChange ?? '')).toBe(
      1000,
    );
    expect(new Set(items.map((i) => i.eventId)).size).toBe(2);
  });
});

describe('delivery faults', () => {
  it('delivers each event twice with the same eventId when duplicateRate is 1', async () => {
    await configure();
    ctx.feed.setDelivery({ duplicateRate: 1 });
    order('payment-approved');
    const items = await pull();
    expect(items).toHaveLength(2);
    expect(items[0]?.eventId).toBe(items[1]?.eventId);
    expect(items[0]?.handle).not.toBe(items[1]?.handle);
    expect((await commit([items[0]?.handle ?? ''])).status).toBe(200);
    expect((await config()).body.quantity).toBe(1);

    ctx.feed.setDelivery({ duplicateRate: 0 });
    order('payment-approved');
    expect((await config()).body.quantity).toBe(2);
    expect(() => ctx.feed.setDelivery({ duplicateRate: 1.5 })).toThrow(RangeError);
  });

  it('hands out the newest items first while reorder is on', async () => {
    await configure();
    const id = order('payment-approved', 'window-to-cancel', 'ready-for-handling');
    ctx.feed.setDelivery({ reorder: true });
    expect((await pull(2)).map((i) => i.state)).toEqual(['ready-for-handling', 'window-to-cancel']);
    ctx.feed.setDelivery({ reorder: false });
    ctx.orders.setStatus(id, 'start-handling');
    ctx.orders.setStatus(id, 'handling');
    expect((await pull()).map((i) => i.state)).toEqual([
      'payment-approved',
      'start-handling',
      'handling',
    ]);
  });
});

describe('JSONata test endpoint', () => {
  const test = (json: unknown) =>
    sb.api('/api/orders/expressions/jsonata', { method: 'POST', json });

  it('answers a bare true or false', async () => {
    const doc = JSON.stringify({
      status: 'ready-for-handling',
      salesChannel: '2',
      items: [{ quantity: 1 }, { quantity: 3 }],
    });
    const yes = await test({
      Expression: '(status = "ready-for-handling" and salesChannel="2")',
      Document: doc,
    });
    expect(yes.status).toBe(200);
    expect(await yes.text()).toBe('true');
    const no = await test({ Expression: 'status = "canceled"', Document: doc });
    expect(await no.text()).toBe('false');
    expect(await (await test({ Expression: 'items[quantity > 2]', Document: doc })).text()).toBe(
      'true',
    );
    expect(await (await test({ Expression: 'missing.field', Document: doc })).text()).toBe('false');
  });

  it('answers 400 with the JSONata message for an invalid expression or document', async () => {
    const badExpr = await test({ Expression: 'status = (', Document: '{}' });
    expect(badExpr.status).toBe(400);
    expect(((await badExpr.json()) as { error: { message: string } }).error.message).toMatch(
      /Expression is not a valid JSONata expression: .*S0\d{3}/,
    );
    const badDoc = await test({ Expression: 'status = "x"', Document: '{"status":' });
    expect(badDoc.status).toBe(400);
    expect(((await badDoc.json()) as { error: { message: string } }).error.message).toMatch(
      /Document is not valid JSON/,
    );
    expect((await test({ Expression: 'status' })).status).toBe(400);
    expect((await test({ Document: '{}' })).status).toBe(400);
  });
});

describe('feed v2 (deprecated)', () => {
  it('serves every status change per appKey until confirmed', async () => {
    const id = order('payment-approved', 'window-to-cancel', 'ready-for-handling');
    const read = async (maxLot: number, headers?: Record<string, string>) => {
      const res = await sb.api(`/api/oms/pvt/feed/orders/status?maxLot=${maxLot}`, { headers });
      expect(res.status).toBe(200);
      return (await res.json()) as {
        orderId: string;
        status: string;
        dateTime: string;
        commitToken: string;
      }[];
    };
    const first = await read(2);
    expect(first.map((i) => [i.orderId, i.status])).toEqual([
      [id, 'payment-approved'],
      [id, 'window-to-cancel'],
    ]);
    expect(await read(2)).toEqual(first);
    const confirm = await sb.api('/api/oms/pvt/feed/orders/status/confirm', {
      method: 'POST',
      json: [{ commitToken: first[0]?.commitToken }],
    });
    expect(confirm.status).toBe(200);
    expect((await read(10)).map((i) => i.status)).toEqual([
      'window-to-cancel',
      'ready-for-handling',
    ]);
    expect(await read(10, AUTH2)).toHaveLength(3);
    expect((await sb.api('/api/oms/pvt/feed/orders/status?maxLot=0')).status).toBe(400);
    expect(
      (await sb.api('/api/oms/pvt/feed/orders/status/confirm', { method: 'POST', json: [] }))
        .status,
    ).toBe(400);
  });
});
