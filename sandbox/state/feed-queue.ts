/**
 * The delivery state of one appKey's feed v3 queue (when each item is visible again, how often it
 * was received, its latest handle), held in memory next to the `feed_items` rows.
 *
 * Why in memory: every receive hides up to ten items, and doing that in SQLite (select, then
 * update each item and move it in a visibility index) cost four times the whole trivial request
 * of the feed GET benchmark. Here a receive pops heap entries. FeedStore keeps the rows in SQLite
 * (inserts, commits, retention) and, when the database is a file, also writes every receive's
 * state there, so a restarted sandbox resumes with the same hidden items and handles. The event
 * text is kept here too (a few hundred bytes per queued item), so a receive reads no row at all.
 */

export interface QueuedItem {
  id: number;
  eventId: string;
  /** The stored event JSON (see pickEvent in feed.ts). */
  event: string;
  enqueuedMs: number;
  visibleAtMs: number;
  receives: number;
  handle: string | null;
}

interface Entry {
  at: number;
  id: number;
}

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);

/**
 * Items by id plus a min-heap of (visibleAtMs, id). Heap entries are never removed from the
 * middle: an entry whose item is gone, or whose item has become visible at another time since, is
 * stale and skipped when it comes up (and dropped when the heap is rebuilt).
 */
export class FeedQueue {
  readonly items = new Map<number, QueuedItem>();
  /** Ids of items received `worn` times or more (see FeedStore's MAX_RECEIVES). */
  readonly worn = new Set<number>();
  /**
   * No item was enqueued before this (a lower bound, not the minimum): lets the retention prune
   * skip its query on the feed GETs where nothing can be old enough.
   */
  oldestBound = Number.POSITIVE_INFINITY;
  private heap: Entry[] = [];

  constructor(private readonly wornAt: number) {}

  /** Adds an item (one already present stays as it is). */
  add(item: QueuedItem): void {
    if (this.items.has(item.id)) return;
    this.items.set(item.id, item);
    if (item.enqueuedMs < this.oldestBound) this.oldestBound = item.enqueuedMs;
    if (item.receives >= this.wornAt) this.worn.add(item.id);
    this.push({ at: item.visibleAtMs, id: item.id });
  }

  delete(id: number): void {
    this.items.delete(id);
    this.worn.delete(id);
    if (this.heap.length > 2 * this.items.size + 1024) this.rebuild();
  }

  /**
   * Up to `max` items visible at `now`, in the order they became visible (oldest first, then by
   * id); their heap entries are taken out, so the caller must `hide` or `restore` each.
   */
  takeOldest(now: number, max: number): QueuedItem[] {
    const out: QueuedItem[] = [];
    while (out.length < max) {
      const top = this.heap[0];
      if (!top || top.at > now) break;
      this.pop();
      const item = this.items.get(top.id);
      if (item && item.visibleAtMs === top.at) out.push(item);
    }
    return out;
  }

  /**
   * Up to `max` items visible at `now`, those that became visible last first (the reorder fault).
   * A scan of the whole queue: only the fault uses it. Their heap entries stay; `hide` makes them
   * stale.
   */
  takeNewest(now: number, max: number): QueuedItem[] {
    const visible = [...this.items.values()].filter((it) => it.visibleAtMs <= now);
    visible.sort((a, b) => b.visibleAtMs - a.visibleAtMs || b.id - a.id);
    return visible.slice(0, max);
  }

  /** Puts back an item taken by takeOldest whose receive did not happen. */
  restore(item: QueuedItem): void {
    this.push({ at: item.visibleAtMs, id: item.id });
  }

  /** Records a receive of a taken item. */
  hide(item: QueuedItem, until: number, handle: string): void {
    item.visibleAtMs = until;
    item.receives += 1;
    item.handle = handle;
    if (item.receives >= this.wornAt) this.worn.add(item.id);
    this.push({ at: until, id: item.id });
  }

  private rebuild(): void {
    this.heap = [];
    for (const item of this.items.values()) this.push({ at: item.visibleAtMs, id: item.id });
  }

  private push(e: Entry): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as Entry;
      if (!before(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const child = r < h.length && before(h[r] as Entry, h[l] as Entry) ? r : l;
      if (!before(h[child] as Entry, last)) break;
      h[i] = h[child] as Entry;
      i = child;
    }
    h[i] = last;
  }
}
