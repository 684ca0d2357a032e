import { z } from 'zod';
import { ActionQueued } from './actions';
import { Cents, OrderId } from './orders';

/**
 * Changing the items of an order (VTEX order change v2): a missing or damaged item is taken out
 * or replaced. The preview and the change history need VTEX (OFFLINE otherwise); the change
 * itself is an action like the others: queued at once, sent by the sync engine exactly once,
 * followed until VTEX has applied it. Without a preview (offline) it is sent only when it
 * refunds and brings no new SKU; a charge or a new price goes to Needs attention.
 */

const text = z.string().trim().min(1);

export const ChangeLineInput = z.strictObject({
  /** SKU id: of an item of the order (remove, replace from), of the catalogue (replace to). */
  id: text.max(64),
  quantity: z.number().int().positive().max(9999),
});

const ChangeLines = {
  remove: z.array(ChangeLineInput).max(100).optional(),
  replace: z
    .array(z.strictObject({ from: ChangeLineInput, to: ChangeLineInput }))
    .max(100)
    .optional(),
};

export const ChangePreviewRequest = z.strictObject({
  orderId: OrderId,
  reason: text.max(500),
  ...ChangeLines,
});

export const ChangePreviewResponse = z.strictObject({
  /** Cents: negative is refunded to the customer, positive is charged. */
  totalChangeValue: Cents,
  totals: z.array(z.strictObject({ id: z.string(), value: Cents })),
  /** The order's value once the change is applied. */
  newOrderValue: Cents,
});
export type ChangePreviewResponse = z.output<typeof ChangePreviewResponse>;

export const ChangeRequest = ChangePreviewRequest.extend({
  /** The preview's value the worker confirmed; absent when queued offline without a preview. */
  approvedChangeValue: Cents.optional(),
});

export const ChangeView = z.strictObject({
  requestId: z.string(),
  status: z.string().nullable(),
  inProgress: z.boolean().nullable(),
  /** Stopped without being applied: VTEX waits for retry or cancel. */
  failed: z.boolean(),
  reason: z.string().nullable(),
  totalChangeValue: Cents.nullable(),
  date: z.string().nullable(),
  /** VTEX's last error message for this change. */
  lastError: z.string().nullable(),
  /** The desk's action that sent it, when it came from this desk. */
  actionId: z.string().nullable(),
});
export type ChangeView = z.output<typeof ChangeView>;

export const ChangeListResponse = z.strictObject({ changes: z.array(ChangeView) });
export type ChangeListResponse = z.output<typeof ChangeListResponse>;

export const ChangeRetryRequest = z.strictObject({ orderId: OrderId, requestId: text.max(80) });
export const ChangeCancelRequest = ChangeRetryRequest.extend({ reason: text.max(500) });
export const ChangeDone = z.strictObject({ requestId: z.string() });

export const changesContract = {
  'actions:change': { request: ChangeRequest, response: ActionQueued },
  'changes:preview': { request: ChangePreviewRequest, response: ChangePreviewResponse },
  'changes:list': { request: z.strictObject({ orderId: OrderId }), response: ChangeListResponse },
  'changes:retry': { request: ChangeRetryRequest, response: ChangeDone },
  'changes:cancel': { request: ChangeCancelRequest, response: ChangeDone },
} as const;
