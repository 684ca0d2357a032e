import type { OrderDocument } from '../../vtex';
import type { Clock } from './clock';
import { vtexTime } from './clock';
import type { Db } from './db';
import { schema } from './db';
import type { SandboxEventBus } from './events';
import { statusDescription } from './status-descriptions';

/**
 * VTEX announces the sale part of the flow (creation, payment) in the Marketplace domain and the
 * work of the warehouse in the Fulfillment domain (the digest's feed example: ready-for-handling
 * in `Fulfillment`).
 */
const FULFILLMENT_STATUSES = new Set([
  'window-to-cancel',
  'ready-for-handling',
  'start-handling',
  'handling',
  'ready-for-invoicing',
  'waiting-for-fulfillment',
  'invoice',
  'invoiced',
]);

/**
 * The order documents, stored whole as JSON with the columns that lookups and List orders filter
 * on. All writes go through `update`/`setStatus`, which stamp `lastChange` and emit the events the
 * feed and the hook consume, after the row is stored.
 */
export class OrderStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: SandboxEventBus,
  ) {
    schema(
      db,
      `CREATE TABLE IF NOT EXISTS orders (
         order_id TEXT PRIMARY KEY,
         order_group TEXT,
         sequence TEXT,
         status TEXT NOT NULL,
         status_since INTEGER NOT NULL,
         creation_ms INTEGER NOT NULL,
         client_email TEXT,
         doc TEXT NOT NULL
       );
       CREATE INDEX IF NOT EXISTS orders_sequence ON orders(sequence);
       CREATE INDEX IF NOT EXISTS orders_group ON orders(order_group);
       CREATE INDEX IF NOT EXISTS orders_status ON orders(status, status_since);
       CREATE INDEX IF NOT EXISTS orders_creation ON orders(creation_ms);
       CREATE INDEX IF NOT EXISTS orders_email ON orders(client_email);`,
    );
  }

  /** `id` may be an orderId or `seq{sequence}` (digest §4.1). */
  get(id: string): OrderDocument | undefined {
    const row = (
      id.startsWith('seq')
        ? this.db.prepare('SELECT doc FROM orders WHERE sequence = ?').get(id.slice(3))
        : this.db.prepare('SELECT doc FROM orders WHERE order_id = ?').get(id)
    ) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as OrderDocument) : undefined;
  }

  statusSince(orderId: string): number | undefined {
    const row = this.db
      .prepare('SELECT status_since FROM orders WHERE order_id = ?')
      .get(orderId) as { status_since: number } | undefined;
    return row?.status_since;
  }

  byGroup(orderGroup: string): OrderDocument[] {
    return (
      this.db
        .prepare('SELECT doc FROM orders WHERE order_group = ? ORDER BY order_id')
        .all(orderGroup) as {
        doc: string;
      }[]
    ).map((r) => JSON.parse(r.doc) as OrderDocument);
  }

  /** Orders whose status has been `status` since at or before `since` (for the status timers). */
  dueInStatus(status: string, since: number): string[] {
    return (
      this.db
        .prepare(
          'SELECT order_id FROM orders WHERE status = ? AND status_since <= ? ORDER BY status_since',
        )
        .all(status, since) as { order_id: string }[]
    ).map((r) => r.order_id);
  }

  insert(doc: OrderDocument): void {
    const now = this.clock.now();
    this.write(doc, now, true);
    this.events.emit('order-changed', { orderId: doc.orderId });
  }

  /** Changes a document in place (not its status). Returns the stored document. */
  update(orderId: string, mutate: (doc: OrderDocument) => void): OrderDocument {
    const doc = this.mustGet(orderId);
    mutate(doc);
    doc.lastChange = vtexTime(this.clock.now());
    this.write(doc, this.statusSince(orderId) ?? this.clock.now(), false);
    this.events.emit('order-changed', { orderId });
    return doc;
  }

  /** Moves an order to a new status (and applies `mutate` in the same write), then announces it. */
  setStatus(orderId: string, status: string, mutate?: (doc: OrderDocument) => void): OrderDocument {
    const doc = this.mustGet(orderId);
    const lastState = doc.status;
    const lastChange = doc.lastChange;
    const now = this.clock.now();
    mutate?.(doc);
    doc.status = status;
    // Keep the (deprecated) Admin label in step with the status when the document carries one.
    if (typeof doc.statusDescription === 'string') {
      doc.statusDescription = statusDescription(status);
    }
    doc.lastChange = vtexTime(now);
    this.write(doc, now, false);
    this.events.emit('status-changed', {
      orderId,
      domain: FULFILLMENT_STATUSES.has(status) ? 'Fulfillment' : 'Marketplace',
      state: status,
      lastState,
      lastChange,
      currentChange: doc.lastChange,
    });
    this.events.emit('order-changed', { orderId });
    return doc;
  }

  mustGet(orderId: string): OrderDocument {
    const doc = this.get(orderId);
    if (!doc) throw new Error(`order ${orderId} not found`);
    return doc;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
  }

  private write(doc: OrderDocument, statusSince: number, insert: boolean): void {
    const params = {
      order_id: doc.orderId,
      order_group: doc.orderGroup ?? null,
      sequence: doc.sequence ?? null,
      status: doc.status,
      status_since: statusSince,
      creation_ms: Date.parse(doc.creationDate),
      client_email: doc.clientProfileData?.email ?? null,
      doc: JSON.stringify(doc),
    };
    if (insert) {
      this.db
        .prepare(
          `INSERT INTO orders (order_id, order_group, sequence, status, status_since, creation_ms, client_email, doc)
           VALUES (@order_id, @order_group, @sequence, @status, @status_since, @creation_ms, @client_email, @doc)`,
        )
        .run(params);
    } else {
      this.db
        .prepare(
          `UPDATE orders SET order_group=@order_group, sequence=@sequence, status=@status, status_since=@status_since,
             creation_ms=@creation_ms, client_email=@client_email, doc=@doc WHERE order_id=@order_id`,
        )
        .run(params);
    }
  }
}
