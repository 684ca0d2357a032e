import { randomBytes } from 'node:crypto';
import type { Db } from './db';
import { schema } from './db';

/**
 * Order interactions (`POST /api/oms/pvt/orders/{orderId}/interactions`). VTEX shows them in the
 * order's timeline in the Admin but not in the order document, so they live in their own table.
 * The Orders API has no endpoint to read them back; the sandbox serves them through
 * `GET /api/oms/pvt/orders/{orderId}/interactions`, a sandbox extension (see routes/orders.ts).
 */
export interface Interaction {
  id: string;
  orderId: string;
  source: string;
  message: string;
  /** VTEX time (see vtexTime). */
  date: string;
}

const ready = new WeakSet<Db>();

function ensure(db: Db): void {
  if (ready.has(db)) return;
  schema(
    db,
    `CREATE TABLE IF NOT EXISTS interactions (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       id TEXT NOT NULL UNIQUE,
       order_id TEXT NOT NULL,
       source TEXT NOT NULL,
       message TEXT NOT NULL,
       date TEXT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS interactions_order ON interactions(order_id, seq);`,
  );
  ready.add(db);
}

export function insertInteraction(
  db: Db,
  orderId: string,
  source: string,
  message: string,
  date: string,
): Interaction {
  ensure(db);
  const id = randomBytes(16).toString('hex');
  db.prepare(
    'INSERT INTO interactions (id, order_id, source, message, date) VALUES (?, ?, ?, ?, ?)',
  ).run(id, orderId, source, message, date);
  return { id, orderId, source, message, date };
}

/** Oldest first, as a timeline reads. */
export function listInteractions(db: Db, orderId: string): Interaction[] {
  ensure(db);
  return (
    db
      .prepare(
        'SELECT id, order_id, source, message, date FROM interactions WHERE order_id = ? ORDER BY seq',
      )
      .all(orderId) as {
      id: string;
      order_id: string;
      source: string;
      message: string;
      date: string;
    }[]
  ).map((r) => ({
    id: r.id,
    orderId: r.order_id,
    source: r.source,
    message: r.message,
    date: r.date,
  }));
}
