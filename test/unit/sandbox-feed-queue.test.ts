import { describe, expect, it } from 'vitest';
import { FeedQueue, type QueuedItem } from '../../sandbox/state/feed-queue';

const item = (id: number, visibleAtMs: number, receives = 0): QueuedItem => ({
  id,
  eventId: `E${id}`,
  event: '{}',
  enqueuedMs: visibleAtMs,
  visibleAtMs,
  receives,
  handle: null,
});

const ids = (items: QueuedItem[]) => items.map((i) => i.id);

describe('FeedQueue', () => {
  it('hands out visible items in the order they became visible, then by id', () => {
    const q = new FeedQueue(100);
    for (const [id, at] of [
      [5, 30],
      [1, 10],
      [3, 10],
      [2, 20],
      [4, 99],
    ] as const)
      q.add(item(id, at));
    expect(ids(q.takeOldest(50, 10))).toEqual([1, 3, 2, 5]);
    // Taken entries are out of the heap until hidden or restored.
    expect(ids(q.takeOldest(50, 10))).toEqual([]);
  });

  it('hides a received item until its new time, behind the items already waiting', () => {
    const q = new FeedQueue(100);
    q.add(item(1, 10));
    q.add(item(2, 20));
    const [first] = q.takeOldest(30, 1);
    if (!first) throw new Error('nothing taken');
    q.hide(first, 40, 'h1');
    expect(first).toMatchObject({ visibleAtMs: 40, receives: 1, handle: 'h1' });
    q.add(item(3, 35));
    expect(ids(q.takeOldest(39, 10))).toEqual([2, 3]);
    expect(ids(q.takeOldest(40, 10))).toEqual([1]);
  });

  it('skips deleted items and puts restored ones back', () => {
    const q = new FeedQueue(100);
    for (let id = 1; id <= 4; id++) q.add(item(id, id));
    q.delete(2);
    const taken = q.takeOldest(10, 2);
    expect(ids(taken)).toEqual([1, 3]);
    for (const t of taken) q.restore(t);
    expect(ids(q.takeOldest(10, 10))).toEqual([1, 3, 4]);
  });

  it('takeNewest hands out the latest visible first and leaves later items alone', () => {
    const q = new FeedQueue(100);
    for (const [id, at] of [
      [1, 10],
      [2, 20],
      [3, 20],
      [4, 90],
    ] as const)
      q.add(item(id, at));
    const newest = q.takeNewest(50, 2);
    expect(ids(newest)).toEqual([3, 2]);
    for (const t of newest) q.hide(t, 60, `h${t.id}`);
    // Their old heap entries are stale now: only item 1 is visible at 50.
    expect(ids(q.takeOldest(50, 10))).toEqual([1]);
    expect(ids(q.takeOldest(60, 10))).toEqual([2, 3]);
  });

  it('tracks worn-out items and a lower bound of the enqueue times', () => {
    const q = new FeedQueue(2);
    q.add(item(1, 50, 1));
    q.add(item(2, 40, 2));
    expect([...q.worn]).toEqual([2]);
    expect(q.oldestBound).toBe(40);
    const [one] = q.takeOldest(60, 2).filter((i) => i.id === 1);
    if (!one) throw new Error('item 1 not taken');
    q.hide(one, 70, 'h');
    expect([...q.worn].sort()).toEqual([1, 2]);
    q.delete(2);
    expect([...q.worn]).toEqual([1]);
  });

  it('stays correct across many receives and deletes (stale entries, rebuilds)', () => {
    const q = new FeedQueue(1000);
    const n = 3000;
    for (let id = 1; id <= n; id++) q.add(item(id, id % 7));
    let now = 10;
    const seen = new Set<number>();
    for (let round = 0; round < 5; round++) {
      for (;;) {
        const batch = q.takeOldest(now, 10);
        if (batch.length === 0) break;
        for (const it of batch) {
          seen.add(it.id);
          if (it.id % 3 === 0) q.delete(it.id);
          else q.hide(it, now + 100, `h${it.id}`);
        }
      }
      now += 101;
    }
    expect(seen.size).toBe(n);
    expect(q.items.size).toBe(n - Math.floor(n / 3));
    for (const it of q.items.values()) expect(it.receives).toBe(5);
  });
});
