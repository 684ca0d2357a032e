import { z } from 'zod';
import { ActionView, Cents, EpochMs, OrderId } from './orders';

/**
 * The actions of the contract. Each is validated and queued locally in one durable write and
 * answered at once with its `actionId`; the sync engine sends it to VTEX (exactly one effect) and
 * the screens follow it through `orders:changed`, `sync:status-changed` and `attention:changed`.
 * A refusal is a failed DeskResult with a stable code (NO_OPERATOR, ORDER_NOT_READY_FOR_HANDLING,
 * INVOICE_QUANTITY_EXCEEDED, …) and a sentence for the worker. Payloads are the outbox's own
 * (main/core/outbox/kinds.ts), plus `orderId`.
 */

const text = z.string().trim().min(1);
const optionalText = z.string().trim().max(500).nullish();

export const StartHandlingRequest = z.strictObject({ orderId: OrderId });

export const CashCount = z.strictObject({
  /** What the customer owes for this payment (integer cents); must equal the payment's value. */
  due: Cents.nonnegative(),
  /** What the customer handed over (integer cents); at least `due`. */
  received: Cents.nonnegative(),
});

export const RecordPaymentRequest = z.strictObject({
  orderId: OrderId,
  /** The payment to record; when absent, the order's only pending offline payment. */
  paymentId: text.max(64).optional(),
  /** For cash: the count at the till. The answer's `change` is what to give back. */
  cash: CashCount.optional(),
});

export const InvoiceItemInput = z.strictObject({
  /** SKU id of the order item. */
  id: text.max(64),
  quantity: z.number().int().positive(),
  /** Unit price in whole cents, as the order charges it; when absent, the order's selling price. */
  price: z.number().int().positive().optional(),
  description: optionalText,
});

export const InvoiceRequest = z.strictObject({
  orderId: OrderId,
  /** Output: a sale (full or partial); Input: a return (only after the full invoice). */
  type: z.enum(['Output', 'Input']).default('Output'),
  /** When absent: every unit left to invoice (Output) or every unit invoiced and not returned. */
  items: z.array(InvoiceItemInput).min(1).max(500).optional(),
  /** When absent, one is made from the station's invoice number pattern. */
  invoiceNumber: text.max(64).optional(),
  /** When absent: computed from the items (or the rest of the order value when all are left). */
  invoiceValue: Cents.positive().optional(),
  /** ISO 8601 with its UTC offset; when absent, now at the station's offset. */
  issuanceDate: text.max(40).optional(),
  invoiceKey: optionalText,
  invoiceUrl: optionalText,
  courier: optionalText,
  trackingNumber: optionalText,
  trackingUrl: optionalText,
  volumes: z.number().int().positive().max(9999).nullish(),
});

export const TrackingEventInput = z.strictObject({
  description: text.max(500),
  /** When it happened (ISO 8601). */
  date: text.max(40),
  city: optionalText,
  state: optionalText,
});

/**
 * Either tracking data for an invoice (number/URL/courier) or tracking events / delivered, not
 * both in one call: VTEX takes them on two endpoints (the outbox says so with ACTION_BAD_DATA).
 */
export const TrackingRequest = z.strictObject({
  orderId: OrderId,
  /** When absent, the order's only Output invoice. */
  invoiceNumber: text.max(64).optional(),
  trackingNumber: optionalText,
  trackingUrl: optionalText,
  courier: optionalText,
  dispatchedDate: optionalText,
  isDelivered: z.boolean().optional(),
  deliveredDate: optionalText,
  events: z.array(TrackingEventInput).max(100).optional(),
});

export const CancelRequest = z.strictObject({
  orderId: OrderId,
  reason: text.max(500),
});

export const NoteRequest = z.strictObject({
  orderId: OrderId,
  message: text.max(2000),
});

/** The answer to an action: queued, with what the order now shows. */
export const ActionQueued = z.strictObject({
  actionId: z.string(),
  orderId: z.string(),
  /** The status the order shows now (the optimistic one while the action waits). */
  displayStatus: z.string(),
  /** e.g. "handling — waiting to sync". */
  label: z.string().nullable(),
  /** The invoice number of an invoice action (drawn from the pattern when none was given). */
  invoiceNumber: z.string().nullable(),
  /** Cash only: what to give back (received − due), integer cents. */
  change: Cents.nullable(),
});
export type ActionQueued = z.output<typeof ActionQueued>;

export const PendingActionsRequest = z
  .strictObject({ limit: z.number().int().min(1).max(500).default(100) })
  .optional();

export const ActionList = z.strictObject({
  actions: z.array(ActionView),
  /** How many there are in all (the list may be cut at `limit`). */
  total: z.number().int().nonnegative(),
});

// ---- Needs attention ------------------------------------------------------------------------

export const AttentionItem = ActionView.extend({
  /** For the list: who the order is, without opening it. */
  sequence: z.string().nullable(),
  customerName: z.string().nullable(),
  orderStatus: z.string().nullable(),
});
export type AttentionItem = z.output<typeof AttentionItem>;

export const AttentionListRequest = z
  .strictObject({ limit: z.number().int().min(1).max(500).default(200) })
  .optional();

export const AttentionListResponse = z.strictObject({
  items: z.array(AttentionItem),
  total: z.number().int().nonnegative(),
});

export const ActionIdRequest = z.strictObject({ actionId: text.max(80) });

export const AttentionEditRequest = z.strictObject({
  actionId: text.max(80),
  /**
   * The action's new data, as for its verb without `orderId` (e.g. `{reason}` for a cancel,
   * `{items, invoiceNumber, …}` for an invoice). Validated like a new action.
   */
  data: z.record(z.string(), z.unknown()),
});

export const AttentionDiscardRequest = z.strictObject({
  actionId: text.max(80),
  /** Why it is given up (kept with the action). */
  reason: text.max(500),
});

export const ActionChanged = z.strictObject({
  actionId: z.string(),
  orderId: z.string(),
  displayStatus: z.string(),
  label: z.string().nullable(),
  at: EpochMs,
});
export type ActionChanged = z.output<typeof ActionChanged>;

export const actionsContract = {
  'actions:start-handling': { request: StartHandlingRequest, response: ActionQueued },
  'actions:record-payment': { request: RecordPaymentRequest, response: ActionQueued },
  'actions:invoice': { request: InvoiceRequest, response: ActionQueued },
  'actions:tracking': { request: TrackingRequest, response: ActionQueued },
  'actions:cancel': { request: CancelRequest, response: ActionQueued },
  'actions:note': { request: NoteRequest, response: ActionQueued },
  'actions:pending': { request: PendingActionsRequest, response: ActionList },
  'attention:list': { request: AttentionListRequest, response: AttentionListResponse },
  'attention:retry': { request: ActionIdRequest, response: ActionChanged },
  'attention:edit': { request: AttentionEditRequest, response: ActionChanged },
  'attention:discard': { request: AttentionDiscardRequest, response: ActionChanged },
} as const;
