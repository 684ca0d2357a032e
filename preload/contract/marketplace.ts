import { z } from 'zod';
import { OrderId } from './orders';

/**
 * Marketplace orders whose seller canceled: inside VTEX's window to change seller, a supervisor
 * moves the order to another seller, with a reason (kept as a note on the order at VTEX). Online
 * only: the window and the move are VTEX's (OFFLINE otherwise).
 */

const text = z.string().trim().min(1);

export const SellerWindowResponse = z.strictObject({
  /** The marketplace's window to change seller, in days (VTEX: 0 to 30, 2 by default). */
  days: z.number().int().nonnegative(),
});
export type SellerWindowResponse = z.output<typeof SellerWindowResponse>;

export const ChangeSellerRequest = z.strictObject({
  orderId: OrderId,
  newSellerId: text.max(80),
  reason: text.max(500),
  /** The supervisor who authorizes the move: a name protected by a PIN at this station. */
  supervisor: text.max(80),
  pin: z.string().min(1).max(32),
});

export const ChangeSellerResponse = z.strictObject({
  orderId: z.string(),
  newSellerId: z.string(),
  /** The note with the reason, queued for VTEX like every note. */
  noteActionId: z.string().nullable(),
});

export const marketplaceContract = {
  'marketplace:seller-window': {
    request: z.strictObject({}).optional(),
    response: SellerWindowResponse,
  },
  'marketplace:change-seller': { request: ChangeSellerRequest, response: ChangeSellerResponse },
} as const;
