import {
  QUEUE_STATUSES,
  type ListOrdersResponse,
  type MatchKind,
  type OrderCounts,
  type OrderRow,
  type OrderSort,
  type Queue,
  type SearchHit,
  type SearchOrdersResponse,
} from '../../preload/contract';
import {
  countByStatus,
  countOrders,
  listOrders,
  searchOrders,
  type DeskDb,
  type KeysetCursor,
  type OrderRow as CachedRow,
} from '../core/db';
import { prepared } from '../core/db/connection';
import { rowColumns, toOrderRow, type RawOrderRow } from '../core/db/orders';
import { IpcRefusal } from './errors';

/**
 * The list side of the desk over the cache: queues with keyset paging, live counts, the scan box.
 * Orders with actions waiting to sync are placed by the status those actions lead to (a
 * just-handled order is in Handling, "waiting to sync"): the few rows of `order_local_state` are
 * read alongside every page and merged in, so paging stays an index range read.
 */

/** What the outbox shows for an order while its actions wait (order_local_state). */
export interface LocalInfo {
  orderId: string;
  /** The status the waiting actions lead to. */
  status: string;
  label: string;
  pending: number;
  attention: number;
  /** VTEX's status of the order. */
  vtexStatus: string;
}

/**
 * CROSS JOIN fixes the loop order: the few local rows outside, an index lookup per row into
 * orders. With a plain JOIN and no statistics the planner scanned all of `orders` instead
 * (4–5 ms at 100k orders), and this runs on every list page and filter keystroke.
 */
export const LOCAL_STATES_SQL = `SELECT l.order_id AS orderId, l.status, l.label, l.pending,
       l.attention, o.status AS vtexStatus
  FROM order_local_state l CROSS JOIN orders o ON o.order_id = l.order_id`;

export function localStates(db: DeskDb): Map<string, LocalInfo> {
  const rows = prepared(db, LOCAL_STATES_SQL).all() as LocalInfo[];
  return new Map(rows.map((r) => [r.orderId, r]));
}

function localOf(db: DeskDb, orderId: string): LocalInfo | undefined {
  return prepared(
    db,
    `SELECT l.order_id AS orderId, l.status, l.label, l.pending, l.attention,
            o.status AS vtexStatus
       FROM order_local_state l JOIN orders o ON o.order_id = l.order_id
      WHERE l.order_id = ?`,
  ).get(orderId) as LocalInfo | undefined;
}

export function toRow(r: CachedRow, local: LocalInfo | undefined): OrderRow {
  return {
    orderId: r.orderId,
    sequence: r.sequence,
    status: r.status,
    displayStatus: local?.status ?? r.status,
    syncState: !local ? 'synced' : local.attention > 0 ? 'attention' : 'pending',
    pendingLabel: local?.label ?? null,
    pendingCount: local?.pending ?? 0,
    hasAttention: (local?.attention ?? 0) > 0,
    creationDate: r.creationDate,
    lastChange: r.lastChangeMs,
    customerName: r.customerName,
    value: r.value,
    currency: r.currency,
    itemsCount: r.itemsCount,
    origin: r.origin,
    marketplace: r.affiliateId,
    salesChannel: r.salesChannel,
    isPickup: r.isPickup,
  };
}

export function cachedRow(db: DeskDb, orderId: string): CachedRow | undefined {
  const r = prepared(db, `SELECT ${rowColumns()} FROM orders WHERE order_id = ?`).get(orderId) as
    RawOrderRow | undefined;
  return r ? toOrderRow(r) : undefined;
}

/** The list row of one order, as the screens show it (with its local state). */
export function orderRowOf(db: DeskDb, orderId: string): OrderRow | undefined {
  const r = cachedRow(db, orderId);
  return r ? toRow(r, localOf(db, orderId)) : undefined;
}

/** The queue an order is counted in by status (null: none of the status queues). */
export function queueOfStatus(status: string): Exclude<Queue, 'attention' | 'all'> | null {
  for (const [queue, statuses] of Object.entries(QUEUE_STATUSES)) {
    if ((statuses as readonly string[]).includes(status)) {
      return queue as Exclude<Queue, 'attention' | 'all'>;
    }
  }
  return null;
}

function inQueue(queue: Queue, row: OrderRow): boolean {
  if (queue === 'all') return true;
  if (queue === 'attention') return row.hasAttention;
  return (QUEUE_STATUSES[queue] as readonly string[]).includes(row.displayStatus);
}

// ---- keyset cursors -------------------------------------------------------------------------

const SORT_KEY: Record<OrderSort, { desc: boolean; key: (r: OrderRow) => number }> = {
  creation_desc: { desc: true, key: (r) => r.creationDate },
  creation_asc: { desc: false, key: (r) => r.creationDate },
  value_desc: { desc: true, key: (r) => r.value },
  value_asc: { desc: false, key: (r) => r.value },
  last_change_desc: { desc: true, key: (r) => r.lastChange },
  last_change_asc: { desc: false, key: (r) => r.lastChange },
};

/** The list's order: the sort key, then the order id (both in the sort's direction). */
function compareRows(sort: OrderSort): (a: OrderRow, b: OrderRow) => number {
  const { desc, key } = SORT_KEY[sort];
  const sign = desc ? -1 : 1;
  return (a, b) => {
    const d = key(a) - key(b);
    if (d !== 0) return sign * d;
    return sign * (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0);
  };
}

/** Whether `row` comes after the cursor position in the list's order. */
function afterCursor(sort: OrderSort, cursor: KeysetCursor | null, row: OrderRow): boolean {
  if (!cursor) return true;
  const { desc, key } = SORT_KEY[sort];
  const k = key(row);
  if (k !== cursor.key) return desc ? k < cursor.key : k > cursor.key;
  return desc ? row.orderId < cursor.orderId : row.orderId > cursor.orderId;
}

interface CursorBody {
  s: OrderSort;
  k: number;
  o: string;
  /** The queue and filter the cursor belongs to: a cursor is refused on another list. */
  q: string;
}

function encodeCursor(sort: OrderSort, scope: string, row: OrderRow): string {
  const body: CursorBody = { s: sort, k: SORT_KEY[sort].key(row), o: row.orderId, q: scope };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decodeCursor(text: string, sort: OrderSort, scope: string): KeysetCursor {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw new IpcRefusal('LIST_CURSOR_INVALID');
  }
  if (
    body.s !== sort ||
    body.q !== scope ||
    typeof body.k !== 'number' ||
    !Number.isFinite(body.k) ||
    typeof body.o !== 'string'
  ) {
    throw new IpcRefusal('LIST_CURSOR_INVALID');
  }
  return { sort, key: body.k, orderId: body.o };
}

// ---- queues ---------------------------------------------------------------------------------

export interface ListQuery {
  queue: Queue;
  filter?: string | undefined;
  sort: OrderSort;
  cursor?: string | null | undefined;
  limit: number;
}

/** Most matches a text filter pages through (the search index's bound). */
export const FILTER_MATCH_LIMIT = 500;

/**
 * The first page of a filter in the default newest-first order, without building every match:
 * the search streams text matches newest first, so the newest `limit` matches of the queue are
 * among the first ones it returns, next to the exact id/sequence/EAN hits (any age), which come
 * first. Typing into the filter asks for exactly this page on every key (ui.filterP95Ms), and
 * building and sorting 500 matches per key was most of its cost. Returns null when the sample
 * holds too few rows of the queue to be sure, and the caller takes the full path.
 */
function firstPageByNewest(
  db: DeskDb,
  q: ListQuery,
  filter: string,
  locals: ReturnType<typeof localStates>,
): OrderRow[] | null {
  if (q.cursor || q.sort !== 'creation_desc') return null;
  const sample = Math.min(FILTER_MATCH_LIMIT, (q.limit + 1) * 2);
  const hits = searchOrders(db, filter, sample);
  const exact = hits.filter((h) => h.matchedBy !== 'text').length;
  const rows = hits.map((h) => toRow(h, locals.get(h.orderId))).filter((r) => inQueue(q.queue, r));
  // Every match left out is a text match older than each text match kept; with more than
  // `limit` text rows of this queue kept, none of those left out can reach the first page.
  const complete = hits.length < sample || rows.length - exact > q.limit;
  return complete ? rows : null;
}

export function listQueue(db: DeskDb, q: ListQuery): ListOrdersResponse {
  const filter = q.filter?.trim() ?? '';
  const scope = `${q.queue}|${filter}`;
  const cursor = q.cursor ? decodeCursor(q.cursor, q.sort, scope) : null;
  const locals = localStates(db);
  const cmp = compareRows(q.sort);

  // Small sets (a filter's matches, the orders in Needs attention) are sorted and paged in
  // memory; they are bounded, and the cursor works the same on them.
  let small: OrderRow[] | null = null;
  let truncated = false;
  if (filter !== '') {
    small = firstPageByNewest(db, q, filter, locals);
    if (!small) {
      const hits = searchOrders(db, filter, FILTER_MATCH_LIMIT);
      truncated = hits.length >= FILTER_MATCH_LIMIT;
      small = hits.map((h) => toRow(h, locals.get(h.orderId))).filter((r) => inQueue(q.queue, r));
    }
  } else if (q.queue === 'attention') {
    small = [];
    for (const l of locals.values()) {
      if (l.attention === 0) continue;
      const r = cachedRow(db, l.orderId);
      if (r) small.push(toRow(r, l));
    }
  }
  if (small) {
    const rows = small.filter((r) => afterCursor(q.sort, cursor, r)).sort(cmp);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      rows: page,
      nextCursor: rows.length > q.limit && last ? encodeCursor(q.sort, scope, last) : null,
      truncated,
    };
  }

  const statuses =
    q.queue === 'all' || q.queue === 'attention'
      ? undefined
      : (QUEUE_STATUSES[q.queue] as readonly string[]);
  const page = listOrders(db, {
    ...(statuses ? { statuses } : {}),
    sort: q.sort,
    after: cursor,
    limit: q.limit,
  });
  const rows = page.rows
    .map((r) => toRow(r, locals.get(r.orderId)))
    .filter((r) => inQueue(q.queue, r));
  const lastBase = page.rows.at(-1);
  if (statuses) {
    // Orders whose waiting actions move them into this queue from another status.
    const boundary = page.next && lastBase ? toRow(lastBase, undefined) : null;
    for (const l of locals.values()) {
      if (!statuses.includes(l.status) || statuses.includes(l.vtexStatus)) continue;
      const r = cachedRow(db, l.orderId);
      if (!r) continue;
      const row = toRow(r, l);
      if (!afterCursor(q.sort, cursor, row)) continue;
      // Beyond this page's last row, it belongs to a later page (which merges it then).
      if (boundary && cmp(row, boundary) > 0) continue;
      rows.push(row);
    }
  }
  rows.sort(cmp);
  if (rows.length > q.limit) {
    rows.length = q.limit;
    const last = rows.at(-1);
    return {
      rows,
      nextCursor: last ? encodeCursor(q.sort, scope, last) : null,
      truncated: false,
    };
  }
  const next =
    page.next && lastBase ? encodeCursor(q.sort, scope, toRow(lastBase, undefined)) : null;
  return { rows, nextCursor: next, truncated: false };
}

export function queueCounts(db: DeskDb): OrderCounts {
  const byStatus = countByStatus(db);
  const counts: OrderCounts = {
    ready: 0,
    handling: 0,
    'awaiting-payment': 0,
    invoiced: 0,
    canceled: 0,
    attention: 0,
    all: countOrders(db),
  };
  for (const [status, n] of Object.entries(byStatus)) {
    const queue = queueOfStatus(status);
    if (queue) counts[queue] += n;
  }
  for (const l of localStates(db).values()) {
    if (l.attention > 0) counts.attention += 1;
    if (l.status === l.vtexStatus) continue;
    const from = queueOfStatus(l.vtexStatus);
    const to = queueOfStatus(l.status);
    if (from) counts[from] = Math.max(0, counts[from] - 1);
    if (to) counts[to] += 1;
  }
  return counts;
}

// ---- the scan box ---------------------------------------------------------------------------

/** Orders with this invoice number: at VTEX (cached) or made here and still waiting. */
function invoiceHits(db: DeskDb, text: string, limit: number): CachedRow[] {
  const cached = prepared(
    db,
    `SELECT ${rowColumns('o')} FROM order_invoices i JOIN orders o ON o.id = i.order_rowid
      WHERE i.invoice_number = ? LIMIT ?`,
  ).all(text, limit) as RawOrderRow[];
  const local = prepared(
    db,
    `SELECT ${rowColumns('o')} FROM outbox_actions a JOIN orders o ON o.order_id = a.order_id
      WHERE a.kind = 'invoice' AND a.state <> 'discarded'
        AND json_extract(a.payload, '$.invoiceNumber') = ? LIMIT ?`,
  ).all(text, limit) as RawOrderRow[];
  return [...cached, ...local].map(toOrderRow);
}

const IDENTIFIERS: readonly MatchKind[] = ['order-id', 'sequence', 'invoice-number', 'ean'];

export function scan(db: DeskDb, text: string, limit: number): SearchOrdersResponse {
  const query = text.normalize('NFC').trim();
  const locals = localStates(db);
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  const add = (r: CachedRow, matchedBy: MatchKind) => {
    if (seen.has(r.orderId) || hits.length >= limit) return;
    seen.add(r.orderId);
    hits.push({ ...toRow(r, locals.get(r.orderId)), matchedBy });
  };
  const found = searchOrders(db, query, limit);
  // The scanner's identifiers first: order id and sequence, then an invoice number, then EAN.
  for (const h of found)
    if (h.matchedBy === 'order-id' || h.matchedBy === 'sequence') add(h, h.matchedBy);
  if (!/\s/.test(query) && query.length <= 64) {
    for (const r of invoiceHits(db, query, limit)) add(r, 'invoice-number');
  }
  for (const h of found) add(h, h.matchedBy);
  const identified = hits.filter((h) => IDENTIFIERS.includes(h.matchedBy));
  return { hits, exact: identified.length === 1 && hits[0] === identified[0] };
}
