import { randomBytes, randomFillSync } from 'node:crypto';
import { RETENTION_MIN_SECONDS } from '../../vtex';
import type { Clock } from './clock';
import type { Db } from './db';
import { schema } from './db';
import {
  OrderEventRouter,
  seededRandom,
  type EventFilter,
  type FilterSink,
  type FilterTarget,
  type OrderEvent,
} from './event-filter';
import type { SandboxEventBus, StatusChange } from './events';
import { FeedQueue, type QueuedItem } from './feed-queue';
import type { OrderStore } from './orders';

/**
 * Feed v3 (digest §2): one SQS-like queue per appKey. Items become invisible for the visibility
 * timeout when received and reappear unless committed with their latest handle; they are dropped
 * after the retention period or after MAX_RECEIVES deliveries. A configuration that receives no
 * event for a whole retention period is deleted, as VTEX does.
 *
 * The items are rows of `feed_items`; who may see an item when (and with which handle) is kept in
 * memory per appKey (FeedQueue, feed-queue.ts), and also written to the table when the database is
 * a file. Every write to `feed_items` goes through this class, or through a reset, which calls
 * forget().
 *
 * Also the deprecated feed v2 (`LegacyFeed`), an all-status queue per appKey.
 */

export interface FeedQueueSettings {
  visibilityTimeoutInSeconds: number;
  MessageRetentionPeriodInSeconds: number;
}

export interface FeedConfig {
  filter: EventFilter;
  queue: FeedQueueSettings;
}

export interface FeedConfigView extends FeedConfig {
  quantity: number;
  approximateAgeOfOldestMessageInSeconds: number;
}

/** The wire item of `GET /api/orders/feed`, keys in VTEX's order. */
export interface FeedItemOut {
  eventId: string;
  handle: string;
  domain: string;
  state: string;
  lastState: string;
  orderId: string;
  lastChange: string;
  currentChange: string;
}

/**
 * Fault injection for the delivery (H4's control API sets it). `duplicateRate` is the share of
 * events enqueued twice with the same eventId (at-least-once: each copy gets its own handles);
 * `reorder` hands out the newest visible items first, so a consumer sees later statuses of an
 * order before earlier ones, within a batch and across batches.
 */
export interface FeedDelivery {
  duplicateRate: number;
  reorder: boolean;
}

/** The OpenAPI: "removed if it can't deliver a message more than 100 times". */
export const MAX_RECEIVES = 100;

interface ConfigRow {
  app_key: string;
  filter: string;
  visibility_s: number;
  retention_s: number;
  created_ms: number;
  last_event_ms: number;
}

/** Random bytes drawn in bulk: one randomBytes() call per handle was a visible cost per feed GET. */
const randomPool = Buffer.alloc(32 * 256);
let randomUsed = randomPool.length;

/** Opaque and unguessable: 32 random bytes, base64url (VTEX's are opaque too, digest §2). */
function newHandle(): string {
  if (randomUsed + 32 > randomPool.length) {
    randomFillSync(randomPool);
    randomUsed = 0;
  }
  const handle = randomPool.toString('base64url', randomUsed, randomUsed + 32);
  randomUsed += 32;
  return handle;
}

/** A v3 handle is a newHandle() prefix (43 characters) followed by the item's id. */
const HANDLE_PREFIX_LENGTH = 43;

/** The item id a v3 handle names, or null for anything that is not one of ours. */
function handleId(handle: string): number | null {
  const digits = handle.slice(HANDLE_PREFIX_LENGTH);
  if (handle.length <= HANDLE_PREFIX_LENGTH || digits.length > 15 || !/^\d+$/.test(digits))
    return null;
  return Number(digits);
}

/** 32 upper-case hex digits, as in VTEX's examples. */
function newEventId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export class FeedStore implements FilterSink {
  readonly legacy: LegacyFeed;
  private readonly router: OrderEventRouter;
  private delivery: FeedDelivery = { duplicateRate: 0, reorder: false };
  private readonly random: () => number;
  /** Each appKey's delivery state, read from `feed_items` on first use (see FeedQueue). */
  private readonly queues = new Map<string, FeedQueue>();
  private readonly configs = new Map<string, ConfigRow>();
  /** Items enqueued inside a transaction that had not committed yet (see accept). */
  private pending: { appKey: string; item: QueuedItem }[] = [];
  /** Whether receives are written to SQLite too: only a file database outlives the process. */
  private readonly persist: boolean;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    events: SandboxEventBus,
    orders: OrderStore,
    opts: { seed: number; appKeys: () => string[] },
  ) {
    schema(
      db,
      `CREATE TABLE IF NOT EXISTS feed_configs (
         app_key TEXT PRIMARY KEY,
         filter TEXT NOT NULL,
         visibility_s INTEGER NOT NULL,
         retention_s INTEGER NOT NULL,
         created_ms INTEGER NOT NULL,
         last_event_ms INTEGER NOT NULL
       );
       CREATE TABLE IF NOT EXISTS feed_items (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         app_key TEXT NOT NULL,
         event_id TEXT NOT NULL,
         event TEXT NOT NULL,
         enqueued_ms INTEGER NOT NULL,
         visible_at_ms INTEGER NOT NULL,
         receives INTEGER NOT NULL DEFAULT 0,
         handle TEXT
       );
       CREATE INDEX IF NOT EXISTS feed_items_age ON feed_items(app_key, enqueued_ms);
       -- Visibility is decided in memory (FeedQueue); an index on it would only slow receives.
       DROP INDEX IF EXISTS feed_items_visible;
       CREATE TABLE IF NOT EXISTS feed_fired (
         app_key TEXT NOT NULL,
         order_id TEXT NOT NULL,
         PRIMARY KEY (app_key, order_id)
       );`,
    );
    this.persist = !db.memory;
    this.random = seededRandom(opts.seed);
    this.router = new OrderEventRouter(events, orders, clock, this);
    this.legacy = new LegacyFeed(db, clock, events, opts.appKeys);
  }

  // ---- configuration -------------------------------------------------------------------------

  /**
   * Creates or replaces the configuration. Queued items survive a reconfiguration; single-fire
   * memory is kept only while the filter stays the same (a re-POST of the same config, which
   * integrations do periodically against the silent expiry, must not replay orders).
   */
  configure(appKey: string, config: FeedConfig): void {
    const now = this.clock.now();
    const filter = JSON.stringify(config.filter);
    this.db.transaction(() => {
      const prev = this.configRow(appKey);
      if (!prev || prev.filter !== filter)
        this.db.prepare('DELETE FROM feed_fired WHERE app_key = ?').run(appKey);
      this.db
        .prepare(
          `INSERT INTO feed_configs (app_key, filter, visibility_s, retention_s, created_ms, last_event_ms)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(app_key) DO UPDATE SET filter = excluded.filter, visibility_s = excluded.visibility_s,
             retention_s = excluded.retention_s, last_event_ms = excluded.last_event_ms`,
        )
        .run(
          appKey,
          filter,
          config.queue.visibilityTimeoutInSeconds,
          config.queue.MessageRetentionPeriodInSeconds,
          now,
          now,
        );
    })();
    this.configs.delete(appKey);
  }

  getConfig(appKey: string): FeedConfigView | null {
    const row = this.configRow(appKey);
    if (!row) return null;
    const now = this.clock.now();
    this.prune(row, now);
    const stats = this.db
      .prepare('SELECT count(*) AS n, min(enqueued_ms) AS oldest FROM feed_items WHERE app_key = ?')
      .get(appKey) as { n: number; oldest: number | null };
    return {
      ...toConfig(row),
      quantity: stats.n,
      approximateAgeOfOldestMessageInSeconds:
        stats.oldest === null ? 0 : (now - stats.oldest) / 1000,
    };
  }

  /** Deletes the configuration and its queue (a later configuration starts empty). */
  deleteConfig(appKey: string): boolean {
    return this.db.transaction(() => {
      this.configs.delete(appKey);
      const n = this.db.prepare('DELETE FROM feed_configs WHERE app_key = ?').run(appKey).changes;
      this.db.prepare('DELETE FROM feed_items WHERE app_key = ?').run(appKey);
      this.db.prepare('DELETE FROM feed_fired WHERE app_key = ?').run(appKey);
      this.queues.delete(appKey);
      return n > 0;
    })();
  }

  /** Drops the in-memory delivery state after the tables were emptied underneath (a reset). */
  forget(): void {
    this.queues.clear();
    this.configs.clear();
    this.pending = [];
  }

  hasConfig(appKey: string): boolean {
    return this.configRow(appKey) !== undefined;
  }

  // ---- queue ---------------------------------------------------------------------------------

  /**
   * Receives up to `max` visible items (null: no configuration). Each returned item gets a new
   * handle, which replaces the previous one, and stays invisible for the visibility timeout.
   *
   * Items are handed out in the order they became visible, oldest first: new items in the order
   * they were enqueued, and an item whose visibility timeout ran out queues behind the items that
   * were already waiting (VTEX promises no order at all; SQS, underneath, behaves alike).
   *
   * A handle is one random prefix per receive plus the item's id: unguessable and unique with
   * one random draw per receive, and commit() finds the item by that id.
   */
  receive(appKey: string, max: number): FeedItemOut[] | null {
    const taken = this.take(appKey, max);
    if (!taken) return null;
    return taken.map((it) => {
      const ev = JSON.parse(it.event) as OrderEvent;
      return {
        eventId: it.eventId,
        handle: it.handle ?? '',
        domain: ev.domain,
        state: ev.state,
        lastState: ev.lastState,
        orderId: ev.orderId,
        lastChange: ev.lastChange,
        currentChange: ev.currentChange,
      };
    });
  }

  /**
   * receive() as the JSON text of the answer (null: no configuration), built from the stored
   * event texts without parsing and serialising them again (pickEvent stores them in wire order).
   */
  receiveJson(appKey: string, max: number): string | null {
    const taken = this.take(appKey, max);
    if (!taken) return null;
    // Event ids are hex and handles base64url + digits: nothing to escape.
    const parts = taken.map(
      (it) => `{"eventId":"${it.eventId}","handle":"${it.handle ?? ''}",${it.event.slice(1)}`,
    );
    return `[${parts.join(',')}]`;
  }

  private take(appKey: string, max: number): QueuedItem[] | null {
    const row = this.configRow(appKey);
    if (!row) return null;
    const now = this.clock.now();
    const hiddenUntil = now + row.visibility_s * 1000;
    const prefix = newHandle();
    const q = this.queueOf(appKey);
    this.prune(row, now);
    const newest = this.delivery.reorder;
    const items = newest ? q.takeNewest(now, max) : q.takeOldest(now, max);
    if (items.length > 0 && this.persist) {
      try {
        // The same handle text as below: SQLite writes an integer id in decimal, as JS does.
        this.db
          .prepare(
            `UPDATE feed_items SET handle = ? || id, receives = receives + 1, visible_at_ms = ?
             WHERE id IN (SELECT value FROM json_each(?))`,
          )
          .run(prefix, hiddenUntil, JSON.stringify(items.map((it) => it.id)));
      } catch (err) {
        if (!newest) for (const it of items) q.restore(it);
        throw err;
      }
    }
    for (const it of items) q.hide(it, hiddenUntil, `${prefix}${it.id}`);
    return items;
  }

  /**
   * Deletes the items whose latest handle is given; returns how many were deleted (null: no
   * configuration). Unknown, expired and superseded handles are ignored: VTEX documents nothing
   * for them (∅, digest §2) and an SQS delete with a stale receipt is not an error either, so a
   * consumer that commits late never fails, it just sees the item again.
   */
  commit(appKey: string, handles: string[]): number | null {
    if (!this.configRow(appKey)) return null;
    const q = this.queueOf(appKey);
    const ids: number[] = [];
    for (const h of new Set(handles)) {
      // The id inside the handle finds the item; the full handle must be its latest one.
      const id = handleId(h);
      if (id !== null && q.items.get(id)?.handle === h) ids.push(id);
    }
    if (ids.length > 0) {
      this.db
        .prepare('DELETE FROM feed_items WHERE id IN (SELECT value FROM json_each(?))')
        .run(JSON.stringify(ids));
      for (const id of ids) q.delete(id);
    }
    return ids.length;
  }

  setDelivery(d: Partial<FeedDelivery>): FeedDelivery {
    const rate = d.duplicateRate ?? this.delivery.duplicateRate;
    if (!Number.isFinite(rate) || rate < 0 || rate > 1)
      throw new RangeError('duplicateRate must be between 0 and 1');
    this.delivery = { duplicateRate: rate, reorder: d.reorder ?? this.delivery.reorder };
    return this.getDelivery();
  }

  getDelivery(): FeedDelivery {
    return { ...this.delivery };
  }

  /** Timer work: retention of items and expiry of configurations without events. */
  tick(): void {
    const now = this.clock.now();
    const rows = this.db.prepare('SELECT * FROM feed_configs').all() as ConfigRow[];
    this.db.transaction(() => {
      for (const row of rows) {
        if (row.last_event_ms + row.retention_s * 1000 <= now) this.deleteConfig(row.app_key);
        else this.prune(row, now);
      }
    })();
    this.legacy.tick(now);
  }

  /** Resolves once FromOrders evaluations of the changes made so far have been enqueued. */
  flush(): Promise<void> {
    return this.router.flush();
  }

  dispose(): void {
    this.router.dispose();
    this.legacy.dispose();
  }

  // ---- FilterSink ----------------------------------------------------------------------------

  targets(): FilterTarget[] {
    return (
      this.db.prepare('SELECT app_key, filter FROM feed_configs').all() as Pick<
        ConfigRow,
        'app_key' | 'filter'
      >[]
    ).map((r) => ({ appKey: r.app_key, filter: JSON.parse(r.filter) as EventFilter }));
  }

  accept(target: FilterTarget, event: OrderEvent, atMs: number): void {
    const row = this.configRow(target.appKey);
    // The configuration may have been deleted or replaced while a FromOrders evaluation ran.
    if (!row || row.filter !== JSON.stringify(target.filter)) return;
    const eventId = newEventId();
    const body = JSON.stringify(pickEvent(event));
    const copies =
      this.delivery.duplicateRate > 0 && this.random() < this.delivery.duplicateRate ? 2 : 1;
    const ins = this.db.prepare(
      'INSERT INTO feed_items (app_key, event_id, event, enqueued_ms, visible_at_ms) VALUES (?, ?, ?, ?, ?)',
    );
    const ids: number[] = [];
    this.db.transaction(() => {
      for (let i = 0; i < copies; i++)
        ids.push(Number(ins.run(target.appKey, eventId, body, atMs, atMs).lastInsertRowid));
      this.db
        .prepare('UPDATE feed_configs SET last_event_ms = max(last_event_ms, ?) WHERE app_key = ?')
        .run(atMs, target.appKey);
    })();
    for (const id of ids) {
      const item = { id, eventId, event: body, enqueuedMs: atMs, visibleAtMs: atMs, receives: 0 };
      // Inside a caller's transaction (order creation, status timers) the rows exist only if it
      // commits: queueOf() checks them once it has.
      if (this.db.inTransaction)
        this.pending.push({ appKey: target.appKey, item: { ...item, handle: null } });
      // A queue not read yet reads these rows when it is.
      else this.queues.get(target.appKey)?.add({ ...item, handle: null });
    }
  }

  hasFired(appKey: string, orderId: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM feed_fired WHERE app_key = ? AND order_id = ?')
        .get(appKey, orderId) !== undefined
    );
  }

  markFired(appKey: string, orderId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO feed_fired (app_key, order_id) VALUES (?, ?)')
      .run(appKey, orderId);
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * The configuration row, cached: every feed GET and commit reads it. Every write to
   * `feed_configs` goes through this class (or a reset, see forget()) and drops the cached copy,
   * except accept()'s `last_event_ms`, which only tick() reads, from the table.
   */
  private configRow(appKey: string): ConfigRow | undefined {
    let row = this.configs.get(appKey);
    if (!row) {
      row = this.db.prepare('SELECT * FROM feed_configs WHERE app_key = ?').get(appKey) as
        ConfigRow | undefined;
      if (row) this.configs.set(appKey, row);
    }
    return row;
  }

  /**
   * Drops items past the retention period (committed or not) and items that are visible again after
   * MAX_RECEIVES deliveries (the next receive would be one too many).
   */
  private prune(row: ConfigRow, now: number): void {
    const q = this.queueOf(row.app_key);
    const cutoff = now - row.retention_s * 1000;
    if (cutoff >= q.oldestBound) {
      const aged = this.db
        .prepare('DELETE FROM feed_items WHERE app_key = ? AND enqueued_ms <= ? RETURNING id')
        .all(row.app_key, cutoff) as { id: number }[];
      for (const r of aged) q.delete(r.id);
      // Everything enqueued up to the cutoff is gone now.
      q.oldestBound = cutoff + 1;
    }
    if (q.worn.size === 0) return;
    const worn = [...q.worn].filter((id) => (q.items.get(id)?.visibleAtMs ?? Infinity) <= now);
    if (worn.length === 0) return;
    this.db
      .prepare('DELETE FROM feed_items WHERE id IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(worn));
    for (const id of worn) q.delete(id);
  }

  /** Adds the items of committed transactions to their queues; rolled-back ones have no row. */
  private settlePending(): void {
    const list = this.pending;
    this.pending = [];
    const stored = new Set(
      (
        this.db
          .prepare('SELECT id FROM feed_items WHERE id IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify(list.map((p) => p.item.id))) as { id: number }[]
      ).map((r) => r.id),
    );
    for (const p of list) if (stored.has(p.item.id)) this.queues.get(p.appKey)?.add(p.item);
  }

  private queueOf(appKey: string): FeedQueue {
    if (this.pending.length > 0 && !this.db.inTransaction) this.settlePending();
    let q = this.queues.get(appKey);
    if (!q) {
      q = new FeedQueue(MAX_RECEIVES);
      const rows = this.db
        .prepare(
          `SELECT id, event_id, event, enqueued_ms, visible_at_ms, receives, handle
           FROM feed_items WHERE app_key = ? ORDER BY id`,
        )
        .all(appKey) as {
        id: number;
        event_id: string;
        event: string;
        enqueued_ms: number;
        visible_at_ms: number;
        receives: number;
        handle: string | null;
      }[];
      for (const r of rows) {
        q.add({
          id: r.id,
          eventId: r.event_id,
          event: r.event,
          enqueuedMs: r.enqueued_ms,
          visibleAtMs: r.visible_at_ms,
          receives: r.receives,
          handle: r.handle,
        });
      }
      this.queues.set(appKey, q);
    }
    return q;
  }
}

function toConfig(row: ConfigRow): FeedConfig {
  return {
    filter: JSON.parse(row.filter) as EventFilter,
    queue: {
      visibilityTimeoutInSeconds: row.visibility_s,
      MessageRetentionPeriodInSeconds: row.retention_s,
    },
  };
}

/**
 * The stored event, keys in the order of the wire item after `eventId` and `handle`, so
 * receiveJson() can splice the stored text into the answer as it is.
 */
function pickEvent(e: OrderEvent): OrderEvent {
  return {
    domain: e.domain,
    state: e.state,
    lastState: e.lastState,
    orderId: e.orderId,
    lastChange: e.lastChange,
    currentChange: e.currentChange,
  };
}

/** One item of the deprecated feed v2, as VTEX's old docs show it (plus the time of the change). */
export interface LegacyFeedItem {
  orderId: string;
  status: string;
  dateTime: string;
  commitToken: string;
}

/**
 * Feed v2 (deprecated): every status change of every order, per registered appKey, without
 * configuration. Items stay at the head of the queue until confirmed with their commitToken
 * (`POST /api/oms/pvt/feed/orders/status/confirm`), so an unconfirmed item is served again on every
 * read; they are dropped after four days like the v3 minimum retention.
 */
export class LegacyFeed {
  private readonly onStatus = (sc: StatusChange): void => this.enqueue(sc);

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: SandboxEventBus,
    private readonly appKeys: () => string[],
  ) {
    schema(
      db,
      `CREATE TABLE IF NOT EXISTS feed_v2_items (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         app_key TEXT NOT NULL,
         order_id TEXT NOT NULL,
         status TEXT NOT NULL,
         date_time TEXT NOT NULL,
         enqueued_ms INTEGER NOT NULL,
         commit_token TEXT NOT NULL UNIQUE
       );
       CREATE INDEX IF NOT EXISTS feed_v2_queue ON feed_v2_items(app_key, id);`,
    );
    events.on('status-changed', this.onStatus);
  }

  receive(appKey: string, max: number): LegacyFeedItem[] {
    this.tick(this.clock.now());
    return (
      this.db
        .prepare(
          'SELECT order_id, status, date_time, commit_token FROM feed_v2_items WHERE app_key = ? ORDER BY id LIMIT ?',
        )
        .all(appKey, max) as {
        order_id: string;
        status: string;
        date_time: string;
        commit_token: string;
      }[]
    ).map((r) => ({
      orderId: r.order_id,
      status: r.status,
      dateTime: r.date_time,
      commitToken: r.commit_token,
    }));
  }

  /** Removes the confirmed items; unknown tokens are ignored like v3's stale handles. */
  confirm(appKey: string, tokens: string[]): number {
    const del = this.db.prepare('DELETE FROM feed_v2_items WHERE app_key = ? AND commit_token = ?');
    return this.db.transaction(() => {
      let n = 0;
      for (const t of new Set(tokens)) n += del.run(appKey, t).changes;
      return n;
    })();
  }

  tick(now: number): void {
    this.db
      .prepare('DELETE FROM feed_v2_items WHERE enqueued_ms + ? <= ?')
      .run(RETENTION_MIN_SECONDS * 1000, now);
  }

  dispose(): void {
    this.events.off('status-changed', this.onStatus);
  }

  private enqueue(sc: StatusChange): void {
    try {
      const now = this.clock.now();
      const ins = this.db.prepare(
        'INSERT INTO feed_v2_items (app_key, order_id, status, date_time, enqueued_ms, commit_token) VALUES (?,?,?,?,?,?)',
      );
      this.db.transaction(() => {
        for (const k of this.appKeys())
          ins.run(k, sc.orderId, sc.state, sc.currentChange, now, newHandle());
      })();
    } catch (err) {
      // The status change is already stored; a failure here must not become a 500 of that write.
      console.error('sandbox feed v2 enqueue failed', err);
    }
  }
}
