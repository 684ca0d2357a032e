import { z } from 'zod';
import { ActionState, Cents, EpochMs, OrderId } from './orders';
import { PrintJob, SlipKind } from './print';

/**
 * The station's cash drawer: one per shift, opened with the float counted at the start, holding
 * every cash payment (amount due, received, change — recorded with its action), refunds and cash
 * in/out, and closed with the operator's count; the difference is kept. Local station data (VTEX
 * keeps no amounts for these payments), so every channel works offline. Money in integer cents.
 */

const Money = Cents.nonnegative().max(1_000_000_000_00);

export const DrawerTotals = z.strictObject({
  openingFloat: Cents,
  /** Cash kept from sales (Σ amount due). */
  sales: Cents,
  salesCount: z.number().int().nonnegative(),
  /** What customers handed over, and what went back as change. */
  received: Cents,
  change: Cents,
  refunds: Cents,
  refundsCount: z.number().int().nonnegative(),
  cashIn: Cents,
  cashOut: Cents,
  /** float + sales − refunds + cash in − cash out. */
  expected: Cents,
});
export type DrawerTotals = z.output<typeof DrawerTotals>;

export const DrawerView = z.strictObject({
  id: z.string(),
  /** The drawer's number at this station (1, 2, …). */
  number: z.number().int().positive(),
  station: z.string(),
  /** The currency of its cash (from the first cash payment); null until then. */
  currency: z.string().nullable(),
  state: z.enum(['open', 'closed']),
  openedAt: EpochMs,
  openedBy: z.string(),
  openingFloat: Cents,
  /** false: opened by a cash payment, with no float counted first. */
  floatCounted: z.boolean(),
  closedAt: EpochMs.nullable(),
  closedBy: z.string().nullable(),
  /** Fixed at the close. */
  expected: Cents.nullable(),
  counted: Cents.nullable(),
  /** counted − expected: positive is cash over, negative cash short. */
  difference: Cents.nullable(),
  closeNote: z.string().nullable(),
  totals: DrawerTotals,
});
export type DrawerView = z.output<typeof DrawerView>;

export const MovementKind = z.enum(['sale', 'refund', 'cash-in', 'cash-out']);
export type MovementKind = z.output<typeof MovementKind>;

export const MovementView = z.strictObject({
  id: z.string(),
  kind: MovementKind,
  /** Always positive; `kind` says which way the cash went. */
  amount: Cents,
  orderId: z.string().nullable(),
  /** The order as people name it (#sequence), when the desk has it. */
  orderLabel: z.string().nullable(),
  actionId: z.string().nullable(),
  /** Sales: where the payment's action is (waiting to sync, at VTEX, refused, discarded). */
  actionState: ActionState.nullable(),
  due: Cents.nullable(),
  received: Cents.nullable(),
  change: Cents.nullable(),
  note: z.string().nullable(),
  operator: z.string(),
  at: EpochMs,
});
export type MovementView = z.output<typeof MovementView>;

export const DrawerDetail = z.strictObject({
  drawer: DrawerView,
  movements: z.array(MovementView),
});
export type DrawerDetail = z.output<typeof DrawerDetail>;

export const DrawerNow = z.strictObject({
  /** The open drawer with its lines; null when none is open. */
  open: DrawerDetail.nullable(),
  /** The last closed drawer (what the end of the previous shift left), if any. */
  lastClosed: DrawerView.nullable(),
});
export type DrawerNow = z.output<typeof DrawerNow>;

const NoPayload = z.strictObject({}).optional();
const DrawerId = z.string().trim().min(1).max(64);
const Note = z.string().trim().max(500).optional();

export const OpenDrawerRequest = z.strictObject({
  /** The cash counted in the drawer at the start of the shift. */
  openingFloat: Money,
});

export const DrawerMoveRequest = z.strictObject({
  /** refund: cash given back to a customer; cash-in / cash-out: change brought in, a bank drop. */
  kind: z.enum(['refund', 'cash-in', 'cash-out']),
  amount: Money.refine((n) => n > 0, 'the amount must be more than zero'),
  /** The order a refund is for. */
  orderId: OrderId.optional(),
  note: Note,
});

export const CloseDrawerRequest = z.strictObject({
  /** The cash the operator counted in the drawer at the end of the shift. */
  counted: Money,
  note: Note,
});

export const DrawerRequest = z.strictObject({ drawerId: DrawerId });

export const DrawerListRequest = z
  .strictObject({
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(200).default(20),
  })
  .optional();

export const DrawerListResponse = z.strictObject({
  drawers: z.array(DrawerView),
  next: z.number().int().nullable(),
});

export const PrintReportRequest = z.strictObject({
  drawerId: DrawerId,
  /** thermal: the 80 mm slip printer; sheet: A4/Letter (also saved as PDF). */
  kind: SlipKind.default('thermal'),
  dialog: z.boolean().default(false),
});

export const drawerContract = {
  'drawer:get': { request: NoPayload, response: DrawerNow },
  'drawer:get-one': { request: DrawerRequest, response: DrawerDetail },
  'drawer:list': { request: DrawerListRequest, response: DrawerListResponse },
  'drawer:open': { request: OpenDrawerRequest, response: DrawerDetail },
  'drawer:move': { request: DrawerMoveRequest, response: DrawerDetail },
  'drawer:close': { request: CloseDrawerRequest, response: DrawerDetail },
  'drawer:print-report': { request: PrintReportRequest, response: PrintJob },
} as const;
