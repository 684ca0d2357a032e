import { prepared, type DeskDb } from '../db/connection';
import { durably } from '../outbox';

/** The rows of a counter sale and the catalogue the cache knows (see migration 0330). */

export const SALE_STATES = [
  'draft',
  'placing',
  'placed',
  'lost',
  'processed',
  'paid',
  'invoiced',
  'done',
  'abandoned',
] as const;
export type SaleState = (typeof SALE_STATES)[number];

export interface SaleLine {
  skuId: string;
  seller: string;
  name: string;
  ean: string | null;
  imageUrl: string | null;
  quantity: number;
  /** VTEX's selling price per unit (cents), as the cart showed it. */
  price: number;
}

export type SaleCustomer =
  { kind: 'final' } | { kind: 'identified'; document: string; name: string };

/** Why the flow stopped (the step it stopped at and VTEX's or the desk's words). */
export interface SaleError {
  step: 'place' | 'process' | 'pay' | 'handle' | 'print';
  code: string;
  message: string;
}

export interface SaleRow {
  id: string;
  state: SaleState;
  lines: SaleLine[];
  customer: SaleCustomer;
  value: number;
  received: number;
  orderFormId: string | null;
  placingSince: number | null;
  orderId: string | null;
  orderGroup: string | null;
  cookies: string[] | null;
  placedAt: number | null;
  lostOrderIds: string[];
  paymentActionId: string | null;
  handlingActionId: string | null;
  invoiceActionId: string | null;
  invoiceNumber: string | null;
  printJobId: string | null;
  error: SaleError | null;
  operator: string;
  station: string;
  createdAt: number;
  updatedAt: number;
}

interface RawSale {
  id: string;
  state: string;
  lines: string;
  customer: string;
  value: number;
  received: number;
  order_form_id: string | null;
  placing_since: number | null;
  order_id: string | null;
  order_group: string | null;
  cookies: string | null;
  placed_at: number | null;
  lost_order_ids: string;
  payment_action_id: string | null;
  handling_action_id: string | null;
  invoice_action_id: string | null;
  invoice_number: string | null;
  print_job_id: string | null;
  error: string | null;
  operator: string;
  station: string;
  created_at: number;
  updated_at: number;
}

function toSale(r: RawSale): SaleRow {
  return {
    id: r.id,
    state: r.state as SaleState,
    lines: JSON.parse(r.lines) as SaleLine[],
    customer: JSON.parse(r.customer) as SaleCustomer,
    value: r.value,
    received: r.received,
    orderFormId: r.order_form_id,
    placingSince: r.placing_since,
    orderId: r.order_id,
    orderGroup: r.order_group,
    cookies: r.cookies ? (JSON.parse(r.cookies) as string[]) : null,
    placedAt: r.placed_at,
    lostOrderIds: JSON.parse(r.lost_order_ids) as string[],
    paymentActionId: r.payment_action_id,
    handlingActionId: r.handling_action_id,
    invoiceActionId: r.invoice_action_id,
    invoiceNumber: r.invoice_number,
    printJobId: r.print_job_id,
    error: r.error ? (JSON.parse(r.error) as SaleError) : null,
    operator: r.operator,
    station: r.station,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function insertSale(
  db: DeskDb,
  s: Pick<
    SaleRow,
    'id' | 'lines' | 'customer' | 'value' | 'received' | 'operator' | 'station' | 'createdAt'
  >,
): SaleRow {
  durably(db, () =>
    prepared(
      db,
      `INSERT INTO counter_sales (id, state, lines, customer, value, received, operator, station,
         created_at, updated_at) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      s.id,
      JSON.stringify(s.lines),
      JSON.stringify(s.customer),
      s.value,
      s.received,
      s.operator,
      s.station,
      s.createdAt,
      s.createdAt,
    ),
  );
  const row = getSale(db, s.id);
  if (!row) throw new Error(`counter sale ${s.id} vanished`);
  return row;
}

export function getSale(db: DeskDb, id: string): SaleRow | undefined {
  const r = prepared(db, 'SELECT * FROM counter_sales WHERE id = ?').get(id) as RawSale | undefined;
  return r ? toSale(r) : undefined;
}

/** Sales not finished nor given up, newest first (the screen offers to resume them). */
export function openSales(db: DeskDb, limit = 20): SaleRow[] {
  const rows = prepared(
    db,
    `SELECT * FROM counter_sales WHERE state NOT IN ('done', 'abandoned')
       ORDER BY created_at DESC LIMIT ?`,
  ).all(limit) as RawSale[];
  return rows.map(toSale);
}

const COLUMNS: Record<keyof Omit<SaleRow, 'id' | 'operator' | 'station' | 'createdAt'>, string> = {
  state: 'state',
  lines: 'lines',
  customer: 'customer',
  value: 'value',
  received: 'received',
  orderFormId: 'order_form_id',
  placingSince: 'placing_since',
  orderId: 'order_id',
  orderGroup: 'order_group',
  cookies: 'cookies',
  placedAt: 'placed_at',
  lostOrderIds: 'lost_order_ids',
  paymentActionId: 'payment_action_id',
  handlingActionId: 'handling_action_id',
  invoiceActionId: 'invoice_action_id',
  invoiceNumber: 'invoice_number',
  printJobId: 'print_job_id',
  error: 'error',
  updatedAt: 'updated_at',
};

const JSON_FIELDS = new Set(['lines', 'customer', 'cookies', 'lostOrderIds', 'error']);

export type SalePatch = Partial<Omit<SaleRow, 'id' | 'operator' | 'station' | 'createdAt'>>;

/** Writes the changed fields durably (synchronous = FULL, like the outbox) and returns the row. */
export function updateSale(db: DeskDb, id: string, patch: SalePatch, now: number): SaleRow {
  const entries = Object.entries({ ...patch, updatedAt: now }).filter(([, v]) => v !== undefined);
  const sets = entries.map(([k]) => `${COLUMNS[k as keyof typeof COLUMNS]} = ?`).join(', ');
  const values = entries.map(([k, v]) =>
    JSON_FIELDS.has(k) ? (v === null ? null : JSON.stringify(v)) : (v as unknown),
  );
  durably(db, () => db.prepare(`UPDATE counter_sales SET ${sets} WHERE id = ?`).run(...values, id));
  const row = getSale(db, id);
  if (!row) throw new Error(`counter sale ${id} vanished`);
  return row;
}

// ---- the catalogue the cache knows ---------------------------------------------------------------

export interface CatalogItem {
  skuId: string;
  seller: string;
  name: string;
  ean: string | null;
  imageUrl: string | null;
}

interface DocItems {
  items?: {
    id?: unknown;
    ean?: unknown;
    name?: unknown;
    imageUrl?: unknown;
    seller?: unknown;
  }[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Reads the items of orders cached since the last call into the catalogue (a few thousand orders
 * per call, so a first call on a big cache stays short; the next calls carry on).
 */
export function refreshCatalog(db: DeskDb, now: number, batch = 5000): number {
  const meta = prepared(
    db,
    "SELECT value FROM counter_meta WHERE key = 'catalog_order_rowid'",
  ).get() as { value: string } | undefined;
  const from = Number(meta?.value ?? 0);
  const rows = prepared(db, 'SELECT id, doc FROM order_docs WHERE id > ? ORDER BY id LIMIT ?').all(
    from,
    batch,
  ) as { id: number; doc: string }[];
  if (rows.length === 0) return 0;
  const put = prepared(
    db,
    `INSERT INTO counter_catalog (sku_id, ean, name, image_url, seller, seen_at)
       VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (sku_id) DO UPDATE SET ean = coalesce(excluded.ean, ean), name = excluded.name,
       image_url = coalesce(excluded.image_url, image_url), seller = excluded.seller,
       seen_at = excluded.seen_at`,
  );
  db.transaction(() => {
    for (const r of rows) {
      let doc: DocItems;
      try {
        doc = JSON.parse(r.doc) as DocItems;
      } catch {
        continue;
      }
      for (const it of doc.items ?? []) {
        const id = str(it.id);
        const name = str(it.name);
        if (!id || !name) continue;
        put.run(id, str(it.ean), name, str(it.imageUrl), str(it.seller) ?? '1', now);
      }
    }
    prepared(
      db,
      `INSERT INTO counter_meta (key, value) VALUES ('catalog_order_rowid', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ).run(String(rows.at(-1)?.id ?? from));
  })();
  return rows.length;
}

/** Items by EAN or SKU id (exact), or by words of the name. */
export function searchCatalog(db: DeskDb, query: string, limit = 20): CatalogItem[] {
  const q = query.trim();
  if (!q) return [];
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = prepared(
    db,
    `SELECT sku_id, ean, name, image_url, seller FROM counter_catalog
       WHERE ean = @q OR sku_id = @q OR name LIKE @like ESCAPE '\\'
       ORDER BY (ean = @q OR sku_id = @q) DESC, name LIMIT @limit`,
  ).all({ q, like, limit }) as {
    sku_id: string;
    ean: string | null;
    name: string;
    image_url: string | null;
    seller: string;
  }[];
  return rows.map((r) => ({
    skuId: r.sku_id,
    seller: r.seller,
    name: r.name,
    ean: r.ean,
    imageUrl: r.image_url,
  }));
}
