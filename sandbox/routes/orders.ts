import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CancelRequest, InvoiceRequest, LIST_STATUS_FILTERS } from '../../vtex';
import { markEffect } from '../app';
import type { SandboxContext } from '../context';
import { badRequest, notFound, oms, orderNotFound } from '../http/errors';
import {
  addInteraction,
  addTrackingEvents,
  applyInvoice,
  approvePayment,
  cancelOrder,
  findOrder,
  patchInvoice,
  startHandling,
} from '../state/actions';
import { changeSummary } from '../state/changes';
import { listMessages } from '../state/conversations';
import type { Db } from '../state/db';
import { listIndex } from '../state/order-list';
import { listInteractions } from '../state/interactions';
import { statusDelayMs } from '../state/passing';

/**
 * The Orders API (OMS) endpoints of the OpenAPI except feed, hook, JSONata, checkout and the
 * order-system change API: reads (get, list, group, conversation, payment transaction, user
 * orders, change summary) and writes (start-handling, cancel, invoice, tracking, interactions,
 * payment notification). Writes live in state/actions.ts; every applied write calls markEffect.
 */

type Params = Record<string, string>;
type Query = Record<string, string | string[] | undefined>;

const params = (req: FastifyRequest): Params => req.params as Params;
const query = (req: FastifyRequest): Query => (req.query ?? {}) as Query;

/** One value of a query parameter (the first when repeated). */
function q1(req: FastifyRequest, name: string): string | undefined {
  const v = query(req)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** All values of a query parameter, repeated and/or comma-separated. */
function qAll(req: FastifyRequest, name: string): string[] {
  const v = query(req)[name];
  const raw = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return raw
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// ---- raw document reads ------------------------------------------------------------------------

const statements = new WeakMap<
  Db,
  { byId: ReturnType<Db['prepare']>; bySeq: ReturnType<Db['prepare']> }
>();

/**
 * The stored JSON of an order, sent as is: Get order is the hottest read (the benchmark compares it
 * with a trivial route), and parsing then re-serialising the document would only cost time. Read
 * as bytes (the UTF-8 SQLite holds): a JS string would be decoded here, measured for its
 * Content-Length and encoded again on the socket, three passes over 5–20 KB per request.
 */
function rawOrder(db: Db, id: string): Buffer | undefined {
  let s = statements.get(db);
  if (!s) {
    s = {
      byId: db.prepare('SELECT CAST(doc AS BLOB) AS doc FROM orders WHERE order_id = ?'),
      bySeq: db.prepare('SELECT CAST(doc AS BLOB) AS doc FROM orders WHERE sequence = ?'),
    };
    statements.set(db, s);
  }
  const row = (id.startsWith('seq') ? s.bySeq.get(id.slice(3)) : s.byId.get(id)) as
    { doc: Buffer } | undefined;
  return row?.doc;
}

// ---- list orders -------------------------------------------------------------------------------

const MAX_PAGE = 30;
const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 15;

function intParam(
  raw: string | undefined,
  name: string,
  def: number,
  min: number,
  max: number,
  why: string,
): number {
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim()))
    throw badRequest(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw badRequest(`${name} must be from ${min} to ${max}, got ${n}${why}`);
  return n;
}

/** `creationDate:[2022-01-01T02:00:00.000Z TO 2022-01-02T01:59:59.999Z]`; `*` leaves an end open. */
function parseRange(raw: string, name: string): { from: number | null; to: number | null } {
  // The OpenAPI's own example for f_authorizedDate carries the `creationDate:` prefix: the field
  // named by the parameter decides, whatever word precedes the colon.
  const m = /^\s*(?:[A-Za-z]+:)?\[\s*(\S+)\s+TO\s+(\S+)\s*\]\s*$/.exec(
    raw.replace(/ (\d{2}:?\d{2})(?=\s+TO|\s*\])/g, '+$1'),
  );
  const bound = (s: string | undefined): number | null | undefined => {
    if (s === undefined || s === '*') return null;
    const t = Date.parse(s);
    return Number.isNaN(t) ? undefined : t;
  };
  const from = bound(m?.[1]);
  const to = bound(m?.[2]);
  if (!m || from === undefined || to === undefined) {
    throw badRequest(
      `${name} must look like ${name.replace(/^f_/, '')}:[2026-01-01T00:00:00.000Z TO 2026-01-31T23:59:59.999Z] (use * for an open end), got "${raw}"`,
    );
  }
  return { from, to };
}

const STATUS_ALIASES: Record<string, string> = {
  // List orders calls VTEX's waiting-for-authorization by its Admin name (digest §1.1 ⚠).
  'waiting-for-sellers-confirmation': 'waiting-for-authorization',
};

/** Columns of the list index (state/order-list.ts) for each documented `orderBy` field. */
const ORDER_BY_FIELDS: Record<string, string> = {
  creationDate: 'creation_ms',
  orderId: 'order_id',
  items: 'total_items',
  totalValue: 'value',
  origin: 'origin',
};

interface Where {
  sql: string[];
  args: unknown[];
}

function addRange(w: Where, column: string, r: { from: number | null; to: number | null }): void {
  if (r.from !== null) {
    w.sql.push(`${column} >= ?`);
    w.args.push(r.from);
  }
  if (r.to !== null) {
    w.sql.push(`${column} <= ?`);
    w.args.push(r.to);
  }
}

function likeArg(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const placeholders = (values: unknown[]) => values.map(() => '?').join(',');

function listWhere(req: FastifyRequest): Where {
  const w: Where = { sql: [], args: [] };
  // Only the values VTEX documents for f_status (the OpenAPI's List orders); others get 400,
  // which a real account may answer too.
  const known = new Set<string>(LIST_STATUS_FILTERS);
  const statuses = qAll(req, 'f_status');
  if (statuses.length) {
    const bad = statuses.filter((s) => !known.has(s));
    if (bad.length) {
      throw badRequest(
        `f_status has unknown status ${bad.map((b) => `"${b}"`).join(', ')}; use ${LIST_STATUS_FILTERS.join(', ')}`,
      );
    }
    w.sql.push(`status IN (${placeholders(statuses)})`);
    w.args.push(...statuses.map((s) => STATUS_ALIASES[s] ?? s));
  }
  const created = q1(req, 'f_creationDate');
  if (created) addRange(w, 'creation_ms', parseRange(created, 'f_creationDate'));
  const authorized = q1(req, 'f_authorizedDate');
  if (authorized) addRange(w, 'authorized_ms', parseRange(authorized, 'f_authorizedDate'));
  const invoiced = q1(req, 'f_invoicedDate');
  if (invoiced) addRange(w, 'invoiced_ms', parseRange(invoiced, 'f_invoicedDate'));
  const hasInput = q1(req, 'f_hasInputInvoice');
  if (hasInput !== undefined && hasInput !== '') {
    if (hasInput !== 'true' && hasInput !== 'false')
      throw badRequest(`f_hasInputInvoice must be true or false, got "${hasInput}"`);
    w.sql.push(`has_input = ${hasInput === 'true' ? 1 : 0}`);
  }
  const text = q1(req, 'q');
  if (text !== undefined && text.trim() !== '') {
    if (text.includes('+'))
      throw badRequest('q must not contain "+": VTEX\'s full-text search does not accept it');
    w.sql.push(`search LIKE ? ESCAPE '\\'`);
    w.args.push(likeArg(text.trim().toLowerCase()));
  }
  const salesChannel = q1(req, 'salesChannelId') ?? q1(req, 'f_salesChannel');
  if (salesChannel) {
    w.sql.push('sales_channel = ?');
    w.args.push(salesChannel);
  }
  const affiliates = qAll(req, 'f_affiliateId');
  if (affiliates.length) {
    w.sql.push(`affiliate_id IN (${placeholders(affiliates)})`);
    w.args.push(...affiliates);
  }
  const paymentNames = qAll(req, 'f_paymentNames');
  if (paymentNames.length) {
    w.sql.push(`(${paymentNames.map(() => "payment_names LIKE ? ESCAPE '\\'").join(' OR ')})`);
    w.args.push(...paymentNames.map((n) => `%\n${n.replace(/[\\%_]/g, (c) => `\\${c}`)}\n%`));
  }
  const incomplete = q1(req, 'incompleteOrders');
  if (incomplete === 'true' || incomplete === 'false') {
    w.sql.push(
      `status ${incomplete === 'true' ? '' : 'NOT '}IN ('order-created', 'order-create-error', 'order-creation-error')`,
    );
  }
  return w;
}

/** The statistics block of List orders (VTEX uses the sample standard deviation). */
function stat(values: number[], facets: unknown, integers: boolean) {
  const n = values.length;
  const sum = values.reduce((s, v) => s + v, 0);
  const sumSq = values.reduce((s, v) => s + v * v, 0);
  const mean = n ? sum / n : 0;
  const variance = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : 0;
  const std = Math.sqrt(Math.max(0, variance));
  return {
    Count: n,
    Max: values.reduce((m, v) => Math.max(m, v), n ? -Infinity : 0),
    Mean: integers ? Math.round(mean) : mean,
    Min: values.reduce((m, v) => Math.min(m, v), n ? Infinity : 0),
    Missing: 0,
    StdDev: integers ? Math.round(std) : std,
    Sum: sum,
    SumOfSquares: sumSq,
    Facets: facets,
  };
}

interface StatRow {
  v: number;
  n: number;
  o: string | null;
  c: string | null;
}

function stats(rows: StatRow[], integers: boolean) {
  const block = (pick: (r: StatRow) => number) => {
    const facet = (keep: (r: StatRow) => boolean) =>
      stat(rows.filter(keep).map(pick), null, integers);
    const currencies = new Set(['BRL', ...rows.map((r) => r.c ?? 'BRL')]);
    return stat(
      rows.map(pick),
      {
        origin: {
          Fulfillment: facet((r) => r.o !== 'Marketplace'),
          Marketplace: facet((r) => r.o === 'Marketplace'),
        },
        currencyCode: Object.fromEntries(
          [...currencies].map((cur) => [cur, facet((r) => (r.c ?? 'BRL') === cur)]),
        ),
      },
      integers,
    );
  };
  return { stats: { totalValue: block((r) => r.v), totalItems: block((r) => r.n) } };
}

interface Page {
  rows: Record<string, unknown>[];
  total: number;
  page: number;
  perPage: number;
  statRows: StatRow[];
}

/** One page of the list index plus the statistics over every matching order. */
function queryPage(
  ctx: SandboxContext,
  w: Where,
  orderBy: string,
  page: number,
  perPage: number,
  withItems: boolean,
): Page {
  listIndex(ctx).refresh();
  const where = w.sql.length ? `WHERE ${w.sql.join(' AND ')}` : '';
  const statRows = ctx.db
    .prepare(
      `SELECT value AS v, total_items AS n, origin AS o, currency AS c FROM order_list ${where}`,
    )
    .all(...w.args) as StatRow[];
  const rows = (
    ctx.db
      .prepare(`SELECT row, items FROM order_list ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`)
      .all(...w.args, perPage, (page - 1) * perPage) as { row: string; items: string }[]
  ).map((r) => {
    const row = JSON.parse(r.row) as Record<string, unknown>;
    return withItems ? { ...row, items: JSON.parse(r.items) as unknown } : row;
  });
  return { rows, total: statRows.length, page, perPage, statRows };
}

function paging(p: Page) {
  return {
    total: p.total,
    pages: Math.ceil(p.total / p.perPage),
    currentPage: p.page,
    perPage: p.perPage,
  };
}

function orderByClause(raw: string | undefined): string {
  if (raw === undefined || raw === '') return 'creation_ms DESC, order_id DESC';
  const [field = '', dir = 'desc'] = raw.split(',').map((s) => s.trim());
  const column = ORDER_BY_FIELDS[field];
  const d = dir.toLowerCase();
  if (!column || (d !== 'asc' && d !== 'desc')) {
    throw badRequest(
      `orderBy must be FIELD,asc or FIELD,desc with FIELD one of ${Object.keys(ORDER_BY_FIELDS).join(', ')}, got "${raw}"`,
    );
  }
  return `${column} ${d.toUpperCase()}, order_id ${d.toUpperCase()}`;
}

// ---- payment transaction -----------------------------------------------------------------------

/** The gateway's view of the transaction, derived from where the order is in its flow. */
function transactionStatus(status: string): string {
  if (status === 'canceled' || status === 'cancel') return 'Cancelled';
  if (status === 'invoiced') return 'Finished';
  if (
    [
      'order-created',
      'order-completed',
      'on-order-completed',
      'payment-pending',
      'approve-payment',
    ].includes(status)
  ) {
    return 'Authorizing';
  }
  return 'Approved';
}

function paymentView(p: Record<string, unknown>): Record<string, unknown> {
  const s = (k: string) => (typeof p[k] === 'string' ? p[k] : null);
  const cr = (p.connectorResponses ?? {}) as Record<string, unknown>;
  return {
    ...p,
    id: p.id,
    paymentSystem: String(p.paymentSystem ?? ''),
    paymentSystemName: s('paymentSystemName') ?? '',
    value: p.value,
    installments: typeof p.installments === 'number' ? p.installments : 1,
    referenceValue: typeof p.referenceValue === 'number' ? p.referenceValue : p.value,
    cardHolder: s('cardHolder'),
    cardNumber: s('cardNumber'),
    // Typed as non-null strings by the OpenAPI even for payments without a card.
    firstDigits: s('firstDigits') ?? '',
    lastDigits: s('lastDigits') ?? '',
    cvv2: null,
    expireMonth: s('expireMonth'),
    expireYear: s('expireYear'),
    url: s('url'),
    giftCardId: s('giftCardId'),
    giftCardName: s('giftCardName'),
    giftCardCaption: s('giftCardCaption'),
    redemptionCode: s('redemptionCode'),
    group: s('group') ?? '',
    tid: s('tid') ?? '',
    dueDate: s('dueDate'),
    connectorResponses: {
      ...cr,
      Tid: typeof cr.Tid === 'string' ? cr.Tid : (s('tid') ?? ''),
      ReturnCode: typeof cr.ReturnCode === 'string' ? cr.ReturnCode : null,
      Message: typeof cr.Message === 'string' ? cr.Message : null,
      authId: typeof cr.authId === 'string' ? cr.authId : '',
    },
  };
}

// ---- routes ------------------------------------------------------------------------------------

/** Change v1 was switched off on 2026-03-01 (digest §4.5); VTEX now points to order modifications. */
const CHANGE_V1_GONE =
  'Change v1 (POST /api/oms/pvt/orders/{orderId}/changes) was switched off on 2026-03-01. ' +
  'Use order modifications instead: PATCH /api/order-system/orders/{changeOrderId}/changes?an={accountName} ' +
  '(preview with POST /api/order-system/orders/{changeOrderId}/changes/preview).';

function requireEmail(req: FastifyRequest): string {
  const email = q1(req, 'clientEmail');
  if (!email || !email.trim()) {
    throw badRequest('clientEmail is required: user orders are listed for one customer e-mail');
  }
  return email.trim().toLowerCase();
}

export function registerOrderRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const sendRaw = (reply: FastifyReply, json: Buffer) =>
    reply.type('application/json; charset=utf-8').send(json);

  app.get('/api/oms/pvt/orders/:orderId', async (req, reply) => {
    const { orderId = '' } = params(req);
    const raw = rawOrder(ctx.db, orderId);
    if (raw === undefined) throw orderNotFound(orderId);
    return sendRaw(reply, raw);
  });

  app.get('/api/oms/pvt/orders', async (req) => {
    const page = intParam(
      q1(req, 'page'),
      'page',
      1,
      1,
      MAX_PAGE,
      ` (List orders returns at most ${MAX_PAGE} pages; narrow the search with filters such as f_creationDate)`,
    );
    const perPage = intParam(
      q1(req, 'per_page'),
      'per_page',
      DEFAULT_PER_PAGE,
      1,
      MAX_PER_PAGE,
      '',
    );
    const where = listWhere(req);
    const result = queryPage(ctx, where, orderByClause(q1(req, 'orderBy')), page, perPage, false);
    return {
      list: result.rows,
      facets: [],
      paging: paging(result),
      stats: stats(result.statRows, false),
      reportRecordsLimit: MAX_PAGE * MAX_PER_PAGE,
    };
  });

  app.get('/api/oms/pvt/orders/order-group/:orderGroup', async (req) => {
    const { orderGroup = '' } = params(req);
    const docs = ctx.orders.byGroup(orderGroup);
    if (docs.length === 0) throw notFound(`Order group ${orderGroup} not found`);
    return docs;
  });

  app.post('/api/oms/pvt/orders/:orderId/start-handling', async (req, reply) => {
    const doc = startHandling(ctx, params(req).orderId ?? '', statusDelayMs(ctx));
    markEffect(req, doc.orderId);
    return reply.code(204).send();
  });

  app.post('/api/oms/pvt/orders/:orderId/cancel', async (req) => {
    const body = CancelRequest.parse(req.body ?? {});
    const { changed, ...receipt } = cancelOrder(
      ctx,
      params(req).orderId ?? '',
      body.reason,
      body.requestedByUser,
      statusDelayMs(ctx),
    );
    markEffect(req, receipt.orderId, changed);
    return receipt;
  });

  app.post('/api/oms/pvt/orders/:orderId/changes', async () => {
    throw oms(410, '410', CHANGE_V1_GONE);
  });

  app.post('/api/oms/pvt/orders/:orderId/interactions', async (req, reply) => {
    const it = addInteraction(ctx, params(req).orderId ?? '', req.body);
    markEffect(req, it.orderId);
    return reply.code(200).send();
  });

  // Sandbox extension: the Orders API can add interactions but not read them back (VTEX shows
  // them only in the Admin's timeline). The desk and tests read them here; the header says so.
  app.get('/api/oms/pvt/orders/:orderId/interactions', async (req, reply) => {
    const order = findOrder(ctx, params(req).orderId ?? '');
    void reply.header('x-vtex-sandbox-extension', 'interactions');
    return listInteractions(ctx.db, order.orderId);
  });

  app.post('/api/oms/pvt/orders/:orderId/invoice', async (req) => {
    const { changed, ...receipt } = applyInvoice(
      ctx,
      params(req).orderId ?? '',
      InvoiceRequest.parse(req.body),
      statusDelayMs(ctx),
    );
    markEffect(req, receipt.orderId, changed);
    return receipt;
  });

  app.patch('/api/oms/pvt/orders/:orderId/invoice/:invoiceNumber', async (req) => {
    const p = params(req);
    const { changed, ...receipt } = patchInvoice(
      ctx,
      p.orderId ?? '',
      p.invoiceNumber ?? '',
      req.body,
    );
    markEffect(req, receipt.orderId, changed);
    return receipt;
  });

  app.put('/api/oms/pvt/orders/:orderId/invoice/:invoiceNumber/tracking', async (req) => {
    const p = params(req);
    const { changed, ...receipt } = addTrackingEvents(
      ctx,
      p.orderId ?? '',
      p.invoiceNumber ?? '',
      req.body,
    );
    markEffect(req, receipt.orderId, changed);
    return receipt;
  });

  app.get('/api/oms/pvt/orders/:orderId/conversation-message', async (req) => {
    const order = findOrder(ctx, params(req).orderId ?? '');
    return listMessages(ctx, order.orderId);
  });

  // VTEX documents this route for marketplace orders only; the sandbox answers for every order,
  // since a desk wants to see any order's payment.
  app.get('/api/oms/pvt/orders/:orderId/payment-transaction', async (req) => {
    const order = findOrder(ctx, params(req).orderId ?? '');
    const t = order.paymentData?.transactions?.[0];
    if (!t) throw notFound(`Order ${order.orderId} has no payment transaction`);
    const canceled = order.status === 'canceled' || order.status === 'cancel';
    return {
      status: transactionStatus(order.status),
      isActive: canceled ? false : (t.isActive ?? true),
      transactionId: t.transactionId ?? '',
      merchantName: t.merchantName ?? ctx.options.accountName.toUpperCase(),
      payments: t.payments.map((p) => paymentView(p as Record<string, unknown>)),
    };
  });

  app.post(
    '/api/oms/pvt/orders/:orderId/payments/:paymentId/payment-notification',
    async (req, reply) => {
      const p = params(req);
      const doc = approvePayment(
        ctx,
        p.orderId ?? '',
        p.paymentId ?? '',
        'notification',
        statusDelayMs(ctx),
      );
      markEffect(req, doc.orderId);
      return reply.code(200).send();
    },
  );

  app.get('/api/oms/user/orders', async (req) => {
    const email = requireEmail(req);
    const page = intParam(q1(req, 'page'), 'page', 1, 1, 10_000, '');
    const perPage = intParam(
      q1(req, 'per_page'),
      'per_page',
      DEFAULT_PER_PAGE,
      1,
      MAX_PER_PAGE,
      '',
    );
    const w: Where = { sql: ['client_email = ?'], args: [email] };
    const statuses = qAll(req, 'status');
    if (statuses.length) {
      w.sql.push(`status IN (${placeholders(statuses)})`);
      w.args.push(...statuses);
    }
    const created = q1(req, 'creation_date');
    if (created) addRange(w, 'creation_ms', parseRange(created, 'creation_date'));
    const result = queryPage(ctx, w, 'creation_ms DESC, order_id DESC', page, perPage, true);
    return {
      list: result.rows,
      facets: [],
      paging: paging(result),
      stats: stats(result.statRows, true),
    };
  });

  app.get('/api/oms/user/orders/:orderId', async (req) => {
    const email = requireEmail(req);
    const { orderId = '' } = params(req);
    const doc = ctx.orders.get(orderId);
    // Another customer's order answers like a missing one: existence is not disclosed.
    if (!doc || (doc.clientProfileData?.email ?? '').toLowerCase() !== email)
      throw orderNotFound(orderId);
    return doc;
  });

  app.get('/api/orders/pvt/document/:orderId/change-summary', async (req) =>
    changeSummary(ctx, params(req).orderId ?? ''),
  );
}
