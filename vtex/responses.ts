import { z } from 'zod';
import { FeedFilter } from './feed';
import { Payment } from './order';

/**
 * Response bodies of the read endpoints not covered by order.ts and feed.ts (digest §4.3, §3).
 * Read side: unknown fields pass, blocks VTEX documents loosely are `unknown`.
 */

/** One message of `GET …/conversation-message`; `from`/`to` are addresses or objects at VTEX. */
export const ConversationMessage = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  subject: z.string().nullish(),
  body: z.string().nullish(),
  date: z.string().nullish(),
});
export type ConversationMessage = z.infer<typeof ConversationMessage>;
export const ConversationMessages = z.array(ConversationMessage);

/** `GET …/payment-transaction` (marketplace orders). */
export const PaymentTransactionResponse = z.looseObject({
  status: z.string().nullish(),
  isActive: z.boolean().nullish(),
  transactionId: z.string().nullish(),
  merchantName: z.string().nullish(),
  payments: z.array(Payment).default([]),
});
export type PaymentTransactionResponse = z.infer<typeof PaymentTransactionResponse>;

/** `GET /api/oms/user/orders`: the list shape of List orders with lighter rows. */
export const UserOrdersResponse = z.looseObject({
  list: z.array(
    z.looseObject({
      orderId: z.string(),
      creationDate: z.string().nullish(),
      status: z.string().nullish(),
      totalValue: z.number().nullish(),
    }),
  ),
  facets: z.array(z.unknown()).nullish(),
  paging: z
    .looseObject({
      total: z.number(),
      pages: z.number(),
      currentPage: z.number(),
      perPage: z.number(),
    })
    .nullish(),
  stats: z.unknown().optional(),
});
export type UserOrdersResponse = z.infer<typeof UserOrdersResponse>;

/** `GET /api/orders/hook/config` (∅ no documented schema: read what the POST accepts). */
export const HookConfigResponse = z.looseObject({
  filter: FeedFilter.nullish(),
  hook: z
    .looseObject({
      url: z.string(),
      headers: z.record(z.string(), z.string()).nullish(),
    })
    .nullish(),
});
export type HookConfigResponse = z.infer<typeof HookConfigResponse>;

/** A VTEX DO note as read back (`GET /api/do/notes/{id}`, each item of the list). */
export const DoNote = z.looseObject({
  id: z.string().nullish(),
  description: z.string().nullish(),
  target: z.looseObject({ id: z.string().nullish() }).nullish(),
});
export type DoNote = z.infer<typeof DoNote>;

/**
 * `GET /api/do/notes?target.id=` answers the order's notes. VTEX DO's OpenAPI leaves the list's
 * shape open: an array (what the sandbox sends) or an object holding it under `items`, `data` or
 * `notes` are all read.
 */
export const DoNotes = z.union([
  z.array(DoNote),
  z.looseObject({ items: z.array(DoNote) }).transform((b) => b.items),
  z.looseObject({ data: z.array(DoNote) }).transform((b) => b.data),
  z.looseObject({ notes: z.array(DoNote) }).transform((b) => b.notes),
]);
