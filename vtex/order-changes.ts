import { z } from 'zod';

/**
 * Order modifications ("change v2", `/api/order-system/orders/{changeOrderId}/changes`, digest
 * §4.5): request bodies, settings and the error codes VTEX documents for them
 * (dev-portal-content `docs/guides/Integration-Guides/erp-integration-guide/order-modifications.md`).
 * The desk builds requests with these; the sandbox validates with them. Errors of these endpoints
 * are RFC 9110 problem JSON (see ProblemJson in errors.ts) carrying one of CHANGE_ERRORS' codes.
 */

/** Statuses in which an order accepts a modification. */
export const CHANGE_ALLOWED_STATUSES: readonly string[] = [
  'handling',
  'waiting-for-fulfillment',
  'ready-for-invoicing',
];

/**
 * Lifecycle of one change request. A change that failed while being applied keeps its step,
 * stops progressing (`inProgress: false`) and waits for retry or cancel.
 */
export const CHANGE_STATUSES = [
  'waiting-acknowledgement',
  'waiting-confirmation',
  'done',
  'canceled',
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** Integers are checked for sign by the rules (so the answer carries VTEX's code), not by zod. */
const Int = z.number().int();

export const ChangeItem = z.looseObject({
  id: z.string().min(1, 'item id is required'),
  uniqueId: z.string().nullish(),
  quantity: Int,
  price: Int.nullish(),
  measurementUnit: z.string().nullish(),
  unitMultiplier: z.number().positive().nullish(),
  manualDiscountValue: Int.nullish(),
  manualIncrementValue: Int.nullish(),
});
export type ChangeItem = z.infer<typeof ChangeItem>;

export const ChangeLogisticsInfo = z.looseObject({
  itemIndex: z.number().int().nonnegative(),
  selectedSla: z.string().min(1),
  selectedDeliveryChannel: z.enum(['delivery', 'pickup-in-point']).nullish(),
  addressId: z.string().nullish(),
  price: Int.nonnegative(),
});

export const ChangeSettingsPatch = z.looseObject({
  paymentConfiguration: z
    .looseObject({ customPaymentSystemsAllowed: z.array(z.string()) })
    .partial()
    .nullish(),
  rolloutConfiguration: z
    .looseObject({
      enableApi: z.boolean(),
      enableAdminOrders: z.looseObject({ enabledWorkspaces: z.array(z.string()) }),
      enableMyOrders: z.looseObject({ enabledWorkspaces: z.array(z.string()) }),
    })
    .partial()
    .nullish(),
  pipelineConfiguration: z
    .looseObject({
      enableTaxHubRecalculation: z.boolean(),
      compensateShippingChanges: z.boolean(),
      enablePromotionRecalculation: z.boolean(),
      enableNativeTaxRecalculation: z.boolean(),
    })
    .partial()
    .nullish(),
});
export type ChangeSettingsPatch = z.infer<typeof ChangeSettingsPatch>;

export const ChangeRequestBody = z.looseObject({
  reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason is required'),
  add: z.looseObject({ items: z.array(ChangeItem) }).nullish(),
  remove: z.looseObject({ items: z.array(ChangeItem) }).nullish(),
  replace: z
    .array(
      z.looseObject({
        from: z.looseObject({ items: z.array(ChangeItem) }),
        to: z.looseObject({
          items: z.array(ChangeItem),
          shippingData: z.looseObject({ logisticsInfo: z.array(ChangeLogisticsInfo) }).nullish(),
        }),
      }),
    )
    .nullish(),
  manualDiscountValue: Int.nullish(),
  manualIncrementValue: Int.nullish(),
  settings: ChangeSettingsPatch.nullish(),
});
export type ChangeRequestBody = z.infer<typeof ChangeRequestBody>;
export type ChangeRequestBodyInput = z.input<typeof ChangeRequestBody>;

export const ChangeSettings = z.looseObject({
  paymentConfiguration: z.looseObject({ customPaymentSystemsAllowed: z.array(z.string()) }),
  rolloutConfiguration: z.looseObject({
    usingDefaultBehavior: z.boolean(),
    enableApi: z.boolean(),
    enableAdminOrders: z.looseObject({ enabledWorkspaces: z.array(z.string()) }),
    enableMyOrders: z.looseObject({ enabledWorkspaces: z.array(z.string()) }),
  }),
  pipelineConfiguration: z.looseObject({
    enableTaxHubRecalculation: z.boolean(),
    compensateShippingChanges: z.boolean(),
    enablePromotionRecalculation: z.boolean(),
    enableNativeTaxRecalculation: z.boolean(),
  }),
});
export type ChangeSettings = z.infer<typeof ChangeSettings>;

/** Body of `POST …/changes/{changeRequestId}/cancel`. */
export const ChangeCancelBody = z.looseObject({
  reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason is required'),
});

/** Read side of GET …/changes/{changeRequestId} (desk). */
export const ChangeRequestView = z.looseObject({
  requestId: z.string(),
  workflowId: z.string().nullish(),
  status: z.string().nullish(),
  inProgress: z.boolean().nullish(),
  reason: z.string().nullish(),
  totalChangeValue: z.number().nullish(),
  date: z.string().nullish(),
});
export type ChangeRequestView = z.infer<typeof ChangeRequestView>;

/**
 * Codes and messages VTEX documents for change v2, with the HTTP status the sandbox answers
 * (VTEX does not document statuses: request errors are 400, conflicts with the order's state 409).
 */
export const CHANGE_ERRORS = {
  CHK0022: { http: 400, title: 'Invalid item', message: 'Invalid id for item.' },
  CHK0023: { http: 400, title: 'Invalid quantity', message: 'Invalid quantity for item.' },
  CHK0034: {
    http: 400,
    title: 'Change exceeds the order',
    message: "The value of the change exceed the order's price.",
  },
  CHK0095: { http: 409, title: 'Chain order', message: 'Changes in chain orders are not allowed.' },
  CHK0098: {
    http: 400,
    title: 'Negative change value',
    message: 'The change value needs to be greater or equal than zero.',
  },
  CHK0124: { http: 409, title: 'Invalid change', message: 'Invalid change for order.' },
  CHK0201: { http: 404, title: 'Order not found', message: 'Order {0} not found.' },
  CHK0289: { http: 404, title: 'Change not found', message: 'Change order request {0} not found.' },
  CHK00342: {
    http: 400,
    title: 'Payment method cannot increase',
    message: 'Change order cannot increase the value for this payment method.',
  },
  SalesOrderSystem008: {
    http: 409,
    title: 'Order canceled',
    message: 'Cannot Change Cancelled Order.',
  },
  SalesOrderSystem010: {
    http: 400,
    title: 'Item not in order',
    message:
      "It's not possible to remove the item of ID {0} from the original order. Validate your {1} operation items IDs.",
  },
  SalesOrderSystem011: {
    http: 400,
    title: 'Quantity exceeds the order',
    message:
      "It's not possible to remove more than {0} quantities of the item of ID {1} from the original order. Validate your items quantities at Remove or Replace From operations.",
  },
  SalesOrderSystem013: {
    http: 400,
    title: 'Logistics info not found',
    message: 'The logistics information provided was not found on the order.',
  },
  SalesOrderSystem014: { http: 409, title: 'Change in progress', message: 'Change In Progress.' },
  SalesOrderSystem016: { http: 409, title: 'Cannot retry', message: 'Cannot Retry Change.' },
  SalesOrderSystem017: {
    http: 409,
    title: 'Change canceled after retries',
    message: 'Change process was automatically canceled after failed retries.',
  },
  SalesOrderSystem026: {
    http: 400,
    title: 'Item not matched',
    message:
      "Unable to match an item to the information provided. Try providing the item's uniqueId for identification.",
  },
  SalesOrderSystem045: { http: 400, title: 'Invalid address', message: 'Invalid address.' },
  SalesOrderSystem046: {
    http: 409,
    title: 'Order already invoiced',
    message: 'The order change is not allowed after the item invoice has been issued.',
  },
  SalesOrderSystem055: {
    http: 400,
    title: 'Measurement unit differs',
    message:
      'Item modification is not allowed when the measurement unit differs from the original.',
  },
} as const;
export type ChangeErrorCode = keyof typeof CHANGE_ERRORS;

/** VTEX's message with its `{0}`, `{1}` placeholders filled. */
export function changeErrorMessage(code: ChangeErrorCode, ...args: (string | number)[]): string {
  return CHANGE_ERRORS[code].message.replace(/\{(\d+)\}/g, (_, i: string) =>
    String(args[Number(i)] ?? ''),
  );
}

/** One line of a change's totals (`Items`, `Discounts`, `Shipping`, `Tax`, `ManualValues`). */
export const ChangeTotalView = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  value: z.number(),
});

/**
 * Answer of `POST …/changes/preview` (and of the PATCH): what the change would do to the order.
 * `totalChangeValue` is in cents: negative is refunded to the customer, positive is charged.
 */
export const ChangePreviewView = z.looseObject({
  reason: z.string().nullish(),
  totalChangeValue: z.number().int(),
  totals: z.array(ChangeTotalView).nullish(),
  date: z.string().nullish(),
});
export type ChangePreviewView = z.infer<typeof ChangePreviewView>;

export const ChangeLogView = z.looseObject({
  date: z.string().nullish(),
  status: z.string().nullish(),
  type: z.string().nullish(),
  message: z.string().nullish(),
  code: z.string().nullish(),
});

/** One change request as `GET …/changes` lists it: the preview plus its progress and logs. */
export const ChangeDetailView = ChangePreviewView.extend({
  requestId: z.string(),
  workflowId: z.string().nullish(),
  status: z.string().nullish(),
  inProgress: z.boolean().nullish(),
  logs: z.array(ChangeLogView).nullish(),
});
export type ChangeDetailView = z.infer<typeof ChangeDetailView>;

/** `GET /api/order-system/orders/{changeOrderId}/changes`. */
export const ChangeListView = z.looseObject({
  requests: z.array(ChangeDetailView),
});
export type ChangeListView = z.infer<typeof ChangeListView>;

/**
 * A change that stopped without being applied: VTEX keeps it open (it blocks the next change
 * and an invoice must not meet it) until it is retried or canceled.
 */
export function changeFailed(c: Pick<ChangeDetailView, 'status' | 'inProgress'>): boolean {
  return c.inProgress === false && c.status !== 'done' && c.status !== 'canceled';
}

/** A change VTEX is still working on, or one that failed and waits: both are open. */
export function changeOpen(c: Pick<ChangeDetailView, 'status'>): boolean {
  return c.status !== 'done' && c.status !== 'canceled';
}
