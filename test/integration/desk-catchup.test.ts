import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderDocument } from '../../vtex';
import { CATCH_UP_STATUSES } from '../../main/core/feed/catch-up';
import { countOrders, getOrder, getSyncState } from '../../main/core/db';
import type { CoreEvent, CoreEventOf } from '../../main/core/events';
import {
  addOrder,
  cacheMatches,
  createDeskHarness,
  FLOW,
  moveOrder,
  type DeskHarness,
} from '../helpers/desk-harness';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

const DAY = 86_400_000;
const PATHS = [
  FLOW.pending,
  FLOW.approved,
  FLOW.windowToCancel,
  FLOW.ready,
  FLOW.handling,
  FLOW.invoiced,
  FLOW.canceled,
];

function ofType<K extends CoreEvent['type']>(events: CoreEvent[], type: K): CoreEventOf<K>[] {
  return events.filter((e): e is CoreEventOf<K> => e.type === type);
}

// What the catch-up lists: the open statuses VTEX documents as f_status values.
const isOpen = (o: OrderDocument): boolean => CATCH_UP_STATUSES.includes(o.status);

describe('desk catch-up through List orders', () => {
  let sb: TestSandbox;
  let orders: OrderDocument[];
  const harnesses: DeskHarness[] = [];
  const desk = (opts: Parameters<typeof createDeskHarness>[1] = {}): DeskHarness => {
    const d = createDeskHarness(sb, {
      ...opts,
      core: { ...opts.core, poller: { auditIntervalMs: 0, ...opts.core?.poller } },
    });
    harnesses.push(d);
    return d;
  };
  const listRequests = (h: DeskHarness) =>
    h.logs.filter((l) => l.path.startsWith('/api/oms/pvt/orders?'));

  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    await sb.api('/_sandbox/reset', { method: 'POST' });
    // 200 orders across every status, created over the last 20 days, before any desk exists (no
    // feed configuration, so no feed events: only List orders can find them).
    const now = sb.clock.now();
    orders = Array.from({ length: 200 }, (_, i) =>
      addOrder(
        sb,
        PATHS[i % PATHS.length] ?? FLOW.ready,
        now - 20 * DAY + Math.floor((i * 20 * DAY) / 200),
      ),
    );
  });
  afterEach(async () => {
    for (const d of harnesses.splice(0)) await d.close();
  });

  it('on first start, stores every open order (and only those) and records a watermark', async () => {
    const h = desk();
    const open = orders.filter(isOpen);
    expect(open.length).toBeGreaterThan(100);
    await h.core.drainOnce();
    expect(
      cacheMatches(
        sb,
        h.db,
        open.map((o) => o.orderId),
      ),
    ).toEqual([]);
    expect(countOrders(h.db)).toBe(open.length);
    for (const o of orders.filter((x) => !isOpen(x)))
      expect(getOrder(h.db, o.orderId)).toBeUndefined();
    expect(h.orderGets()).toBe(open.length);

    const progress = ofType(h.events, 'catch-up-progress');
    expect(progress.every((p) => p.reason === 'first-start')).toBe(true);
    expect(progress[0]).toMatchObject({ phase: 'listing', done: 0 });
    const fetching = progress.filter((p) => p.phase === 'fetching');
    expect(fetching.every((p) => p.total === open.length)).toBe(true);
    expect(fetching.map((p) => p.done)).toEqual(
      [...fetching.map((p) => p.done)].sort((a, b) => a - b),
    );
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: open.length, total: open.length });
    expect(getSyncState(h.db, 'catchUp.watermark')).toMatchObject({
      reason: 'first-start',
      listed: open.length,
      fetched: open.length,
    });
    expect(h.core.status().feed).toBe('ok');
  });

  it('splits creation-date windows until each fits in 30 pages', async () => {
    // 3 rows a page → 90 rows a window at most, for ~140 open orders over 20 days.
    const h = desk({ core: { catchUp: { perPage: 3 } } });
    const open = orders.filter(isOpen);
    const result = await h.core.catchUp('manual');
    expect(result.windows).toBeGreaterThan(1);
    expect(result.truncatedWindows).toBe(0);
    expect(result.listed).toBe(open.length);
    expect(
      cacheMatches(
        sb,
        h.db,
        open.map((o) => o.orderId),
      ),
    ).toEqual([]);
    for (const l of listRequests(h)) {
      const q = new URL(`http://x${l.path}`).searchParams;
      expect(Number(q.get('page'))).toBeLessThanOrEqual(30);
      expect(q.get('per_page')).toBe('3');
      expect(q.get('f_status')?.split(',').sort()).toEqual([...CATCH_UP_STATUSES].sort());
      expect(q.get('f_creationDate')).toMatch(/^creationDate:\[\S+ TO \S+\]$/);
    }
  });

  it('is not repeated on a restart, and a later catch-up fetches only what changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'order-desk-'));
    const first = desk({ dir });
    await first.core.drainOnce();
    await first.close();
    harnesses.splice(harnesses.indexOf(first), 1);

    const again = desk({ dir, vt: first.vt });
    await again.core.drainOnce();
    expect(listRequests(again)).toEqual([]);
    expect(again.orderGets()).toBe(0);

    const open = orders.filter(isOpen);
    const ready = open.find((o) => o.status === 'ready-for-handling');
    const handling = open.find((o) => o.status === 'handling');
    if (!ready || !handling) throw new Error('fixture lacks statuses');
    moveOrder(sb, ready.orderId, ['start-handling', 'handling']);
    moveOrder(sb, handling.orderId, ['invoice', 'invoiced']);
    const fresh = addOrder(sb, FLOW.ready);
    const result = await again.core.catchUp('manual');
    expect(result.fetched).toBe(3);
    expect(again.orderGets()).toBe(3);
    expect(result.stored.sort()).toEqual([ready.orderId, handling.orderId, fresh.orderId].sort());
    expect(cacheMatches(sb, again.db, [ready.orderId, handling.orderId, fresh.orderId])).toEqual(
      [],
    );
    expect(getOrder(again.db, handling.orderId)?.status).toBe('invoiced');
    await again.close();
    harnesses.splice(harnesses.indexOf(again), 1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives Get order failures during the catch-up: no watermark until it completes', async () => {
    // One fetch at a time, and as many 500s in a row as one call makes attempts (1 + 4
    // retries): the first catch-up fails on its first order.
    const h = desk({ core: { catchUp: { fetchConcurrency: 1 } } });
    await sb.api('/_sandbox/faults', {
      method: 'POST',
      json: { kind: 'error', route: 'GET /api/oms/pvt/orders/*', status: 500, count: 5 },
    });
    await h.core.drainOnce();
    const open = orders.filter(isOpen);
    expect(ofType(h.events, 'error').some((e) => e.code === 'VTEX_SERVER')).toBe(true);
    expect(
      cacheMatches(
        sb,
        h.db,
        open.map((o) => o.orderId),
      ),
    ).toEqual([]);
    const done = ofType(h.events, 'catch-up-progress').filter((p) => p.phase === 'done');
    expect(done).toHaveLength(1);
    expect(getSyncState(h.db, 'catchUp.watermark')).toMatchObject({ reason: 'first-start' });
  });
});
