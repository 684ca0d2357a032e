import { randomBytes } from 'node:crypto';
import { RETENTION_MIN_SECONDS } from '../../vtex';
import type { Clock } from './clock';
import type { Statement } from 'better-sqlite3';
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
import type { OrderStore } from './orders';

/**
 * Feed v3 (digest §2): one SQS-like queue per appKey. Items become invisible for the visibility
 * timeout when received and reappear unless committed with their latest handle; they are dropped
 * after the retention period or after MAX_RECEIVES deliveries. A configuration that receives no
 * event for a whole retention period is deleted, as VTEX does.
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

interface ItemRow {
  id: number;
  event_id: string;
  event: string;
}

/** Opaque and unguessable: 32 random bytes, base64url (VTEX's are opaque too, digest §2). */
function newHandle(): string {
  return randomBytes(32).toString('base64url');
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
         handle TEXT UNIQUE
       );
       CREATE INDEX IF NOT EXISTS feed_items_visible ON feed_items(app_key, visible_at_ms);
       CREATE INDEX IF NOT EXISTS feed_items_age ON feed_items(app_key, enqueued_ms);
       CREATE TABLE IF NOT EXISTS feed_fired (
         app_key TEXT NOT NULL,
         order_id TEXT NOT NULL,
         PRIMARY KEY (app_key, order_id)
       );`,
    );
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
      const n = this.db.prepare('DELETE FROM feed_configs WHERE app_key = ?').run(appKey).changes;
      this.db.prepare('DELETE FROM feed_items WHERE app_key = ?').run(appKey);
      this.db.prepare('DELETE FROM feed_fired WHERE app_key = ?').run(appKey);
      return n > 0;
    })();
  }

  hasConfig(appKey: string): boolean {
    return this.configRow(appKey) !== undefined;
  }

  // ---- queue ---------------------------------------------------------------------------------

  /**
   * Receives up to `max` visible items (null: no configuration). Each returned item gets a new
   * handle, which replaces the previous one, and stays invisible for the visibility timeout.
   */
  receive(appKey: string, max: number): FeedItemOut[] | null {
    const row = this.configRow(appKey);
    if (!row) return null;
    const now = this.clock.now();
    return this.db.transaction(() => {
      this.prune(row, now);
      const order = this.delivery.reorder ? 'DESC' : 'ASC';
      const items = this.db
        .prepare(
          `SELECT id, event_id, event FROM feed_items WHERE app_key = ? AND visible_at_ms <= ?
           ORDER BY id ${order} LIMIT ?`,
        )
        .all(appKey, now, max) as ItemRow[];
      const mark = this.db.prepare(
        'UPDATE feed_items SET handle = ?, receives = receives + 1, visible_at_ms = ? WHERE id = ?',
      );
      const hiddenUntil = now + row.visibility_s * 1000;
      return items.map((it) => {
        const handle = newHandle();
        mark.run(handle, hiddenUntil, it.id);
        const ev = JSON.parse(it.event) as OrderEvent;
        return {
          eventId: it.event_id,
          handle,
          domain: ev.domain,
          state: ev.state,
          lastState: ev.lastState,
          orderId: ev.orderId,
          lastChange: ev.lastChange,
          currentChange: ev.currentChange,
        };
      });
    })();
  }

  /**
   * Deletes the items whose latest handle is given; returns how many were deleted (null: no
   * configuration). Unknown, expired and superseded handles are ignored: VTEX documents nothing
   * for them (∅, digest §2) and an SQS delete with a stale receipt is not an error either, so a
   * consumer that commits late never fails, it just sees the item again.
   */
  commit(appKey: string, handles: string[]): number | null {
    if (!this.configRow(appKey)) return null;
    const del = this.db.prepare('DELETE FROM feed_items WHERE app_key = ? AND handle = ?');
    return this.db.transaction(() => {
      let n = 0;
      for (const h of new Set(handles)) n += del.run(appKey, h).changes;
      return n;
    })();
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
    this.db.transaction(() => {
      for (let i = 0; i < copies; i++) ins.run(target.appKey, eventId, body, atMs, atMs);
      this.db
        .prepare('UPDATE feed_configs SET last_event_ms = max(last_event_ms, ?) WHERE app_key = ?')
        .run(atMs, target.appKey);
    })();
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

  private configRow(appKey: string): ConfigRow | undefined {
    return this.db.prepare('SELECT * FROM feed_configs WHERE app_key = ?').get(appKey) as
      ConfigRow | undefined;
  }

  /**
   * Drops items past the retention period (committed or not) and items that are visible again after
   * MAX_RECEIVES deliveries (the next receive would be one too many).
   */
  private prune(row: ConfigRow, now: number): void {
    // Two index range deletes instead of one OR: this runs on every feed GET, and an OR over two
    // columns makes SQLite scan the whole queue (the feed GET benchmark showed it).
    this.pruneAged.run(row.app_key, now - row.retention_s * 1000);
    this.pruneOverReceived.run(row.app_key, now, MAX_RECEIVES);
  }

  private get pruneAged() {
    return (this.stmtAged ??= this.db.prepare(
      'DELETE FROM feed_items WHERE app_key = ? AND enqueued_ms <= ?',
    ));
  }

  private get pruneOverReceived() {
    return (this.stmtOverReceived ??= this.db.prepare(
      'DELETE FROM feed_items WHERE app_key = ? AND visible_at_ms <= ? AND receives >= ?',
    ));
  }

  private stmtAged: Statement | undefined;
  private stmtOverReceived: Statement | undefined;
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

function pickEvent(e: OrderEvent): OrderEvent {
  return {
    orderId: e.orderId,
    domain: e.domain,
    state: e.state,
    lastState: e.lastState,
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
