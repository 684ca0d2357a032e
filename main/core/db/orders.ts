import type { OrderDocument } from '../../../vtex';
import { DeskError, isDeskError } from '../errors';
import { sourceTextOf } from '../vtex/source-text';
import { clockOf, prepared, type DeskDb } from './connection';
import { searchColumns } from './search-text';
import { compareInstants, parseVtexTime, type VtexInstant } from './vtex-time';

/** An order as list screens show it: the indexed columns, without the document. */
export interface OrderRow {
  orderId: string;
  sequence: string | null;
  status: string;
  /** ms since the epoch */
  creationDate: number;
  /** VTEX's own text, all 7 fractional digits kept. */
  lastChange: string;
  lastChangeMs: number;
  authorizedDate: number | null;
  invoicedDate: number | null;
  customerName: string | null;
  customerEmail: string | null;
  customerDocument: string | null;
  /** integer cents */
  value: number;
  currency: string | null;
  origin: string | null;
  /** The marketplace the order came from, if any. */
  affiliateId: string | null;
  salesChannel: string | null;
  /** Units to pick: the sum of item quantities. */
  itemsCount: number;
  /** At least one item is collected by the customer at a pickup point. */
  isPickup: boolean;
  cachedAt: number;
}

export interface CachedOrder extends OrderRow {
  doc: OrderDocument;
}

interface RawRow {
  order_id: string;
  sequence: string | null;
  status: string;
  creation_date: number;
  last_change: string;
  last_change_ms: number;
  authorized_date: number | null;
  invoiced_date: number | null;
  customer_name: string | null;
  customer_email: string | null;
  customer_document: string | null;
  value: number;
  currency: string | null;
  origin: string | null;
  affiliate_id: string | null;
  sales_channel: string | null;
  items_count: number;
  is_pickup: number;
  cached_at: number;
}

const ROW_FIELDS = [
  'order_id',
  'sequence',
  'status',
  'creation_date',
  'last_change',
  'last_change_ms',
  'authorized_date',
  'invoiced_date',
  'customer_name',
  'customer_email',
  'customer_document',
  'value',
  'currency',
  'origin',
  'affiliate_id',
  'sales_channel',
  'items_count',
  'is_pickup',
  'cached_at',
] as const satisfies readonly (keyof RawRow)[];

/** The light-row select list, optionally qualified with a table alias. */
export function rowColumns(alias?: string): string {
  return ROW_FIELDS.map((f) => (alias ? `${alias}.${f}` : f)).join(', ');
}

export function toOrderRow(r: RawRow): OrderRow {
  return {
    orderId: r.order_id,
    sequence: r.sequence,
    status: r.status,
    creationDate: r.creation_date,
    lastChange: r.last_change,
    lastChangeMs: r.last_change_ms,
    authorizedDate: r.authorized_date,
    invoicedDate: r.invoiced_date,
    customerName: r.customer_name,
    customerEmail: r.customer_email,
    customerDocument: r.customer_document,
    value: r.value,
    currency: r.currency,
    origin: r.origin,
    affiliateId: r.affiliate_id,
    salesChannel: r.sales_channel,
    itemsCount: r.items_count,
    isPickup: r.is_pickup === 1,
    cachedAt: r.cached_at,
  };
}

export type { RawRow as RawOrderRow };

// ---------------------------------------------------------------------------------------------
// Writing

export interface PreparedOrder {
  doc: OrderDocument;
  lastChange: VtexInstant;
  creationMs: number;
  row: Record<string, string | number | null>;
  docJson: string;
  /** Child rows without their leading `order_rowid`, which is known only inside the write. */
  items: (string | number | null)[][];
  payments: (string | number | null)[][];
  invoices: (string | number | null)[][];
}

export interface WriteOptions {
  /**
   * Leave the search index entries to `indexPendingSearch` (listed in `search_pending`, in the
   * same transaction): the feed's small batches store faster, the index is written in large ones.
   */
  deferSearch?: boolean;
}

function requireTime(doc: OrderDocument, field: 'creationDate' | 'lastChange'): VtexInstant {
  const t = parseVtexTime(doc[field]);
  if (!t) {
    throw new DeskError('ORDER_DOC_INVALID', `order ${doc.orderId}: ${field} "${doc[field]}"`);
  }
  return t;
}

function optionalTime(text: string | null | undefined): number | null {
  return text ? (parseVtexTime(text)?.ms ?? null) : null;
}

function customerName(doc: OrderDocument): string | null {
  const c = doc.clientProfileData;
  const person = [c?.firstName, c?.lastName]
    .filter((s): s is string => !!s && s.trim() !== '')
    .join(' ')
    .trim();
  return (
    person || c?.corporateName || c?.tradeName || doc.shippingData?.address?.receiverName || null
  );
}

/** Derives every column and child row up front, so a bad document fails before any write. */
function prepareOrder(doc: OrderDocument, cachedAt: number): PreparedOrder {
  if (!doc.orderId) throw new DeskError('ORDER_DOC_INVALID', 'an order without orderId');
  const creation = requireTime(doc, 'creationDate');
  const lastChange = requireTime(doc, 'lastChange');
  const c = doc.clientProfileData;
  const logistics = doc.shippingData?.logisticsInfo ?? [];
  const isPickup = logistics.some(
    (l) => l.selectedDeliveryChannel === 'pickup-in-point' || l.pickupStoreInfo?.isPickupStore,
  );
  const items = doc.items.map((it, i) => [
    i,
    it.uniqueId,
    it.id,
    it.productId ?? null,
    it.ean || null,
    it.refId ?? null,
    it.name,
    it.quantity,
    it.price,
    it.sellingPrice ?? null,
    it.seller ?? null,
  ]);
  const payments: (string | number | null)[][] = [];
  for (const t of doc.paymentData?.transactions ?? []) {
    for (const p of t.payments) {
      payments.push([
        payments.length,
        t.transactionId ?? null,
        p.id,
        p.paymentSystem ?? null,
        p.paymentSystemName ?? null,
        p.group ?? null,
        p.value,
        // The schema allows any number; the STRICT column takes integers only.
        p.installments == null ? null : Math.trunc(p.installments),
      ]);
    }
  }
  const invoices = (doc.packageAttachment?.packages ?? []).map((p, i) => [
    i,
    p.invoiceNumber,
    p.type,
    p.invoiceValue,
    p.issuanceDate ?? null,
    p.invoiceKey ?? null,
    p.invoiceUrl ?? null,
    p.courier ?? null,
    p.trackingNumber ?? null,
    p.trackingUrl ?? null,
  ]);
  return {
    doc,
    lastChange,
    creationMs: creation.ms,
    // The text VTEX sent when it still says exactly what `doc` says: no second serialisation.
    docJson: sourceTextOf(doc) ?? JSON.stringify(doc),
    row: {
      order_id: doc.orderId,
      sequence: doc.sequence ?? null,
      status: doc.status,
      creation_date: creation.ms,
      last_change: doc.lastChange,
      last_change_ms: lastChange.ms,
      authorized_date: optionalTime(doc.authorizedDate),
      invoiced_date: optionalTime(doc.invoicedDate),
      customer_name: customerName(doc),
      customer_email: c?.email ?? null,
      customer_document:
        (c?.isCorporate ? c.corporateDocument : c?.document) ?? c?.document ?? null,
      value: doc.value,
      currency: doc.storePreferencesData?.currencyCode ?? null,
      origin: doc.origin ?? null,
      affiliate_id: doc.affiliateId || null,
      sales_channel: doc.salesChannel ?? null,
      items_count: doc.items.reduce((n, it) => n + it.quantity, 0),
      is_pickup: isPickup ? 1 : 0,
      cached_at: cachedAt,
    },
    items,
    payments,
    invoices,
  };
}

const ORDER_VALUES = `order_id = @order_id, sequence = @sequence, status = @status,
    creation_date = @creation_date, last_change = @last_change, last_change_ms = @last_change_ms,
    authorized_date = @authorized_date, invoiced_date = @invoiced_date,
    customer_name = @customer_name, customer_email = @customer_email,
    customer_document = @customer_document, value = @value, currency = @currency,
    origin = @origin, affiliate_id = @affiliate_id, sales_channel = @sales_channel,
    items_count = @items_count, is_pickup = @is_pickup, cached_at = @cached_at`;
const INSERT_ORDER = `INSERT INTO orders (id, order_id, sequence, status, creation_date,
    last_change, last_change_ms, authorized_date, invoiced_date, customer_name, customer_email,
    customer_document, value, currency, origin, affiliate_id, sales_channel, items_count,
    is_pickup, cached_at)
  VALUES (@id, @order_id, @sequence, @status, @creation_date, @last_change, @last_change_ms,
    @authorized_date, @invoiced_date, @customer_name, @customer_email, @customer_document, @value,
    @currency, @origin, @affiliate_id, @sales_channel, @items_count, @is_pickup, @cached_at)`;
const UPDATE_ORDER = `UPDATE orders SET ${ORDER_VALUES} WHERE id = @id`;

/** Ids per second of creation time. */
const SLOTS = 64;

/**
 * A new order's id: its creation second × SLOTS plus the first free slot, so ids sort like
 * creation times (second resolution; far inside 2^53). A second that already holds SLOTS orders
 * lends slots from the following seconds; past an hour of those (never seen in practice) the id
 * falls back to max(id)+1: still unique, merely out of creation order.
 */
function newOrderId(db: DeskDb, creationMs: number, next: Map<number, number>): number {
  const top = prepared(db, 'SELECT max(id) AS top FROM orders WHERE id >= ? AND id < ?');
  const first = Math.floor(creationMs / 1000) * SLOTS;
  for (let base = first; base < first + 3600 * SLOTS; base += SLOTS) {
    // `next` remembers, within one write, the next free id of each second already looked at:
    // a batch of orders from a busy minute walks the full seconds once, not once per order.
    let id = next.get(base);
    if (id === undefined) {
      const row = top.get(base, base + SLOTS) as { top: number | null };
      id = row.top === null ? base : row.top + 1;
    }
    if (id < base + SLOTS) {
      next.set(base, id + 1);
      return id;
    }
    next.set(base, id);
  }
  const { last } = prepared(db, 'SELECT max(id) AS last FROM orders').get() as { last: number };
  return last + 1;
}

const INSERT_ITEM = `INSERT INTO order_items (order_rowid, item_index, unique_id, sku_id, product_id,
  ean, ref_id, name, quantity, price, selling_price, seller) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`;
const INSERT_PAYMENT = `INSERT INTO order_payments (order_rowid, payment_index, transaction_id,
  payment_id, payment_system, payment_system_name, payment_group, value, installments)
  VALUES (?,?,?,?,?,?,?,?,?)`;
const INSERT_INVOICE = `INSERT INTO order_invoices (order_rowid, package_index, invoice_number, type,
  invoice_value, issuance_date, invoice_key, invoice_url, courier, tracking_number, tracking_url)
  VALUES (?,?,?,?,?,?,?,?,?,?,?)`;
const INSERT_FTS =
  'INSERT INTO orders_fts(rowid, order_ref, sequence, customer, items) VALUES (?, ?, ?, ?, ?)';

export interface UpsertResult {
  /** Order ids written (new, or newer than the cached copy). */
  stored: string[];
  /** Order ids whose document was not newer than the cached copy (by `lastChange`): ignored. */
  stale: string[];
}

/** Documents checked and turned into rows, ready for `writeOrders`; built outside any transaction. */
export interface PreparedOrders {
  orders: PreparedOrder[];
  /** Documents the cache refuses (e.g. an unreadable date), with the reason. */
  invalid: { orderId: string; reason: string }[];
}

/**
 * Derives the rows of every document up front; a document that cannot be stored is listed in
 * `invalid` instead (nothing is written for it). `cachedAt` defaults to the database clock.
 */
export function prepareOrders(
  db: DeskDb,
  docs: readonly OrderDocument[],
  cachedAt = clockOf(db).now(),
): PreparedOrders {
  const orders: PreparedOrder[] = [];
  const invalid: { orderId: string; reason: string }[] = [];
  for (const d of docs) {
    try {
      orders.push(prepareOrder(d, cachedAt));
    } catch (err) {
      if (!isDeskError(err, 'ORDER_DOC_INVALID')) throw err;
      invalid.push({ orderId: d.orderId, reason: err.message });
    }
  }
  return { orders, invalid };
}

/**
 * Stores VTEX order documents, newest wins: a document whose own `lastChange` is older than or
 * equal to the cached one is ignored (feed events and catch-up race, and VTEX may hand out an
 * older replica). Writes the row, replaces its items, payments and invoices and its search entry,
 * all in one transaction.
 * Throws DeskError ORDER_DOC_INVALID (nothing written) when a document's dates cannot be read.
 * Inside an outer transaction it writes in that transaction (see `writeOrders`).
 */
export function upsertOrders(db: DeskDb, docs: readonly OrderDocument[]): UpsertResult {
  const cachedAt = clockOf(db).now();
  return writeOrders(
    db,
    docs.map((d) => prepareOrder(d, cachedAt)),
  );
}

/**
 * Writes prepared documents (see upsertOrders), in ONE transaction: the caller's when one is open,
 * else its own. Deliberately no savepoint inside an open transaction: FTS5 flushes its pending
 * index data to a new segment at every savepoint, and a feed batch stored through nested
 * savepoints flushed the search index three times per batch (the ingest profile's largest
 * single cost). A failure then fails the caller's transaction, which must roll back, as
 * db.transaction does when the error leaves it.
 */
export function writeOrders(
  db: DeskDb,
  prepared_: readonly PreparedOrder[],
  opts: WriteOptions = {},
): UpsertResult {
  // Oldest first: new ids then reach the search index in ascending rowid order, which FTS5
  // appends cheaply; out-of-order rowids force it to flush a segment per order (2.5x slower
  // bulk loads). The sort is stable, so two copies of one order keep their given order.
  const orders = [...prepared_].sort((a, b) => a.creationMs - b.creationMs);
  const existing = prepared(db, 'SELECT id, last_change FROM orders WHERE order_id = ?');
  const insertOrder = prepared(db, INSERT_ORDER);
  const updateOrder = prepared(db, UPDATE_ORDER);
  const insertDoc = prepared(db, 'INSERT INTO order_docs (id, doc) VALUES (?, ?)');
  const updateDoc = prepared(db, 'UPDATE order_docs SET doc = ? WHERE id = ?');
  const delItems = prepared(db, 'DELETE FROM order_items WHERE order_rowid = ?');
  const delPayments = prepared(db, 'DELETE FROM order_payments WHERE order_rowid = ?');
  const delInvoices = prepared(db, 'DELETE FROM order_invoices WHERE order_rowid = ?');
  const delFts = prepared(db, 'DELETE FROM orders_fts WHERE rowid = ?');
  const insItem = prepared(db, INSERT_ITEM);
  const insPayment = prepared(db, INSERT_PAYMENT);
  const insInvoice = prepared(db, INSERT_INVOICE);
  const insFts = prepared(db, INSERT_FTS);
  const defer = opts.deferSearch === true;
  // An order already waiting keeps its `fresh` mark (it has no entry to delete either way) and
  // takes the newer text.
  const pend = prepared(
    db,
    `INSERT INTO search_pending (id, fresh, order_ref, sequence, customer, items)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET order_ref = excluded.order_ref,
       sequence = excluded.sequence, customer = excluded.customer, items = excluded.items`,
  );
  const unpend = prepared(db, 'DELETE FROM search_pending WHERE id = ?');

  const write = (): UpsertResult => {
    const nextIds = new Map<number, number>();
    const stored = new Set<string>();
    const stale: string[] = [];
    for (const o of orders) {
      const orderId = o.doc.orderId;
      const current = existing.get(orderId) as { id: number; last_change: string } | undefined;
      if (current) {
        const cached = parseVtexTime(current.last_change);
        // An unreadable cached time cannot win against a readable new one.
        if (cached && compareInstants(o.lastChange, cached) <= 0) {
          stale.push(orderId);
          continue;
        }
      }
      let id: number;
      if (current) {
        id = current.id;
        updateOrder.run({ ...o.row, id });
        updateDoc.run(o.docJson, id);
        delItems.run(id);
        delPayments.run(id);
        delInvoices.run(id);
        if (!defer) delFts.run(id);
      } else {
        id = newOrderId(db, o.creationMs, nextIds);
        insertOrder.run({ ...o.row, id });
        insertDoc.run(id, o.docJson);
      }
      for (const row of o.items) insItem.run(id, ...row);
      for (const row of o.payments) insPayment.run(id, ...row);
      for (const row of o.invoices) insInvoice.run(id, ...row);
      const c = searchColumns(o.doc);
      if (defer) {
        pend.run(id, current ? 0 : 1, c.orderRef, c.sequence, c.customer, c.items);
      } else {
        // Written now: a deferred entry still listed would be written a second time.
        unpend.run(id);
        insFts.run(id, c.orderRef, c.sequence, c.customer, c.items);
      }
      stored.add(orderId);
    }
    return { stored: [...stored], stale };
  };
  return db.inTransaction ? write() : db.transaction(write)();
}

// ---------------------------------------------------------------------------------------------
// Reading

export function getOrder(db: DeskDb, orderId: string): CachedOrder | undefined {
  const r = prepared(
    db,
    `SELECT ${rowColumns('o')}, d.doc FROM orders o JOIN order_docs d ON d.id = o.id
     WHERE o.order_id = ?`,
  ).get(orderId) as (RawRow & { doc: string }) | undefined;
  // The document was validated before upsertOrders stored it; the cache is re-fetchable anyway.
  return r ? { ...toOrderRow(r), doc: JSON.parse(r.doc) as OrderDocument } : undefined;
}

export function getOrderDoc(db: DeskDb, orderId: string): OrderDocument | undefined {
  const r = prepared(
    db,
    'SELECT d.doc FROM orders o JOIN order_docs d ON d.id = o.id WHERE o.order_id = ?',
  ).get(orderId) as { doc: string } | undefined;
  return r ? (JSON.parse(r.doc) as OrderDocument) : undefined;
}

export function getOrderBySequence(db: DeskDb, sequence: string): CachedOrder | undefined {
  const r = prepared(db, 'SELECT order_id FROM orders WHERE sequence = ? LIMIT 1').get(sequence) as
    { order_id: string } | undefined;
  return r ? getOrder(db, r.order_id) : undefined;
}

export type OrderSort =
  | 'creation_desc'
  | 'creation_asc'
  | 'value_desc'
  | 'value_asc'
  | 'last_change_desc'
  | 'last_change_asc';

const SORTS: Record<OrderSort, { column: string; desc: boolean; key: (r: OrderRow) => number }> = {
  creation_desc: { column: 'creation_date', desc: true, key: (r) => r.creationDate },
  creation_asc: { column: 'creation_date', desc: false, key: (r) => r.creationDate },
  value_desc: { column: 'value', desc: true, key: (r) => r.value },
  value_asc: { column: 'value', desc: false, key: (r) => r.value },
  last_change_desc: { column: 'last_change_ms', desc: true, key: (r) => r.lastChangeMs },
  last_change_asc: { column: 'last_change_ms', desc: false, key: (r) => r.lastChangeMs },
};

export const ORDER_SORTS = Object.keys(SORTS) as OrderSort[];

/** Where the next page starts: the sort key and order id of the last row shown. */
export interface KeysetCursor {
  sort: OrderSort;
  key: number;
  orderId: string;
}

export interface ListOrdersQuery {
  /** Only these statuses; omitted = all, empty = none. */
  statuses?: readonly string[];
  sort: OrderSort;
  after?: KeysetCursor | null;
  limit: number;
}

export interface ListOrdersPage {
  rows: OrderRow[];
  /** null when this page is the last one. */
  next: KeysetCursor | null;
}

export const MAX_PAGE = 1000;

/** Order ids are ASCII, where JS string order equals SQLite's BINARY collation. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One page of orders by keyset (the last row's sort key + order id), never OFFSET: each page is
 * an index range read, so page 500 costs what page 1 costs, and rows inserted while the user
 * scrolls neither repeat nor vanish. Several statuses run one index-ordered query per status and
 * merge, instead of letting SQLite sort every matching row.
 */
export function listOrders(db: DeskDb, q: ListOrdersQuery): ListOrdersPage {
  const sort = SORTS[q.sort];
  if (!sort) throw new DeskError('LIST_CURSOR_INVALID', `unknown sort ${String(q.sort)}`);
  const after = q.after ?? null;
  if (
    after &&
    (after.sort !== q.sort || !Number.isFinite(after.key) || typeof after.orderId !== 'string')
  ) {
    throw new DeskError('LIST_CURSOR_INVALID', `cursor for ${String(after.sort)}, list ${q.sort}`);
  }
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.trunc(q.limit) || 1));
  const dir = sort.desc ? 'DESC' : 'ASC';
  const cmp = sort.desc ? '<' : '>';
  const where: string[] = [];
  if (q.statuses) where.push('status = ?');
  if (after) where.push(`(${sort.column}, order_id) ${cmp} (?, ?)`);
  const sql = `SELECT ${rowColumns()} FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${sort.column} ${dir}, order_id ${dir} LIMIT ?`;
  const stmt = prepared(db, sql);
  const tail = after ? [after.key, after.orderId, limit + 1] : [limit + 1];

  let rows: OrderRow[];
  if (!q.statuses) {
    rows = (stmt.all(...tail) as RawRow[]).map(toOrderRow);
  } else {
    rows = [];
    for (const status of new Set(q.statuses)) {
      for (const r of stmt.all(status, ...tail) as RawRow[]) rows.push(toOrderRow(r));
    }
    const sign = sort.desc ? -1 : 1;
    rows.sort((a, b) => sign * (sort.key(a) - sort.key(b) || compareIds(a.orderId, b.orderId)));
    rows.length = Math.min(rows.length, limit + 1);
  }
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = rows.at(-1);
  return {
    rows,
    next: more && last ? { sort: q.sort, key: sort.key(last), orderId: last.orderId } : null,
  };
}

/** How many cached orders are in each status (for the filter chips). */
export function countByStatus(db: DeskDb): Record<string, number> {
  const rows = prepared(db, 'SELECT status, count(*) AS n FROM orders GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
  // fromEntries defines own properties, so even a status named "__proto__" stays a plain key.
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export function countOrders(db: DeskDb): number {
  return (prepared(db, 'SELECT count(*) AS n FROM orders').get() as { n: number }).n;
}
