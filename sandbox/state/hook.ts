import { HOOK_PING, type HookNotification } from '../../vtex';
import type { Clock } from './clock';
import type { Db } from './db';
import { schema } from './db';
import {
  OrderEventRouter,
  type EventFilter,
  type FilterSink,
  type FilterTarget,
  type OrderEvent,
} from './event-filter';
import type { SandboxEventBus } from './events';
import type { OrderStore } from './orders';

/**
 * The order hook (digest §3): one configuration per appKey; each matching event is POSTed to the
 * configured URL as a PascalCase notification. Deliveries live in a table (so a restart with a
 * --db file keeps them) and are retried on a geometric schedule of the sandbox clock until the
 * endpoint answers 200 or HOOK_MAX_ATTEMPTS is reached. The configuration is removed after
 * HOOK_IDLE_EXPIRY_MS without a delivered notification.
 */

export interface HookConfig {
  filter: EventFilter;
  hook: { url: string; headers: Record<string, string> };
}

export interface HookDelivery {
  id: number;
  appKey: string;
  attempts: number;
  nextAt: number;
  notification: HookNotification;
}

/** VTEX: "respond 200 within 5000 ms". */
export const HOOK_TIMEOUT_MS = 5000;
/** First retry delay; each retry doubles it (VTEX: "geometric progression", ∅ numbers). */
export const HOOK_RETRY_BASE_MS = 10_000;
export const HOOK_RETRY_MAX_DELAY_MS = 30 * 60_000;
/** Attempts (the first one included) before a notification is given up. */
export const HOOK_MAX_ATTEMPTS = 10;
/** Concurrent deliveries across all hooks. */
export const HOOK_MAX_IN_FLIGHT = 8;
/** VTEX: "The configuration is removed after 3 days without notifications". */
export const HOOK_IDLE_EXPIRY_MS = 3 * 24 * 3600_000;

/** Delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function hookRetryDelay(attempts: number): number {
  return Math.min(HOOK_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), HOOK_RETRY_MAX_DELAY_MS);
}

interface ConfigRow {
  app_key: string;
  filter: string;
  url: string;
  headers: string;
  last_notified_ms: number;
}

interface DeliveryRow {
  id: number;
  app_key: string;
  body: string;
  attempts: number;
  next_at_ms: number;
}

export type PingResult = { ok: true } | { ok: false; reason: string };

export class HookStore implements FilterSink {
  /** Per-request timeout of the ping and of every delivery; tests shorten it to exercise hangs. */
  timeoutMs = HOOK_TIMEOUT_MS;
  private readonly router: OrderEventRouter;
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly closing = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    events: SandboxEventBus,
    orders: OrderStore,
    private readonly opts: { accountName: string; fetch: typeof fetch },
  ) {
    schema(
      db,
      `CREATE TABLE IF NOT EXISTS hook_configs (
         app_key TEXT PRIMARY KEY,
         filter TEXT NOT NULL,
         url TEXT NOT NULL,
         headers TEXT NOT NULL,
         last_notified_ms INTEGER NOT NULL
       );
       CREATE TABLE IF NOT EXISTS hook_deliveries (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         app_key TEXT NOT NULL,
         body TEXT NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 0,
         next_at_ms INTEGER NOT NULL
       );
       CREATE INDEX IF NOT EXISTS hook_deliveries_due ON hook_deliveries(next_at_ms);
       CREATE TABLE IF NOT EXISTS hook_fired (
         app_key TEXT NOT NULL,
         order_id TEXT NOT NULL,
         PRIMARY KEY (app_key, order_id)
       );`,
    );
    this.router = new OrderEventRouter(events, orders, clock, this);
  }

  // ---- configuration -------------------------------------------------------------------------

  /** VTEX checks the endpoint on save with `{"hookConfig":"ping"}`; anything but a 200 refuses it. */
  async ping(url: string, headers: Record<string, string>): Promise<PingResult> {
    try {
      const res = await this.post(url, headers, HOOK_PING);
      if (res === 200) return { ok: true };
      return { ok: false, reason: `the endpoint answered ${res} to the ping (200 expected)` };
    } catch (err) {
      return { ok: false, reason: describeFailure(err, this.timeoutMs) };
    }
  }

  /** Saves a configuration whose endpoint already answered the ping. */
  configure(appKey: string, config: HookConfig): void {
    const filter = JSON.stringify(config.filter);
    this.db.transaction(() => {
      const prev = this.configRow(appKey);
      if (!prev || prev.filter !== filter)
        this.db.prepare('DELETE FROM hook_fired WHERE app_key = ?').run(appKey);
      this.db
        .prepare(
          `INSERT INTO hook_configs (app_key, filter, url, headers, last_notified_ms) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(app_key) DO UPDATE SET filter = excluded.filter, url = excluded.url,
             headers = excluded.headers, last_notified_ms = excluded.last_notified_ms`,
        )
        .run(
          appKey,
          filter,
          config.hook.url,
          JSON.stringify(config.hook.headers),
          this.clock.now(),
        );
    })();
  }

  getConfig(appKey: string): HookConfig | null {
    const row = this.configRow(appKey);
    return row ? toConfig(row) : null;
  }

  /** Deletes the configuration and drops its pending deliveries. */
  deleteConfig(appKey: string): boolean {
    return this.db.transaction(() => {
      const n = this.db.prepare('DELETE FROM hook_configs WHERE app_key = ?').run(appKey).changes;
      this.db.prepare('DELETE FROM hook_deliveries WHERE app_key = ?').run(appKey);
      this.db.prepare('DELETE FROM hook_fired WHERE app_key = ?').run(appKey);
      return n > 0;
    })();
  }

  // ---- deliveries ----------------------------------------------------------------------------

  /** Notifications waiting for their first attempt or a retry. */
  pending(appKey?: string): HookDelivery[] {
    const rows = this.db
      .prepare('SELECT * FROM hook_deliveries WHERE (@k IS NULL OR app_key = @k) ORDER BY id')
      .all({ k: appKey ?? null }) as DeliveryRow[];
    return rows.map((r) => ({
      id: r.id,
      appKey: r.app_key,
      attempts: r.attempts,
      nextAt: r.next_at_ms,
      notification: JSON.parse(r.body) as HookNotification,
    }));
  }

  /** Timer work: expiry of idle configurations, then the deliveries that are due. */
  tick(): void {
    const cutoff = this.clock.now() - HOOK_IDLE_EXPIRY_MS;
    const idle = this.db
      .prepare('SELECT app_key FROM hook_configs WHERE last_notified_ms <= ?')
      .all(cutoff) as {
      app_key: string;
    }[];
    for (const r of idle) this.deleteConfig(r.app_key);
    this.pump();
  }

  /**
   * Resolves once the FromOrders evaluations so far are done and every delivery that is due has
   * been attempted (retries scheduled in the future are not waited for: move the clock for those).
   */
  async flush(): Promise<void> {
    for (;;) {
      await this.router.flush();
      this.pump();
      if (this.inFlight.size === 0) return;
      await Promise.allSettled([...this.inFlight.values()]);
    }
  }

  dispose(): void {
    this.router.dispose();
    this.closing.abort();
  }

  // ---- FilterSink ----------------------------------------------------------------------------

  targets(): FilterTarget[] {
    return (
      this.db.prepare('SELECT app_key, filter FROM hook_configs').all() as Pick<
        ConfigRow,
        'app_key' | 'filter'
      >[]
    ).map((r) => ({ appKey: r.app_key, filter: JSON.parse(r.filter) as EventFilter }));
  }

  accept(target: FilterTarget, event: OrderEvent, atMs: number): void {
    const row = this.configRow(target.appKey);
    if (!row || row.filter !== JSON.stringify(target.filter)) return;
    const notification: HookNotification = {
      Domain: event.domain,
      OrderId: event.orderId,
      State: event.state,
      LastState: event.lastState,
      LastChange: event.lastChange,
      CurrentChange: event.currentChange,
      Origin: { Account: this.opts.accountName, Key: target.appKey },
    };
    this.db
      .prepare(
        'INSERT INTO hook_deliveries (app_key, body, attempts, next_at_ms) VALUES (?, ?, 0, ?)',
      )
      .run(target.appKey, JSON.stringify(notification), atMs);
    // Started, not awaited: the write whose event this is must not wait for the endpoint.
    this.pump();
  }

  hasFired(appKey: string, orderId: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM hook_fired WHERE app_key = ? AND order_id = ?')
        .get(appKey, orderId) !== undefined
    );
  }

  markFired(appKey: string, orderId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO hook_fired (app_key, order_id) VALUES (?, ?)')
      .run(appKey, orderId);
  }

  // ---- internals -----------------------------------------------------------------------------

  private configRow(appKey: string): ConfigRow | undefined {
    return this.db.prepare('SELECT * FROM hook_configs WHERE app_key = ?').get(appKey) as
      ConfigRow | undefined;
  }

  /**
   * Starts due deliveries, oldest first, up to HOOK_MAX_IN_FLIGHT at a time (a burst of events must
   * not open hundreds of sockets to a slow endpoint); each finished attempt starts the next one.
   */
  private pump(): void {
    if (this.closing.signal.aborted) return;
    const room = HOOK_MAX_IN_FLIGHT - this.inFlight.size;
    if (room <= 0) return;
    const due = this.db
      .prepare('SELECT * FROM hook_deliveries WHERE next_at_ms <= ? ORDER BY id LIMIT ?')
      .all(this.clock.now(), room + this.inFlight.size) as DeliveryRow[];
    for (const d of due) {
      if (this.inFlight.has(d.id) || this.inFlight.size >= HOOK_MAX_IN_FLIGHT) continue;
      const p = this.attempt(d).finally(() => {
        this.inFlight.delete(d.id);
        this.pump();
      });
      this.inFlight.set(d.id, p);
    }
  }

  private async attempt(d: DeliveryRow): Promise<void> {
    const cfg = this.configRow(d.app_key);
    if (!cfg) {
      this.db.prepare('DELETE FROM hook_deliveries WHERE id = ?').run(d.id);
      return;
    }
    let ok = false;
    try {
      ok =
        (await this.post(
          cfg.url,
          JSON.parse(cfg.headers) as Record<string, string>,
          JSON.parse(d.body),
        )) === 200;
    } catch {
      // Network error, refused connection or timeout: all count as a failed attempt.
      ok = false;
    }
    if (this.closing.signal.aborted) return;
    const now = this.clock.now();
    this.db.transaction(() => {
      if (ok) {
        this.db.prepare('DELETE FROM hook_deliveries WHERE id = ?').run(d.id);
        this.db
          .prepare(
            'UPDATE hook_configs SET last_notified_ms = max(last_notified_ms, ?) WHERE app_key = ?',
          )
          .run(now, d.app_key);
        return;
      }
      const attempts = d.attempts + 1;
      if (attempts >= HOOK_MAX_ATTEMPTS) {
        this.db.prepare('DELETE FROM hook_deliveries WHERE id = ?').run(d.id);
      } else {
        this.db
          .prepare('UPDATE hook_deliveries SET attempts = ?, next_at_ms = ? WHERE id = ?')
          .run(attempts, now + hookRetryDelay(attempts), d.id);
      }
    })();
  }

  /** POSTs JSON with the configured headers; resolves with the status code. */
  private async post(url: string, headers: Record<string, string>, body: unknown): Promise<number> {
    const res = await this.opts.fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.closing.signal]),
      redirect: 'manual',
    });
    // Drain the body so the connection is released; its content does not matter.
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  }
}

function toConfig(row: ConfigRow): HookConfig {
  return {
    filter: JSON.parse(row.filter) as EventFilter,
    hook: { url: row.url, headers: JSON.parse(row.headers) as Record<string, string> },
  };
}

function describeFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError')
    return `the endpoint did not answer the ping within ${timeoutMs} ms`;
  const detail = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  return `the endpoint could not be reached (${detail})`;
}
