import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedItems, RETENTION_MIN_SECONDS } from '../../vtex';
import { SandboxClock } from '../../sandbox/state/clock';
import { minimalOrder } from '../helpers/minimal-order';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * The feed queue's delivery state (hidden until, receives, latest handle) lives in memory next to
 * the `feed_items` rows (sandbox/state/feed-queue.ts). These tests hold it to the rows: across a
 * restart on a --db file, across a rolled-back transaction and across a reset.
 */

const CONFIG = {
  filter: { type: 'FromWorkflow', status: [] as string[] },
  queue: { visibilityTimeoutInSeconds: 60, MessageRetentionPeriodInSeconds: RETENTION_MIN_SECONDS },
};

let dir: string;
let clock: SandboxClock;
const open: TestSandbox[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-feed-state-'));
  const base = Date.parse('2026-11-27T12:00:00.000Z');
  clock = new SandboxClock(() => base);
});

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(db?: string): Promise<TestSandbox> {
  const sb = await startSandbox({ clock, ...(db ? { db } : {}) });
  open.push(sb);
  return sb;
}

async function pull(sb: TestSandbox, maxlot = 10) {
  const res = await sb.api(`/api/orders/feed?maxlot=${maxlot}`);
  expect(res.status).toBe(200);
  return FeedItems.parse(await res.json());
}

async function commit(sb: TestSandbox, handles: string[]) {
  const res = await sb.api('/api/orders/feed', { method: 'POST', json: { handles } });
  expect(res.status).toBe(200);
}

async function quantity(sb: TestSandbox): Promise<number> {
  const res = await sb.api('/api/orders/feed/config');
  return ((await res.json()) as { quantity: number }).quantity;
}

function addOrder(sb: TestSandbox, ...statuses: string[]): string {
  const ctx = sb.app.sandbox;
  const doc = minimalOrder({ nowMs: clock.now() });
  ctx.orders.insert(doc);
  for (const s of statuses) {
    clock.advance(1000);
    ctx.orders.setStatus(doc.orderId, s);
  }
  return doc.orderId;
}

describe('feed delivery state', () => {
  it('survives a restart on a --db file: hidden items stay hidden, the latest handle commits', async () => {
    const file = join(dir, 'sandbox.db');
    const first = await start(file);
    expect(
      (await first.api('/api/orders/feed/config', { method: 'POST', json: CONFIG })).status,
    ).toBe(200);
    addOrder(first, 'payment-pending', 'payment-approved', 'window-to-cancel');
    const taken = await pull(first, 2);
    expect(taken).toHaveLength(2);
    await first.close();
    open.splice(open.indexOf(first), 1);

    const again = await start(file);
    expect(await quantity(again)).toBe(3);
    // Still inside the visibility timeout: only the item nobody received is visible.
    const rest = await pull(again);
    expect(rest).toHaveLength(1);
    await commit(again, [taken[0]?.handle ?? '', rest[0]?.handle ?? '']);
    expect(await quantity(again)).toBe(1);
    expect(await pull(again)).toEqual([]);
    clock.advance(61_000);
    const back = await pull(again);
    expect(back.map((i) => i.eventId)).toEqual([taken[1]?.eventId]);
    expect(back[0]?.handle).not.toBe(taken[1]?.handle);
  });

  it('does not deliver an event whose transaction was rolled back', async () => {
    const sb = await start();
    expect((await sb.api('/api/orders/feed/config', { method: 'POST', json: CONFIG })).status).toBe(
      200,
    );
    const id = addOrder(sb, 'payment-pending');
    // The queue is read (and kept in memory) before the failing write.
    expect(await pull(sb)).toHaveLength(1);
    const ctx = sb.app.sandbox;
    expect(() =>
      ctx.db.transaction(() => {
        ctx.orders.setStatus(id, 'payment-approved');
        throw new Error('the write failed after the status change');
      })(),
    ).toThrow('the write failed');
    expect(await pull(sb)).toEqual([]);
    expect(await quantity(sb)).toBe(1);
    // A change that commits is delivered as usual.
    ctx.db.transaction(() => ctx.orders.setStatus(id, 'payment-approved'))();
    expect((await pull(sb)).map((i) => i.state)).toEqual(['payment-approved']);
  });

  it('starts from the tables again after a reset, whose ids begin anew', async () => {
    const sb = await start();
    const configure = async () =>
      expect(
        (await sb.api('/api/orders/feed/config', { method: 'POST', json: CONFIG })).status,
      ).toBe(200);
    await configure();
    addOrder(sb, 'payment-pending', 'payment-approved');
    const before = await pull(sb);
    expect(before).toHaveLength(2);

    expect((await sb.api('/_sandbox/reset', { method: 'POST' })).status).toBe(200);
    await configure();
    const id = addOrder(sb, 'payment-pending');
    const after = await pull(sb);
    expect(after.map((i) => [i.orderId, i.state])).toEqual([[id, 'payment-pending']]);
    // The old handles name nothing any more, even where the new ids repeat the old ones.
    await commit(
      sb,
      before.map((i) => i.handle),
    );
    expect(await quantity(sb)).toBe(1);
    await commit(sb, [after[0]?.handle ?? '']);
    expect(await quantity(sb)).toBe(0);
  });
});
