import type { Migration } from './index';

/**
 * The offline-actions outbox (issue 4) and the optimistic state it gives orders.
 *
 * outbox_actions: one row per write at VTEX, oldest first by `seq`. `id` is what people see and
 * type; `idempotency_key` names the effect at VTEX (the order's start of handling, an invoice
 * number, a payment, a note's marker), and the partial unique index refuses a second live action
 * with the same effect. `in_doubt` is set in the same durable write that marks a row `sending`,
 * before the request leaves: after a crash, a timeout or a reset the engine reads the order back
 * before it ever repeats the request. `confirmed` says a VTEX document fetched after the action
 * succeeded is in the cache (until then the optimistic effect is still merged in).
 *
 * order_local_state: what the order shows while actions wait ("handling — waiting to sync").
 * outbox_meta: the invoice number pattern and counter, the last sync success, the engine's lease.
 *
 * Indexes serve the engine's hot queries (see outbox-store.test.ts, which checks their plans):
 * each partial index's WHERE is written exactly as the queries write it, so SQLite can use it.
 */
export const migration: Migration = {
  version: 100,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_actions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        idempotency_key TEXT NOT NULL,
        order_id TEXT NOT NULL,
        verb TEXT NOT NULL,
        kind TEXT NOT NULL,
        target TEXT,
        payload TEXT,
        data TEXT NOT NULL,
        operator TEXT NOT NULL,
        station TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        prev_action_id TEXT,
        parent_id TEXT,
        basis TEXT,
        state TEXT NOT NULL
          CHECK (state IN ('queued', 'sending', 'done', 'attention', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        in_doubt INTEGER NOT NULL DEFAULT 0,
        ever_in_doubt INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        attention_at INTEGER,
        done_at INTEGER,
        confirmed INTEGER NOT NULL DEFAULT 0,
        outcome TEXT,
        discard_reason TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX outbox_effect_key ON outbox_actions(idempotency_key)
        WHERE state <> 'discarded';
      CREATE INDEX outbox_order ON outbox_actions(order_id, seq);
      CREATE INDEX outbox_due ON outbox_actions(next_attempt_at, seq)
        WHERE state IN ('queued', 'sending');
      CREATE INDEX outbox_open ON outbox_actions(state, created_at)
        WHERE state IN ('queued', 'sending', 'attention');
      CREATE INDEX outbox_unconfirmed ON outbox_actions(order_id)
        WHERE state = 'done' AND confirmed = 0;

      CREATE TABLE order_local_state (
        order_id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        label TEXT NOT NULL,
        pending INTEGER NOT NULL,
        attention INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE outbox_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
