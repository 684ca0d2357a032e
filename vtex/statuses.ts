/**
 * VTEX OMS status strings (digest §1.1). Unknown strings must still be accepted when read from the
 * wire (pitfall 9), so parsers use `z.string()` and these lists only drive rules and filters.
 */
export const ORDER_STATUSES = [
  'order-created',
  'order-completed',
  'on-order-completed',
  'order-accepted',
  'waiting-for-authorization',
  'payment-pending',
  'approve-payment',
  'payment-approved',
  'window-to-change-payment',
  'window-to-change-seller',
  'waiting-ffmt-authorization',
  'waiting-for-manual-authorization',
  'authorize-fulfillment',
  'release-to-fulfillment',
  'waiting-for-mkt-authorization',
  'waiting-seller-handling',
  'waiting-for-fulfillment',
  'window-to-cancel',
  'ready-for-handling',
  'start-handling',
  'handling',
  'ready-for-invoicing',
  'invoice',
  'invoiced',
  'request-cancel',
  'cancellation-requested',
  'waiting-for-seller-decision',
  'cancel',
  'canceled',
  'replaced',
] as const;

export type KnownOrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses accepted in a FromWorkflow feed filter that have no documented semantics (∅). */
export const FEED_ONLY_STATUSES = [
  'order-create-error',
  'order-creation-error',
  'invoice-after-cancellation-deny',
  'waiting-for-order-authorization',
] as const;

/** `f_status` values List orders accepts (digest §4.2). */
export const LIST_STATUS_FILTERS = [
  'waiting-for-sellers-confirmation',
  'payment-pending',
  'payment-approved',
  'ready-for-handling',
  'handling',
  'invoiced',
  'canceled',
] as const;

/** Final statuses: nothing changes an order afterwards except a return (Input) invoice. */
export const FINAL_STATUSES: readonly string[] = ['invoiced', 'canceled', 'replaced'];

/** Statuses in which a desk still has work to do; catch-up reconciles these. */
export const OPEN_STATUSES: readonly string[] = [
  'payment-pending',
  'payment-approved',
  'window-to-cancel',
  'ready-for-handling',
  'handling',
  'invoice',
];

export function isKnownStatus(s: string): s is KnownOrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(s);
}
