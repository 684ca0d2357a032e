import type { OrderDocument } from '../../vtex';
import type { SandboxContext } from '../context';
import type { Db } from './db';
import { schema } from './db';
import { statusDescription } from './status-descriptions';

/**
 * The search index behind List orders and user orders. Filtering, sorting and the statistics over
 * thousands of stored JSON documents would parse every document on every request (seconds for a
 * demo store), so each order's list row and filter columns are kept in a table of their own.
 * The index follows the order store through its 'order-changed' events: changed orders are marked
 * dirty and re-indexed just before the next query; the first query indexes everything (orders
 * seeded or loaded from a --db file before the listener existed).
 */

export interface ListIndex {
  /** Brings the index up to date; call before querying `order_list`. */
  refresh(): void;
}

const INCOMPLETE: readonly string[] = [
  'order-created',
  'order-create-error',
  'order-creation-error',
];

function ms(s: string | null | undefined): number | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

function paymentNameList(doc: OrderDocument): string[] {
  const names = (doc.paymentData?.transactions ?? []).flatMap((t) =>
    t.payments.map((p) => p.paymentSystemName ?? ''),
  );
  return [...new Set(names.filter((n) => n !== ''))];
}

function shippingDates(doc: OrderDocument): { min: string | null; max: string | null } {
  const dates = (doc.shippingData?.logisticsInfo ?? [])
    .map((li) => li.shippingEstimateDate)
    .filter((d): d is string => typeof d === 'string' && d !== '')
    .sort();
  return { min: dates[0] ?? null, max: dates.at(-1) ?? null };
}

const isInput = (type: string) => type.toLowerCase() === 'input';

/** One row of List orders (digest §4.2); `items` has been null at VTEX since 2018. */
export function listRow(doc: OrderDocument): Record<string, unknown> {
  const packages = doc.packageAttachment?.packages ?? [];
  const out = packages.filter((p) => !isInput(p.type));
  const back = packages.filter((p) => isInput(p.type));
  const delivered = out.map((p) => p.courierStatus?.finished === true);
  const ship = shippingDates(doc);
  const client = doc.clientProfileData;
  return {
    orderId: doc.orderId,
    creationDate: doc.creationDate,
    clientName: [client?.firstName, client?.lastName].filter(Boolean).join(' '),
    items: null,
    totalValue: doc.value,
    paymentNames: paymentNameList(doc).join(', '),
    status: doc.status,
    statusDescription: statusDescription(doc.status),
    marketPlaceOrderId: doc.marketplaceOrderId || null,
    sequence: doc.sequence ?? '',
    salesChannel: doc.salesChannel ?? '1',
    affiliateId: doc.affiliateId ?? '',
    origin: doc.origin ?? 'Fulfillment',
    workflowInErrorState: doc.workflowIsInError ?? false,
    workflowInRetry: false,
    lastMessageUnread: null,
    ShippingEstimatedDate: ship.max,
    ShippingEstimatedDateMax: ship.max,
    ShippingEstimatedDateMin: ship.min,
    orderIsComplete: !INCOMPLETE.includes(doc.status),
    listId: null,
    listType: null,
    authorizedDate: doc.authorizedDate ?? null,
    callCenterOperatorName: null,
    totalItems: doc.items.reduce((s, it) => s + it.quantity, 0),
    currencyCode: doc.storePreferencesData?.currencyCode ?? 'BRL',
    hostname: doc.hostname ?? null,
    invoiceOutput: out.length ? out.map((p) => p.invoiceNumber) : null,
    invoiceInput: back.length ? back.map((p) => p.invoiceNumber) : null,
    lastChange: doc.lastChange,
    isAllDelivered: delivered.length > 0 && delivered.every(Boolean),
    isAnyDelivered: delivered.some(Boolean),
    orderFormId: doc.orderFormId ?? null,
  };
}

/** The items of a user-orders row (My Account shows them, unlike List orders). */
function userItems(doc: OrderDocument): Record<string, unknown>[] {
  return doc.items.map((it) => ({
    seller: it.seller ?? '1',
    quantity: it.quantity,
    description: it.name,
    ean: it.ean ?? '',
    refId: it.refId ?? '',
    id: it.id,
    productId: it.productId ?? '',
    sellingPrice: it.sellingPrice ?? it.price,
    price: it.price,
  }));
}

function ensure(db: Db): void {
  schema(
    db,
    `CREATE TABLE IF NOT EXISTS order_list (
       order_id TEXT PRIMARY KEY,
       creation_ms INTEGER,
       status TEXT NOT NULL,
       value INTEGER NOT NULL,
       total_items INTEGER NOT NULL,
       origin TEXT,
       currency TEXT,
       authorized_ms INTEGER,
       invoiced_ms INTEGER,
       has_input INTEGER NOT NULL,
       client_email TEXT,
       sales_channel TEXT,
       affiliate_id TEXT,
       payment_names TEXT NOT NULL,
       search TEXT NOT NULL,
       row TEXT NOT NULL,
       items TEXT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS order_list_status ON order_list(status, creation_ms);
     CREATE INDEX IF NOT EXISTS order_list_creation ON order_list(creation_ms);
     CREATE INDEX IF NOT EXISTS order_list_email ON order_list(client_email, creation_ms);`,
  );
}

const indexes = new WeakMap<SandboxContext, ListIndex>();

/** The context's list index, created (and subscribed to order changes) on first use. */
export function listIndex(ctx: SandboxContext): ListIndex {
  const existing = indexes.get(ctx);
  if (existing) return existing;
  ensure(ctx.db);
  const dirty = new Set<string>();
  let built = false;
  const onChange = ({ orderId }: { orderId: string }) => {
    if (built) dirty.add(orderId);
  };
  ctx.events.on('order-changed', onChange);
  ctx.disposers.push(() => {
    ctx.events.off('order-changed', onChange);
  });

  const upsert = ctx.db.prepare(
    `INSERT OR REPLACE INTO order_list (order_id, creation_ms, status, value, total_items, origin, currency,
       authorized_ms, invoiced_ms, has_input, client_email, sales_channel, affiliate_id, payment_names, search, row, items)
     VALUES (@order_id, @creation_ms, @status, @value, @total_items, @origin, @currency, @authorized_ms, @invoiced_ms,
       @has_input, @client_email, @sales_channel, @affiliate_id, @payment_names, @search, @row, @items)`,
  );
  const remove = ctx.db.prepare('DELETE FROM order_list WHERE order_id = ?');
  const index = (doc: OrderDocument) => {
    const c = doc.clientProfileData;
    upsert.run({
      order_id: doc.orderId,
      creation_ms: ms(doc.creationDate),
      status: doc.status,
      value: doc.value,
      total_items: doc.items.reduce((s, it) => s + it.quantity, 0),
      origin: doc.origin ?? 'Fulfillment',
      currency: doc.storePreferencesData?.currencyCode ?? 'BRL',
      authorized_ms: ms(doc.authorizedDate),
      invoiced_ms: ms(doc.invoicedDate),
      has_input: (doc.packageAttachment?.packages ?? []).some((p) => isInput(p.type)) ? 1 : 0,
      client_email: (c?.email ?? '').toLowerCase(),
      sales_channel: doc.salesChannel ?? null,
      affiliate_id: doc.affiliateId ?? null,
      // Newline-separated so an exact name can be matched with LIKE '%\nName\n%'.
      payment_names: `\n${paymentNameList(doc).join('\n')}\n`,
      search: [
        doc.orderId,
        doc.sequence,
        c?.email,
        c?.document,
        [c?.firstName, c?.lastName].filter(Boolean).join(' '),
      ]
        .filter(Boolean)
        .join('\n')
        .toLowerCase(),
      row: JSON.stringify(listRow(doc)),
      items: JSON.stringify(userItems(doc)),
    });
  };

  // In chunks: better-sqlite3 cannot write while a statement is still iterating.
  const chunk = ctx.db.prepare(
    'SELECT rowid AS id, doc FROM orders WHERE rowid > ? ORDER BY rowid LIMIT 500',
  );
  const rebuild = ctx.db.transaction(() => {
    ctx.db.exec('DELETE FROM order_list');
    for (let last = 0; ;) {
      const rows = chunk.all(last) as { id: number; doc: string }[];
      if (rows.length === 0) break;
      for (const r of rows) index(JSON.parse(r.doc) as OrderDocument);
      last = rows.at(-1)?.id ?? last;
    }
  });
  const flush = ctx.db.transaction((ids: string[]) => {
    for (const id of ids) {
      const doc = ctx.orders.get(id);
      if (doc) index(doc);
      else remove.run(id);
    }
  });

  const counts = ctx.db.prepare(
    'SELECT (SELECT count(*) FROM orders) - (SELECT count(*) FROM order_list) AS n',
  );
  const li: ListIndex = {
    refresh() {
      if (built && dirty.size > 0) {
        const ids = [...dirty];
        dirty.clear();
        flush(ids);
      }
      // Orders written without an event on this context's bus (a store on a private bus, as the
      // seeding replays history) would be missing: a differing count rebuilds the index.
      if (!built || (counts.get() as { n: number }).n !== 0) {
        rebuild();
        built = true;
        dirty.clear();
      }
    },
  };
  indexes.set(ctx, li);
  return li;
}
