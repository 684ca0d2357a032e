import type { Db } from './db';
import { schema } from './db';

/**
 * One entry per write the sandbox applied: what tests use to prove "exactly one effect per
 * action". `changed` is false for writes VTEX accepts without changing anything (for example the
 * same invoice number sent again), so a resend that did no harm is still visible.
 */
export interface Effect {
  id: number;
  at: string;
  method: string;
  path: string;
  orderId: string | null;
  appKey: string | null;
  status: number;
  changed: boolean;
  body: unknown;
}

export class EffectLog {
  constructor(private readonly db: Db) {
    schema(
      db,
      `CREATE TABLE IF NOT EXISTS effects (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         at TEXT NOT NULL,
         method TEXT NOT NULL,
         path TEXT NOT NULL,
         order_id TEXT,
         app_key TEXT,
         status INTEGER NOT NULL,
         changed INTEGER NOT NULL,
         body TEXT
       );
       CREATE INDEX IF NOT EXISTS effects_order ON effects(order_id);`,
    );
  }

  record(e: Omit<Effect, 'id'>): void {
    this.db
      .prepare(
        'INSERT INTO effects (at, method, path, order_id, app_key, status, changed, body) VALUES (?,?,?,?,?,?,?,?)',
      )
      .run(
        e.at,
        e.method,
        e.path,
        e.orderId,
        e.appKey,
        e.status,
        e.changed ? 1 : 0,
        JSON.stringify(e.body ?? null),
      );
  }

  list(filter: { orderId?: string; sinceId?: number; path?: string } = {}): Effect[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM effects WHERE (@orderId IS NULL OR order_id = @orderId) AND id > @sinceId
           AND (@path IS NULL OR path LIKE @path) ORDER BY id`,
      )
      .all({
        orderId: filter.orderId ?? null,
        sinceId: filter.sinceId ?? 0,
        path: filter.path ?? null,
      }) as {
      id: number;
      at: string;
      method: string;
      path: string;
      order_id: string | null;
      app_key: string | null;
      status: number;
      changed: number;
      body: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      method: r.method,
      path: r.path,
      orderId: r.order_id,
      appKey: r.app_key,
      status: r.status,
      changed: r.changed === 1,
      body: r.body === null ? null : (JSON.parse(r.body) as unknown),
    }));
  }

  clear(): void {
    this.db.exec('DELETE FROM effects');
  }
}
