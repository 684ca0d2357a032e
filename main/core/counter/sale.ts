import { randomBytes } from 'node:crypto';
import {
  PROCESS_WINDOW_MS,
  type ClientProfileAttachment,
  type OrderFormResponse,
  type OrderListRow,
} from '../../../vtex';
import type { Clock } from '../clock';
import { getOrder, getOrderDoc, upsertOrders, type DeskDb } from '../db';
import { currentDrawer, queueCashPayment } from '../drawer';
import { DeskError } from '../errors';
import { durably, getAction, queueAction, type Actor } from '../outbox';
import type { PrintJob, PrintTrigger } from '../print/jobs';
import type { PrintRequest } from '../print/queue';
import type { VtexClient } from '../vtex/client';
import { isVtexClientError } from '../vtex/errors';
import type { Sleep } from '../vtex/timing';
import {
  getSale,
  insertSale,
  updateSale,
  type SaleCustomer,
  type SaleError,
  type SaleLine,
  type SalePatch,
  type SaleRow,
} from './store';
import type { CounterSettings } from './settings';

/**
 * A counter sale, end to end: a cart at VTEX Checkout priced by VTEX, placed, processed (the
 * gateway callback), paid in cash through the cash drawer, handled, invoiced and its slip printed.
 *
 * Each step is written to the sale's row BEFORE its call to VTEX and its outcome right after, so
 * `runSale` can be called again at any time (after a crash, a kill, a failure) and carries on from
 * where the sale stopped. Placing is the one call that must never happen twice: the cart's
 * orderFormId is the sale's identity, and after any failure of the placement (a lost answer, a
 * crash while it was out) the desk reads VTEX's orders back and looks for that orderFormId before
 * it ever places again.
 */

export type CounterClient = Pick<
  VtexClient,
  | 'newCart'
  | 'addCartItems'
  | 'attachToCart'
  | 'placeCart'
  | 'processOrder'
  | 'listOrders'
  | 'getOrder'
>;

export interface SaleDeps {
  db: DeskDb;
  client: CounterClient;
  clock: Clock;
  actor: Actor;
  settings: CounterSettings;
  print: { print(req: PrintRequest, trigger?: PrintTrigger): Promise<PrintJob> } | null;
  /** A local write changed this order (wakes the sync engine, tells the screens). */
  onChange?(orderIds: readonly string[]): void;
  /** Waits between reads while VTEX opens the order's payment (injected in tests). */
  sleep?: Sleep;
}

export interface QuoteLineInput {
  skuId: string;
  seller: string;
  quantity: number;
}

export interface Quote {
  lines: SaleLine[];
  /** What the customer pays (cents): VTEX's cart total with pickup at this warehouse. */
  value: number;
  pickup: { slaId: string; name: string | null };
}

/** Attempts of an idempotent or read-back-guarded call within one run of the flow. */
const ATTEMPTS = 3;
/** Margin around the placement for the read-back's creation-date window (clocks differ). */
const READ_BACK_MARGIN_MS = 60 * 60_000;

function pickupOf(
  cart: OrderFormResponse,
  wanted: string | null,
): { slaId: string; name: string | null } {
  const slas = (cart.shippingData?.logisticsInfo ?? []).flatMap((li) => li.slas ?? []);
  const pickups = slas.filter((s) => s.deliveryChannel === 'pickup-in-point');
  const found = wanted ? pickups.find((s) => s.id === wanted) : pickups[0];
  if (!found) {
    throw new DeskError(
      'COUNTER_NO_PICKUP',
      wanted
        ? `VTEX does not offer the pickup point "${wanted}" set in Settings for these items (offered: ${pickups.map((p) => p.id).join(', ') || 'none'}).`
        : 'VTEX offers no pickup point for these items; the counter sale needs one (Settings → Counter sale).',
    );
  }
  return { slaId: found.id, name: found.pickupStoreInfo?.friendlyName ?? found.name ?? null };
}

function linesOf(cart: OrderFormResponse): SaleLine[] {
  return cart.items.map((it) => ({
    skuId: it.id,
    seller: it.seller,
    name: it.name ?? it.skuName ?? it.id,
    ean: it.ean ?? null,
    imageUrl: it.imageUrl ?? null,
    quantity: it.quantity,
    price: it.sellingPrice ?? it.price ?? 0,
  }));
}

/** A new cart with the items and pickup at this warehouse: VTEX's prices, stock and total. */
async function buildCart(
  client: CounterClient,
  settings: CounterSettings,
  lines: readonly QuoteLineInput[],
  onCart?: (orderFormId: string) => void,
): Promise<{ cart: OrderFormResponse; pickup: { slaId: string; name: string | null } }> {
  const empty = await client.newCart();
  onCart?.(empty.orderFormId);
  const id = empty.orderFormId;
  let cart = await client.addCartItems(id, {
    orderItems: lines.map((l) => ({ id: l.skuId, quantity: l.quantity, seller: l.seller })),
  });
  const pickup = pickupOf(cart, settings.pickupSla);
  cart = await client.attachToCart(id, 'shippingData', {
    logisticsInfo: cart.items.map((_, i) => ({
      itemIndex: i,
      selectedSla: pickup.slaId,
      selectedDeliveryChannel: 'pickup-in-point' as const,
    })),
  });
  return { cart, pickup };
}

/** Prices the lines at VTEX (a cart of its own, never placed). Online only. */
export async function quoteSale(
  client: CounterClient,
  settings: CounterSettings,
  lines: readonly QuoteLineInput[],
): Promise<Quote> {
  const { cart, pickup } = await buildCart(client, settings, lines);
  return { lines: linesOf(cart), value: cart.value, pickup };
}

export function clientProfile(
  customer: SaleCustomer,
  settings: CounterSettings,
): ClientProfileAttachment {
  if (customer.kind === 'final') {
    const [first, ...rest] = settings.finalConsumerName.trim().split(/\s+/);
    return {
      email: settings.email,
      firstName: first || 'Consumidor',
      lastName: rest.join(' ') || '-',
    };
  }
  const [first, ...rest] = customer.name.trim().split(/\s+/);
  const digits = customer.document.replace(/\D/g, '');
  return {
    email: settings.email,
    firstName: first || customer.name,
    lastName: rest.join(' ') || '-',
    document: digits || customer.document,
    documentType: digits.length === 14 ? 'cnpj' : 'cpf',
  };
}

export function newSaleId(now: number): string {
  return `CS-${now.toString(36).toUpperCase()}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

export interface NewSale {
  lines: SaleLine[];
  customer: SaleCustomer;
  /** The total the worker saw and the customer agreed to (cents). */
  value: number;
  /** Cash handed over (cents), at least the value. */
  received: number;
}

/** Records a sale on the station (nothing goes to VTEX yet). */
export function createSale(deps: Pick<SaleDeps, 'db' | 'actor'>, s: NewSale): SaleRow {
  if (s.lines.length === 0) throw new DeskError('COUNTER_SALE_STATE', 'Add at least one item.');
  if (s.received < s.value) {
    throw new DeskError(
      'CASH_NOT_ENOUGH',
      `${s.received} cents received is less than the ${s.value} cents due. Count the cash again.`,
    );
  }
  const now = deps.actor.clock.now();
  return insertSale(deps.db, {
    id: newSaleId(now),
    lines: s.lines,
    customer: s.customer,
    value: s.value,
    received: s.received,
    operator: deps.actor.operator,
    station: deps.actor.station,
    createdAt: now,
  });
}

function errorOf(step: SaleError['step'], err: unknown): SaleError {
  if (err instanceof DeskError) return { step, code: err.code, message: err.message };
  if (isVtexClientError(err)) return { step, code: err.code, message: err.message };
  return { step, code: 'INTERNAL', message: (err as Error)?.message ?? String(err) };
}

/** Whether VTEX may have applied the call whose answer did not come (timeout, reset, 5xx). */
function mayHaveApplied(err: unknown): boolean {
  return !isVtexClientError(err) || err.ambiguous || (err.status ?? 0) >= 500;
}

/** The order VTEX placed from this cart, if any (OMS List orders, matched on orderFormId). */
export async function findPlacedOrder(
  client: CounterClient,
  orderFormId: string,
  since: number,
  now: number,
): Promise<OrderListRow | null> {
  for (let page = 1; page <= 30; page++) {
    const res = await client.listOrders({
      creationDate: { from: since - READ_BACK_MARGIN_MS, to: now + READ_BACK_MARGIN_MS },
      orderBy: { field: 'creationDate', dir: 'desc' },
      page,
      perPage: 100,
    });
    const hit = res.list.find((r) => r.orderFormId === orderFormId);
    if (hit) return hit;
    if (page >= res.paging.pages) return null;
  }
  return null;
}

type Step = { next: true; sale: SaleRow } | { next: false; sale: SaleRow };
const go = (sale: SaleRow): Step => ({ next: true, sale });
const stop = (sale: SaleRow): Step => ({ next: false, sale });
/** Writes what stopped the sale (or where it now stands) and stops the run there. */
const halt = (deps: SaleDeps, id: string, patch: SalePatch): Step =>
  stop(updateSale(deps.db, id, patch, deps.clock.now()));

/**
 * Carries the sale on from its state until it is done or a step needs a person (its `error`
 * says which and why). Safe to call again at any time.
 */
export async function runSale(deps: SaleDeps, id: string): Promise<SaleRow> {
  let sale = getSale(deps.db, id);
  if (!sale) throw new DeskError('COUNTER_SALE_NOT_FOUND', `There is no counter sale ${id}.`);
  let justPrepared = false;
  for (let guard = 0; guard < 12; guard++) {
    let step: Step;
    switch (sale.state) {
      case 'draft':
        step = await prepareCart(deps, sale);
        justPrepared = step.next;
        break;
      case 'placing':
        step = await place(deps, sale, justPrepared);
        break;
      case 'placed':
        step = await processPlaced(deps, sale);
        break;
      case 'lost':
        return checkLost(deps, sale);
      case 'processed':
        step = await pay(deps, sale);
        break;
      case 'paid':
        step = handleAndInvoice(deps, sale);
        break;
      case 'invoiced':
        step = await printSlip(deps, sale);
        break;
      default:
        return sale;
    }
    sale = step.sale;
    if (!step.next) return sale;
  }
  return sale;
}

async function prepareCart(deps: SaleDeps, sale: SaleRow): Promise<Step> {
  const { db, clock } = deps;
  if (!currentDrawer(db)) {
    return halt(deps, sale.id, {
      error: {
        step: 'pay',
        code: 'DRAWER_NOT_OPEN',
        message: 'Open the cash drawer first: the cash of this sale goes into it.',
      },
    });
  }
  try {
    const { cart } = await buildCart(deps.client, deps.settings, sale.lines, (orderFormId) =>
      updateSale(db, sale.id, { orderFormId }, clock.now()),
    );
    const lines = linesOf(cart);
    if (cart.value !== sale.value) {
      // VTEX's price or stock moved since the worker saw the total: never take other money than agreed.
      return halt(deps, sale.id, {
        lines,
        value: cart.value,
        orderFormId: null,
        error: {
          step: 'place',
          code: 'COUNTER_PRICE_CHANGED',
          message: `VTEX's total is now ${cart.value} cents (it was ${sale.value}). Check the lines with the customer and place again.`,
        },
      });
    }
    if (sale.received < cart.value) {
      return halt(deps, sale.id, {
        orderFormId: null,
        error: {
          step: 'place',
          code: 'CASH_NOT_ENOUGH',
          message: `${sale.received} cents received is less than the ${cart.value} cents due.`,
        },
      });
    }
    await deps.client.attachToCart(
      cart.orderFormId,
      'clientProfileData',
      clientProfile(sale.customer, deps.settings),
    );
    await deps.client.attachToCart(cart.orderFormId, 'paymentData', {
      payments: [
        {
          paymentSystem: deps.settings.paymentSystem,
          value: cart.value,
          referenceValue: cart.value,
          installments: 1,
        },
      ],
    });
    // From here on VTEX may place this cart: the state is written before the call leaves.
    return go(
      updateSale(
        db,
        sale.id,
        { state: 'placing', lines, placingSince: clock.now(), error: null },
        clock.now(),
      ),
    );
  } catch (err) {
    // Nothing was placed: the next try starts from a fresh cart.
    return halt(deps, sale.id, { orderFormId: null, error: errorOf('place', err) });
  }
}

function lostFrom(deps: SaleDeps, sale: SaleRow, row: OrderListRow): SaleRow {
  const created = Date.parse(row.creationDate ?? '');
  return updateSale(
    deps.db,
    sale.id,
    {
      state: 'lost',
      orderId: row.orderId,
      orderGroup: null,
      placedAt: Number.isFinite(created) ? created : deps.clock.now(),
      error: {
        step: 'place',
        code: 'COUNTER_PLACEMENT_ANSWER_LOST',
        message: `VTEX placed order ${row.orderId} but its answer was lost on the way, and with it the permission to complete the order.`,
      },
    },
    deps.clock.now(),
  );
}

async function place(deps: SaleDeps, sale: SaleRow, fresh: boolean): Promise<Step> {
  const { db, clock, client } = deps;
  const ofid = sale.orderFormId;
  if (!ofid) {
    return go(updateSale(db, sale.id, { state: 'draft' }, clock.now()));
  }
  const since = sale.placingSince ?? sale.createdAt;
  let lastErr: unknown = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // A placement that may have left (a crash, a lost answer) is looked for before placing again.
    if (!fresh || attempt > 0) {
      try {
        const row = await findPlacedOrder(client, ofid, since, clock.now());
        if (row) return stop(lostFrom(deps, sale, row));
      } catch (err) {
        return halt(deps, sale.id, { error: errorOf('place', err) });
      }
    }
    try {
      const { placement, cookies } = await client.placeCart(ofid, {
        referenceId: ofid,
        value: sale.value,
        referenceValue: sale.value,
        interestValue: 0,
        savePersonalData: false,
        optinNewsLetter: false,
      });
      const order = placement.orders[0];
      if (!order) throw new DeskError('VTEX_BAD_RESPONSE', 'VTEX placed no order');
      return go(
        updateSale(
          db,
          sale.id,
          {
            state: 'placed',
            orderId: order.orderId,
            orderGroup: order.orderGroup,
            cookies,
            placedAt: clock.now(),
            error: null,
          },
          clock.now(),
        ),
      );
    } catch (err) {
      lastErr = err;
      if (!mayHaveApplied(err)) {
        // VTEX refused the cart (stock, price, data): nothing was placed. Start again from the lines.
        return halt(deps, sale.id, {
          state: 'draft',
          orderFormId: null,
          error: errorOf('place', err),
        });
      }
    }
  }
  return halt(deps, sale.id, { error: errorOf('place', lastErr) });
}

async function processPlaced(deps: SaleDeps, sale: SaleRow): Promise<Step> {
  const { db, clock, client } = deps;
  const orderId = sale.orderId ?? '';
  let lastErr: unknown = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      await client.processOrder(sale.orderGroup ?? '', sale.cookies ?? []);
      lastErr = null;
      break;
    } catch (err) {
      lastErr = err;
      // The callback is idempotent: a lost answer is simply sent again.
      if (!mayHaveApplied(err)) break;
    }
  }
  if (lastErr) {
    const expired = clock.now() >= (sale.placedAt ?? 0) + PROCESS_WINDOW_MS;
    if (!mayHaveApplied(lastErr) || expired) {
      // VTEX will not complete this order (too late, or refused): it cancels it as incomplete.
      return halt(deps, sale.id, {
        state: 'lost',
        cookies: null,
        error: errorOf('process', lastErr),
      });
    }
    return halt(deps, sale.id, { error: errorOf('process', lastErr) });
  }
  try {
    const doc = await waitForPayment(deps, orderId);
    upsertOrders(db, [doc]);
    deps.onChange?.([orderId]);
  } catch (err) {
    return halt(deps, sale.id, { state: 'processed', cookies: null, error: errorOf('pay', err) });
  }
  return go(
    updateSale(db, sale.id, { state: 'processed', cookies: null, error: null }, clock.now()),
  );
}

/** VTEX opens the order's payment a moment after the callback: read until it shows. */
async function waitForPayment(deps: SaleDeps, orderId: string) {
  for (let i = 0; ; i++) {
    const doc = await deps.client.getOrder(orderId);
    if (doc.status !== 'order-created' && doc.status !== 'order-accepted') return doc;
    if (i >= 4) return doc;
    await (deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms))))(1000);
  }
}

async function pay(deps: SaleDeps, sale: SaleRow): Promise<Step> {
  const { db, clock } = deps;
  const orderId = sale.orderId ?? '';
  if (!getOrder(db, orderId)) {
    try {
      upsertOrders(db, [await waitForPayment(deps, orderId)]);
    } catch (err) {
      return halt(deps, sale.id, { error: errorOf('pay', err) });
    }
  }
  if (!currentDrawer(db)) {
    return halt(deps, sale.id, {
      error: {
        step: 'pay',
        code: 'DRAWER_NOT_OPEN',
        message: 'Open the cash drawer to record this sale’s cash, then continue.',
      },
    });
  }
  const doc = getOrderDoc(db, orderId);
  const due = doc?.value ?? sale.value;
  const result = durably(db, () => {
    const r = queueCashPayment(db, deps.actor, { orderId, due, received: sale.received });
    if (!r.ok) return { ok: false as const, refusal: r.refusal };
    return {
      ok: true as const,
      sale: updateSale(
        db,
        sale.id,
        { state: 'paid', paymentActionId: r.actionId, error: null },
        clock.now(),
      ),
    };
  });
  if (!result.ok) {
    return halt(deps, sale.id, {
      error: { step: 'pay', code: result.refusal.code, message: result.refusal.message },
    });
  }
  deps.onChange?.([orderId]);
  return go(result.sale);
}

function handleAndInvoice(deps: SaleDeps, sale: SaleRow): Step {
  const { db, clock } = deps;
  const orderId = sale.orderId ?? '';
  let result:
    { ok: true; sale: SaleRow } | { ok: false; refusal: { code: string; message: string } };
  try {
    result = durably(db, () => {
      const handling = queueAction(db, deps.actor, {
        verb: 'start-handling',
        orderId,
        data: { afterCancelWindow: true },
      });
      if (!handling.ok) return handling;
      const invoice = queueAction(db, deps.actor, { verb: 'invoice', orderId, data: {} });
      if (!invoice.ok) throw new InvoiceRefused(invoice.refusal);
      const a = getAction(db, invoice.actionId);
      const invoiceNumber = a?.request.kind === 'invoice' ? a.request.body.invoiceNumber : null;
      return {
        ok: true as const,
        sale: updateSale(
          db,
          sale.id,
          {
            state: 'invoiced',
            handlingActionId: handling.actionId,
            invoiceActionId: invoice.actionId,
            invoiceNumber,
            error: null,
          },
          clock.now(),
        ),
      };
    });
  } catch (err) {
    if (!(err instanceof InvoiceRefused)) throw err;
    result = { ok: false, refusal: err.refusal };
  }
  if (!result.ok) {
    return halt(deps, sale.id, {
      error: { step: 'handle', code: result.refusal.code, message: result.refusal.message },
    });
  }
  deps.onChange?.([orderId]);
  return go(result.sale);
}

/** Rolls the start of handling back with the refused invoice (both or neither). */
class InvoiceRefused extends Error {
  constructor(readonly refusal: { code: string; message: string }) {
    super(refusal.message);
  }
}

async function printSlip(deps: SaleDeps, sale: SaleRow): Promise<Step> {
  const { db, clock } = deps;
  if (!deps.print) {
    return halt(deps, sale.id, {
      error: {
        step: 'print',
        code: 'PRINT_UNAVAILABLE',
        message: 'This desk has no printing; print the slip from the order.',
      },
    });
  }
  try {
    const job = await deps.print.print(
      { orderId: sale.orderId ?? '', invoiceNumber: sale.invoiceNumber ?? '' },
      'manual',
    );
    if (job.state === 'failed') {
      return halt(deps, sale.id, {
        printJobId: job.id,
        error: {
          step: 'print',
          code: 'PRINT_FAILED',
          message: job.reason ?? 'printing failed',
        },
      });
    }
    return go(
      updateSale(db, sale.id, { state: 'done', printJobId: job.id, error: null }, clock.now()),
    );
  } catch (err) {
    return halt(deps, sale.id, { error: errorOf('print', err) });
  }
}

/**
 * A placement whose answer was lost: the order exists at VTEX but the desk cannot complete it.
 * Reads it back; once VTEX shows it canceled, the sale may be placed again (`placeAgain`).
 */
async function checkLost(deps: SaleDeps, sale: SaleRow): Promise<SaleRow> {
  if (!sale.orderId) return sale;
  try {
    const doc = await deps.client.getOrder(sale.orderId);
    const canceled = doc.status === 'canceled' || doc.status === 'cancel';
    const code = canceled ? 'COUNTER_LOST_ORDER_CANCELED' : 'COUNTER_PLACEMENT_ANSWER_LOST';
    if (sale.error?.code === code) return sale;
    return updateSale(
      deps.db,
      sale.id,
      {
        error: {
          step: sale.error?.step ?? 'place',
          code,
          message: canceled
            ? `VTEX canceled order ${sale.orderId}; the sale can be placed again.`
            : (sale.error?.message ??
              `VTEX placed order ${sale.orderId}; the desk cannot complete it.`),
        },
      },
      deps.clock.now(),
    );
  } catch {
    // Offline or VTEX busy: the sale stays as it was; the screen asks again.
    return sale;
  }
}

/** After VTEX canceled the lost order: the same lines go to a new cart. */
export async function placeAgain(deps: SaleDeps, id: string): Promise<SaleRow> {
  const sale = getSale(deps.db, id);
  if (!sale) throw new DeskError('COUNTER_SALE_NOT_FOUND', `There is no counter sale ${id}.`);
  if (sale.state !== 'lost') {
    throw new DeskError(
      'COUNTER_SALE_STATE',
      `Counter sale ${id} is not waiting for a lost order.`,
    );
  }
  const checked = await checkLost(deps, sale);
  if (checked.error?.code !== 'COUNTER_LOST_ORDER_CANCELED') {
    throw new DeskError(
      'COUNTER_LOST_ORDER_OPEN',
      `VTEX has not canceled order ${sale.orderId} yet; placing again now could make a second order.`,
    );
  }
  updateSale(
    deps.db,
    id,
    {
      state: 'draft',
      lostOrderIds: [...sale.lostOrderIds, sale.orderId ?? ''],
      orderId: null,
      orderGroup: null,
      orderFormId: null,
      placingSince: null,
      placedAt: null,
      error: null,
    },
    deps.clock.now(),
  );
  return runSale(deps, id);
}

/** The sale is given up before anything was placed (or after its lost order was canceled). */
export function abandonSale(db: DeskDb, id: string, now: number): SaleRow {
  const sale = getSale(db, id);
  if (!sale) throw new DeskError('COUNTER_SALE_NOT_FOUND', `There is no counter sale ${id}.`);
  const canLeave =
    sale.state === 'draft' ||
    (sale.state === 'lost' && sale.error?.code === 'COUNTER_LOST_ORDER_CANCELED');
  if (!canLeave) {
    throw new DeskError(
      'COUNTER_SALE_STATE',
      `Counter sale ${id} has an order at VTEX (${sale.orderId ?? 'being placed'}); it cannot be dropped here.`,
    );
  }
  return updateSale(db, id, { state: 'abandoned' }, now);
}
