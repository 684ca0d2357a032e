import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context';
import { schema } from './db';

/**
 * Checkout's state: order groups placed and waiting for their gateway callback, the tiny cart
 * (orderForm) store, and the marketplace's window to change seller. Each table is created on use,
 * so a control-API reset that empties or drops tables leaves the module working.
 */

/** The gateway callback must arrive within 5 minutes of placing the order (digest §5). */
export const CALLBACK_WINDOW_MS = 5 * 60_000;

/** VTEX's default window to change seller, in days; it accepts 0 to 30. */
export const DEFAULT_CHANGE_SELLER_DAYS = 2;
export const MAX_CHANGE_SELLER_DAYS = 30;

function ensure(ctx: SandboxContext): void {
  schema(
    ctx.db,
    `CREATE TABLE IF NOT EXISTS checkout_groups (
       order_group TEXT PRIMARY KEY,
       placed_ms INTEGER NOT NULL,
       auth_token TEXT NOT NULL,
       data_access_token TEXT NOT NULL,
       callback_ms INTEGER
     );
     CREATE TABLE IF NOT EXISTS checkout_order_forms (
       order_form_id TEXT PRIMARY KEY,
       created_ms INTEGER NOT NULL,
       cart TEXT NOT NULL
     );
     CREATE TABLE IF NOT EXISTS checkout_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  );
}

export interface PlacedGroup {
  orderGroup: string;
  placedMs: number;
  authToken: string;
  dataAccessToken: string;
  callbackMs: number | null;
}

/** Records a placed group; returns the two cookies' values the caller must send back. */
export function recordPlacedGroup(ctx: SandboxContext, orderGroup: string): PlacedGroup {
  ensure(ctx);
  const g: PlacedGroup = {
    orderGroup,
    placedMs: ctx.clock.now(),
    authToken: randomBytes(32).toString('base64'),
    dataAccessToken: randomBytes(32).toString('base64'),
    callbackMs: null,
  };
  ctx.db
    .prepare(
      'INSERT INTO checkout_groups (order_group, placed_ms, auth_token, data_access_token, callback_ms) VALUES (?, ?, ?, ?, NULL)',
    )
    .run(g.orderGroup, g.placedMs, g.authToken, g.dataAccessToken);
  return g;
}

export function placedGroup(
  ctx: SandboxContext,
  orderGroup: string | null | undefined,
): PlacedGroup | undefined {
  if (!orderGroup) return undefined;
  ensure(ctx);
  const row = ctx.db
    .prepare('SELECT * FROM checkout_groups WHERE order_group = ?')
    .get(orderGroup) as
    | {
        order_group: string;
        placed_ms: number;
        auth_token: string;
        data_access_token: string;
        callback_ms: number | null;
      }
    | undefined;
  return row
    ? {
        orderGroup: row.order_group,
        placedMs: row.placed_ms,
        authToken: row.auth_token,
        dataAccessToken: row.data_access_token,
        callbackMs: row.callback_ms,
      }
    : undefined;
}

export function markCallback(ctx: SandboxContext, orderGroup: string): void {
  ensure(ctx);
  ctx.db
    .prepare('UPDATE checkout_groups SET callback_ms = ? WHERE order_group = ?')
    .run(ctx.clock.now(), orderGroup);
}

/** Placed through Checkout and still waiting for its gateway callback. */
export function isAwaitingCallback(
  ctx: SandboxContext,
  orderGroup: string | null | undefined,
): boolean {
  const g = placedGroup(ctx, orderGroup);
  return g !== undefined && g.callbackMs === null;
}

// ---- window to change seller ----------------------------------------------------------------------

export function changeSellerWindowDays(ctx: SandboxContext): number {
  ensure(ctx);
  const row = ctx.db
    .prepare("SELECT value FROM checkout_settings WHERE name = 'window-to-change-seller'")
    .get() as { value: string } | undefined;
  return row ? Number(row.value) : DEFAULT_CHANGE_SELLER_DAYS;
}

export function setChangeSellerWindowDays(ctx: SandboxContext, days: number): void {
  ensure(ctx);
  ctx.db
    .prepare(
      "INSERT INTO checkout_settings (name, value) VALUES ('window-to-change-seller', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
    )
    .run(String(days));
}

// ---- carts (orderForm) -------------------------------------------------------------------------

export interface CartItem {
  id: string;
  quantity: number;
  seller: string;
}

export interface CartLogistics {
  itemIndex: number;
  selectedSla: string;
  selectedDeliveryChannel: 'delivery' | 'pickup-in-point';
}

export interface CartPayment {
  paymentSystem: string;
  value: number;
  referenceValue: number;
  installments: number;
}

/** The sandbox's own record of a cart; routes/checkout.ts renders it as VTEX's orderForm. */
export interface Cart {
  orderFormId: string;
  salesChannel: string;
  items: CartItem[];
  clientProfileData: Record<string, unknown> | null;
  address: Record<string, unknown> | null;
  logisticsInfo: CartLogistics[];
  payments: CartPayment[];
  /** Set once an order was placed from this cart (a cart places one order). */
  orderGroup: string | null;
}

export function createCart(ctx: SandboxContext, salesChannel = '1'): Cart {
  ensure(ctx);
  const cart: Cart = {
    orderFormId: randomBytes(16).toString('hex'),
    salesChannel,
    items: [],
    clientProfileData: null,
    address: null,
    logisticsInfo: [],
    payments: [],
    orderGroup: null,
  };
  ctx.db
    .prepare('INSERT INTO checkout_order_forms (order_form_id, created_ms, cart) VALUES (?, ?, ?)')
    .run(cart.orderFormId, ctx.clock.now(), JSON.stringify(cart));
  return cart;
}

export function getCart(ctx: SandboxContext, orderFormId: string): Cart | undefined {
  ensure(ctx);
  const row = ctx.db
    .prepare('SELECT cart FROM checkout_order_forms WHERE order_form_id = ?')
    .get(orderFormId) as { cart: string } | undefined;
  return row ? (JSON.parse(row.cart) as Cart) : undefined;
}

export function saveCart(ctx: SandboxContext, cart: Cart): void {
  ensure(ctx);
  ctx.db
    .prepare('UPDATE checkout_order_forms SET cart = ? WHERE order_form_id = ?')
    .run(JSON.stringify(cart), cart.orderFormId);
}
