import { z } from 'zod';

/**
 * The pack check's problems, kept on the station: a scan of no item of the order, one unit too
 * many, a supervisor counting everything as checked, and a line reported missing or damaged that
 * left for a change of items. Local data: works offline.
 */

// Own copies of orders.ts' id and time: the timeline there embeds PackEventView.
const OrderId = z.string().trim().min(1, 'give an order id').max(64);
const EpochMs = z.number().int();

export const PackEventKind = z.enum(['wrong', 'too-many', 'override', 'missing']);
export type PackEventKind = z.output<typeof PackEventKind>;

export const PackEventView = z.strictObject({
  kind: PackEventKind,
  /** wrong / too-many: what was scanned; missing: the line's SKU. */
  code: z.string().nullable(),
  /** too-many: the item and how many units of it the order has; missing: the item. */
  itemName: z.string().nullable(),
  expected: z.number().int().nonnegative().nullable(),
  /** override: who approved. */
  supervisor: z.string().nullable(),
  /** missing: units taken out through a change of items, and the SKU put in their place. */
  quantity: z.number().int().positive().nullable(),
  replacedBy: z.string().nullable(),
  operator: z.string().nullable(),
  station: z.string(),
  at: EpochMs,
});
export type PackEventView = z.output<typeof PackEventView>;

const Text = z.string().trim().min(1).max(200);

export const PackRecordRequest = z.discriminatedUnion('kind', [
  z.strictObject({ orderId: OrderId, kind: z.literal('wrong'), code: Text }),
  z.strictObject({
    orderId: OrderId,
    kind: z.literal('too-many'),
    code: Text,
    itemName: Text,
    expected: z.number().int().nonnegative().max(1_000_000),
  }),
  z.strictObject({ orderId: OrderId, kind: z.literal('override'), supervisor: Text }),
  z.strictObject({
    orderId: OrderId,
    kind: z.literal('missing'),
    code: Text,
    itemName: Text,
    quantity: z.number().int().positive().max(1_000_000),
    replacedBy: z.string().trim().min(1).max(64).optional(),
  }),
]);
export type PackRecordRequest = z.input<typeof PackRecordRequest>;

export const PackListRequest = z.strictObject({ orderId: OrderId });
export const PackListResponse = z.strictObject({ events: z.array(PackEventView) });

export const packContract = {
  'pack:record': { request: PackRecordRequest, response: PackEventView },
  'pack:list': { request: PackListRequest, response: PackListResponse },
} as const;
