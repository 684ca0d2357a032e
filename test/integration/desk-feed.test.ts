import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETENTION_MIN_SECONDS } from '../../vtex';
import { getOrder, getSyncState, listFeedEvents, listQuarantined } from '../../main/core/db';
import type { CoreEvent, CoreEventOf } from '../../main/core/events';
import { DEFAULT_FEED_STATUSES } from '../../main/core/settings';
import { VtexClient } from '../../main/core/vtex/client';
import {
  addOrder,
  advanceBoth,
  cacheMatches,
  createDeskHarness,
  FLOW,
  moveOrder,
  queuedOrderIds,
  type DeskHarness,
} from '../helpers/desk-harness';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

const VISIBILITY_MS = 300_000;

function ofType<K extends CoreEvent['type']>(events: CoreEvent[], type: K): CoreEventOf<K>[] {
  return events.filter((e): e is CoreEventOf<K> => e.type === type);
}

/** Events a FromWorkflow feed with the desk's statuses announces for these paths. */
function announced(...paths: (readonly string[])[]): number {
  return paths.flat().filter((s) => DEFAULT_FEED_STATUSES.includes(s)).length;
}

describe('desk feed poller against the sandbox', () => {
  let sb: TestSandbox;
  let h: DeskHarness;
  const harnesses: DeskHarness[] = [];

  const desk = (opts: Parameters<typeof createDeskHarness>[1] = {}): DeskHarness => {
    const d = createDeskHarness(sb, {
      ...opts,
      core: {
        ...opts.core,
        poller: { auditIntervalMs: 0, random: () => 0.5, ...opts.core?.poller },
      },
    });
    harnesses.push(d);
    return d;
  };
  const fault = async (rule: Record<string, unknown>): Promise<void> => {
    const res = await sb.api('/_sandbox/faults', { method: 'POST', json: rule });
    expect(res.status).toBeLessThan(300);
  };
  /** Items in the appKey's queue, invisible ones included. */
  const queued = async (): Promise<number> => {
    const res = await sb.api('/api/orders/feed/config');
    return ((await res.json()) as { quantity: number }).quantity;
  };

  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    await sb.api('/_sandbox/reset', { method: 'POST' });
    h = desk();
  });
  afterEach(async () => {
    for (const d of harnesses.splice(0)) await d.close();
  });

  it('creates its FromWorkflow configuration on first start, then stores every change the feed announces', async () => {
    const first = await h.core.drainOnce();
    expect(first.received).toBe(0);
    const cfg = await h.client.getFeedConfig();
    expect(cfg.filter.type).toBe('FromWorkflow');
    expect(cfg.filter.status).toEqual([...DEFAULT_FEED_STATUSES]);
    const progress = ofType(h.events, 'catch-up-progress');
    expect(progress.at(-1)).toMatchObject({ reason: 'first-start', phase: 'done' });

    const orders = Array.from({ length: 12 }, (_, i) =>
      addOrder(sb, i % 2 ? FLOW.ready : FLOW.handling),
    );
    const r = await h.core.drainOnce();
    expect(r.received).toBe(
      announced(...orders.map((_, i) => (i % 2 ? FLOW.ready : FLOW.handling))),
    );
    expect(r.committed).toBe(r.received);
    expect(
      cacheMatches(
        sb,
        h.db,
        orders.map((o) => o.orderId),
      ),
    ).toEqual([]);
    expect(await queued()).toBe(0);
    const changed = new Set(ofType(h.events, 'orders-changed').flatMap((e) => e.orderIds));
    for (const o of orders) expect(changed.has(o.orderId)).toBe(true);
    // Every event is kept once per eventId, with the order's history.
    const hist = listFeedEvents(h.db, orders[0]?.orderId ?? '');
    expect(hist.map((e) => e.state)).toEqual(
      FLOW.handling.filter((s) => DEFAULT_FEED_STATUSES.includes(s)),
    );
    expect(h.core.status()).toMatchObject({ online: true, feed: 'ok', warnings: [] });
  });

  it('treats duplicated and reordered deliveries as normal input: the newest lastChange wins', async () => {
    await h.core.drainOnce();
    await fault({ kind: 'feedDuplicate', rate: 1 });
    await fault({ kind: 'feedReorder' });
    const orders = Array.from({ length: 6 }, () => addOrder(sb, FLOW.invoiced));
    const r = await h.core.drainOnce();
    // Every event twice (same eventId, two handles), newest first.
    expect(r.received).toBe(2 * announced(...orders.map(() => FLOW.invoiced)));
    expect(
      cacheMatches(
        sb,
        h.db,
        orders.map((o) => o.orderId),
      ),
    ).toEqual([]);
    for (const o of orders) expect(getOrder(h.db, o.orderId)?.status).toBe('invoiced');
    const hist = listFeedEvents(h.db, orders[0]?.orderId ?? '');
    expect(new Set(hist.map((e) => e.eventId)).size).toBe(hist.length);
    expect(hist).toHaveLength(announced(FLOW.invoiced));
    expect(await queued()).toBe(0);
  });

  it('after a crash between store and commit, the redelivered items are stale and committed', async () => {
    await h.core.drainOnce();
    const orders = Array.from({ length: 5 }, () => addOrder(sb, FLOW.ready));
    const commit = h.client.commitFeed.bind(h.client);
    h.client.commitFeed = async () => {
      throw new Error('simulated crash after the store, before the commit');
    };
    await expect(h.core.drainOnce()).rejects.toThrow(/simulated crash/);
    // The first batch's orders are stored, but VTEX still holds every item.
    const storedAtCrash = orders.filter((o) => getOrder(h.db, o.orderId));
    expect(storedAtCrash.length).toBeGreaterThan(0);
    expect(
      cacheMatches(
        sb,
        h.db,
        storedAtCrash.map((o) => o.orderId),
      ),
    ).toEqual([]);
    expect(await queued()).toBe(announced(...orders.map(() => FLOW.ready)));

    h.client.commitFeed = commit;
    // The visible rest flows; the crashed batch stays invisible until its visibility timeout.
    await h.core.drainOnce();
    expect(
      cacheMatches(
        sb,
        h.db,
        orders.map((o) => o.orderId),
      ),
    ).toEqual([]);
    expect(await queued()).toBeGreaterThan(0);
    const changedBefore = ofType(h.events, 'orders-changed').length;
    await advanceBoth(sb, h.vt, VISIBILITY_MS + 1000);
    const again = await h.core.drainOnce();
    expect(again.received).toBeGreaterThan(0);
    expect(again.stored).toBe(0);
    expect(again.stale).toBeGreaterThan(0);
    expect(again.committed).toBe(again.received);
    expect(ofType(h.events, 'orders-changed')).toHaveLength(changedBefore);
    expect(await queued()).toBe(0);
  });

  it('waits out a 429 on the feed for its Retry-After and reports rate-limited meanwhile', async () => {
    await h.core.drainOnce();
    const orders = Array.from({ length: 3 }, () => addOrder(sb, FLOW.ready));
    await fault({
      kind: 'rate429',
      route: 'GET /api/orders/feed',
      retryAfterSeconds: 20,
      count: 1,
    });
    const t0 = h.vt.clock.now();
    await h.core.drainOnce();
    expect(h.vt.clock.now() - t0).toBeGreaterThanOrEqual(20_000);
    const statuses = ofType(h.events, 'sync-status').map((e) => e.status);
    expect(statuses.some((s) => s.feed === 'rate-limited' && s.rateLimitedUntil !== null)).toBe(
      true,
    );
    expect(ofType(h.events, 'error').some((e) => e.code === 'VTEX_RATE_LIMITED')).toBe(true);
    expect(h.core.status()).toMatchObject({ feed: 'ok', online: true, rateLimitedUntil: null });
    expect(
      cacheMatches(
        sb,
        h.db,
        orders.map((o) => o.orderId),
      ),
    ).toEqual([]);
  });

  it('gets every order through 5xx answers, resets, 429s and latency on Get order and commit', async () => {
    await h.core.drainOnce();
    const orders = Array.from({ length: 8 }, () => addOrder(sb, FLOW.handling));
    await fault({ kind: 'error', route: 'GET /api/oms/pvt/orders/*', status: 500, count: 3 });
    await fault({ kind: 'reset', route: 'GET /api/oms/pvt/orders/*', count: 2 });
    await fault({
      kind: 'rate429',
      route: 'GET /api/oms/pvt/orders/*',
      retryAfterSeconds: 2,
      count: 1,
    });
    await fault({ kind: 'latency', route: 'GET /api/oms/pvt/orders/*', ms: 20 });
    await fault({ kind: 'error', route: 'POST /api/orders/feed', status: 502, count: 1 });
    await h.core.drainOnce();
    expect(
      cacheMatches(
        sb,
        h.db,
        orders.map((o) => o.orderId),
      ),
    ).toEqual([]);
    expect(await queued()).toBe(0);
    const codes = h.logs.map((l) => l.status ?? l.code);
    expect(codes).toEqual(expect.arrayContaining([500, 'VTEX_NETWORK', 429, 502]));
  });

  it('goes offline during an outage, backs off, and recovers by itself', async () => {
    const loop = desk({ realMsPerWait: 15 });
    loop.core.start();
    await vi.waitFor(() => expect(loop.core.status().feed).toBe('ok'), {
      timeout: 5000,
      interval: 10,
    });
    const mark = loop.vt.sleeps.length;
    sb.app.sandbox.faults.startOutage({ seconds: 1 });
    await vi.waitFor(
      () => expect(loop.core.status()).toMatchObject({ feed: 'offline', online: false }),
      {
        timeout: 5000,
        interval: 10,
      },
    );
    const orders = Array.from({ length: 4 }, () => addOrder(sb, FLOW.ready));
    await vi.waitFor(
      () =>
        expect(
          cacheMatches(
            sb,
            loop.db,
            orders.map((o) => o.orderId),
          ),
        ).toEqual([]),
      {
        timeout: 10_000,
        interval: 20,
      },
    );
    expect(loop.core.status()).toMatchObject({ feed: 'ok', online: true });
    expect(ofType(loop.events, 'error').some((e) => e.code === 'VTEX_NETWORK')).toBe(true);
    // The waits between failed polls grow (full jitter at 0.5: half of 2 s, 4 s, 8 s …).
    // (Idle waits are 1 s, 2 s, 5 s: only the error backoff has 4 s after 2 s.)
    const after = loop.vt.sleeps.slice(mark).join(',');
    expect(after).toContain('1000,2000,4000');
    await loop.core.stop();
    expect(loop.core.running).toBe(false);
    expect(loop.core.status().feed).toBe('stopped');
  });

  it('after an outage longer than the retention, catches up the changes whose events were dropped', async () => {
    await h.core.drainOnce();
    const a = addOrder(sb, FLOW.ready);
    const b = addOrder(sb, FLOW.handling);
    await h.core.drainOnce();
    // The desk is away; VTEX moves on.
    moveOrder(sb, a.orderId, ['start-handling', 'handling']);
    moveOrder(sb, b.orderId, ['invoice', 'invoiced']);
    const c = addOrder(sb, FLOW.ready);
    await advanceBoth(sb, h.vt, (RETENTION_MIN_SECONDS - 3600) * 1000);
    // A late event keeps the configuration alive; the early ones pass their retention and go.
    const d = addOrder(sb, FLOW.approved);
    await advanceBoth(sb, h.vt, 2 * 3600 * 1000);
    // Only the late order's events are left (the sandbox's timers may have moved it on).
    const left = queuedOrderIds(sb);
    expect(left.length).toBeGreaterThan(0);
    expect(new Set(left)).toEqual(new Set([d.orderId]));

    await h.core.drainOnce();
    expect(ofType(h.events, 'catch-up-progress').at(-1)).toMatchObject({
      reason: 'outage',
      phase: 'done',
    });
    expect(
      cacheMatches(
        sb,
        h.db,
        [a, b, c, d].map((o) => o.orderId),
      ),
    ).toEqual([]);
    expect(getOrder(h.db, b.orderId)?.status).toBe('invoiced');
    expect(await queued()).toBe(0);
  });

  it('recreates a deleted feed configuration (404) and catches up what happened meanwhile', async () => {
    await h.core.drainOnce();
    const a = addOrder(sb, FLOW.ready);
    await h.core.drainOnce();
    await h.client.deleteFeedConfig();
    moveOrder(sb, a.orderId, ['start-handling', 'handling']);
    const b = addOrder(sb, FLOW.windowToCancel);
    await h.core.drainOnce();
    const statuses = ofType(h.events, 'sync-status').map((e) => e.status.feed);
    expect(statuses).toContain('config-missing');
    expect(ofType(h.events, 'catch-up-progress').at(-1)).toMatchObject({
      reason: 'config-lost',
      phase: 'done',
    });
    expect((await h.client.getFeedConfig()).filter.status).toEqual([...DEFAULT_FEED_STATUSES]);
    expect(cacheMatches(sb, h.db, [a.orderId])).toEqual([]);
    // window-to-cancel is not an f_status VTEX documents for List orders: b comes through the
    // feed once it is ready for handling. Events flow again through the new configuration.
    moveOrder(sb, b.orderId, ['ready-for-handling']);
    expect((await h.core.drainOnce()).stored).toBe(1);
    expect(getOrder(h.db, b.orderId)?.status).toBe('ready-for-handling');
  });

  it('leaves an unreadable order for redelivery, quarantines it after 5 failures, and lets the rest flow', async () => {
    await h.core.drainOnce();
    const good = Array.from({ length: 3 }, () => addOrder(sb, FLOW.ready));
    const bad = addOrder(sb, FLOW.ready);
    const original = sb.app.sandbox.db
      .prepare('SELECT doc FROM orders WHERE order_id = ?')
      .get(bad.orderId) as {
      doc: string;
    };
    const broken = {
      ...(JSON.parse(original.doc) as Record<string, unknown>),
      value: 'a lot',
      items: 'none',
    };
    sb.app.sandbox.db
      .prepare('UPDATE orders SET doc = ? WHERE order_id = ?')
      .run(JSON.stringify(broken), bad.orderId);

    const first = await h.core.drainOnce();
    expect(first.failed).toBeGreaterThan(0);
    expect(
      cacheMatches(
        sb,
        h.db,
        good.map((o) => o.orderId),
      ),
    ).toEqual([]);
    expect(getOrder(h.db, bad.orderId)).toBeUndefined();
    // Only the bad order's items are left, uncommitted.
    expect(await queued()).toBe(announced(FLOW.ready));

    for (let round = 0; round < 6 && listQuarantined(h.db).length === 0; round++) {
      await advanceBoth(sb, h.vt, VISIBILITY_MS + 1000);
      await h.core.drainOnce();
    }
    const q = listQuarantined(h.db);
    expect(q.map((x) => x.orderId)).toEqual([bad.orderId]);
    expect(q[0]?.attempts).toBeGreaterThanOrEqual(5);
    expect(q[0]?.reason).toMatch(/value|items/);
    expect(await queued()).toBe(0);
    expect(h.core.status().quarantined).toBe(1);
    expect(h.core.status().warnings.map((w) => w.code)).toContain('ORDERS_QUARANTINED');

    // VTEX fixes the document and the order moves on: it is stored and leaves quarantine.
    sb.app.sandbox.db
      .prepare('UPDATE orders SET doc = ? WHERE order_id = ?')
      .run(original.doc, bad.orderId);
    moveOrder(sb, bad.orderId, ['start-handling', 'handling']);
    await h.core.drainOnce();
    expect(getOrder(h.db, bad.orderId)?.status).toBe('handling');
    expect(listQuarantined(h.db)).toEqual([]);
    expect(h.core.status().quarantined).toBe(0);
  });

  it('reports a foreign feed configuration and never reads it (nor a superset); replaces it only when allowed', async () => {
    const other = new VtexClient({
      baseUrl: sb.url,
      appKey: KEY.appKey,
      appToken: KEY.appToken,
      rateLimit: false,
    });
    const foreign = {
      filter: {
        type: 'FromOrders' as const,
        expression: 'status = "ready-for-handling"',
        disableSingleFire: false,
      },
      queue: { visibilityTimeoutInSeconds: 240, MessageRetentionPeriodInSeconds: 345_600 },
    };
    await other.setFeedConfig(foreign);
    await h.core.drainOnce();
    expect(h.core.status().feed).toBe('config-foreign');
    expect(h.core.status().warnings.map((w) => w.code)).toEqual(['FEED_CONFIG_FOREIGN']);
    expect((await other.getFeedConfig()).filter).toMatchObject(foreign.filter);
    const a = addOrder(sb, FLOW.ready);
    await sb.app.sandbox.feed.flush();
    await h.core.drainOnce();
    // Reading (and committing) would take the item away from the configuration's owner.
    expect(
      h.logs.filter((l) => l.method === 'GET' && l.path.startsWith('/api/orders/feed?')),
    ).toEqual([]);
    expect(getOrder(h.db, a.orderId)).toBeUndefined();
    expect(h.core.status().feed).toBe('config-foreign');
    expect(h.core.status().warnings[0]?.message).toMatch(/does not read it.*own appKey/s);
    // List orders keeps the desk current instead.
    await h.core.catchUp('manual');
    expect(getOrder(h.db, a.orderId)?.status).toBe('ready-for-handling');
    const theirs = await other.getFeed(10);
    expect(theirs.map((i) => i.orderId)).toContain(a.orderId);
    await other.commitFeed(theirs.map((i) => i.handle));

    // A superset of the desk's filter is someone else's too.
    await other.setFeedConfig({
      ...foreign,
      filter: { type: 'FromWorkflow', status: [...DEFAULT_FEED_STATUSES, 'invoiced'] },
    } as typeof foreign & { filter: { type: 'FromWorkflow'; status: string[] } });
    const second = desk();
    await second.core.drainOnce();
    expect(second.core.status().feed).toBe('config-foreign');

    const replacing = desk({ core: { settings: { replaceForeignFeedConfig: true } } });
    await replacing.core.drainOnce();
    expect((await other.getFeedConfig()).filter).toMatchObject({
      type: 'FromWorkflow',
      status: [...DEFAULT_FEED_STATUSES],
    });
    expect(replacing.core.status().warnings.map((w) => w.code)).toEqual(['FEED_CONFIG_REPLACED']);
    expect(replacing.core.status().feed).toBe('ok');
  });

  it('configures the feed filter chosen in Settings, and updates its own configuration quietly', async () => {
    const fromOrders = desk({
      core: {
        settings: {
          feedFilter: {
            type: 'FromOrders',
            expression: 'status = "ready-for-handling"',
            disableSingleFire: false,
          },
        },
      },
    });
    await fromOrders.core.drainOnce();
    expect((await fromOrders.client.getFeedConfig()).filter).toMatchObject({
      type: 'FromOrders',
      expression: 'status = "ready-for-handling"',
    });
    expect(fromOrders.core.status()).toMatchObject({ feed: 'ok', warnings: [] });
    const a = addOrder(sb, FLOW.ready);
    await sb.app.sandbox.feed.flush();
    await fromOrders.core.drainOnce();
    expect(getOrder(fromOrders.db, a.orderId)?.status).toBe('ready-for-handling');

    // The same desk (same cache), Settings changed back to statuses: its own configuration, so
    // it is replaced without a foreign-configuration warning.
    await fromOrders.core.stop();
    const again = desk({ dir: fromOrders.dir, vt: fromOrders.vt });
    await again.core.drainOnce();
    expect((await again.client.getFeedConfig()).filter).toMatchObject({
      type: 'FromWorkflow',
      status: [...DEFAULT_FEED_STATUSES],
    });
    expect(again.core.status()).toMatchObject({ feed: 'ok', warnings: [] });
  });

  it('suspects a shared appKey when orders advanced without the feed announcing them', async () => {
    await h.core.drainOnce();
    const a = addOrder(sb, FLOW.ready);
    await h.core.drainOnce();
    // Another program with the same appKey takes (and commits) the next events.
    const thief = new VtexClient({
      baseUrl: sb.url,
      appKey: KEY.appKey,
      appToken: KEY.appToken,
      rateLimit: false,
    });
    moveOrder(sb, a.orderId, ['start-handling', 'handling']);
    const b = addOrder(sb, FLOW.ready);
    for (;;) {
      const items = await thief.getFeed(10);
      if (!items.length) break;
      await thief.commitFeed(items.map((i) => i.handle));
    }
    // This one the desk hears about itself.
    const c = addOrder(sb, FLOW.ready);
    await h.core.drainOnce();
    await advanceBoth(sb, h.vt, 5 * 60_000);

    const result = await h.core.catchUp('audit');
    expect(result.suspected).toEqual([a.orderId, b.orderId].sort());
    const ev = ofType(h.events, 'shared-key-suspected');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ orderIds: [a.orderId, b.orderId].sort(), appKey: KEY.appKey });
    expect(h.core.status().warnings.map((w) => w.code)).toContain('SHARED_KEY_SUSPECTED');
    expect(cacheMatches(sb, h.db, [a.orderId, b.orderId, c.orderId])).toEqual([]);
    // A second audit finds nothing new.
    expect((await h.core.catchUp('audit')).suspected).toEqual([]);
    expect(getSyncState<number>(h.db, 'feed.healthySince')).not.toBeNull();
  });
});
