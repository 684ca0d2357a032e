import { z } from 'zod';

/**
 * Checkout's cart (orderForm) and order placement, as the desk reads them (VTEX Checkout API,
 * vtex-checkout-order-placement.openapi.json). Loose objects: an orderForm carries far more than
 * the counter sale needs, and VTEX adds fields over time.
 */

const cents = z.number().int();
const nstr = z.string().nullish();

export const OrderFormItem = z.looseObject({
  id: z.string(),
  name: nstr,
  skuName: nstr,
  ean: nstr,
  imageUrl: nstr,
  quantity: z.number().int(),
  seller: z.string(),
  /** Unit price in cents before discounts; `sellingPrice` is what the customer pays per unit. */
  price: cents.nullish(),
  sellingPrice: cents.nullish(),
  availability: nstr,
});
export type OrderFormItem = z.infer<typeof OrderFormItem>;

export const OrderFormSla = z.looseObject({
  id: z.string(),
  name: nstr,
  deliveryChannel: nstr,
  pickupPointId: nstr,
  pickupStoreInfo: z
    .looseObject({ friendlyName: nstr, isPickupStore: z.boolean().nullish() })
    .nullish(),
});
export type OrderFormSla = z.infer<typeof OrderFormSla>;

export const OrderFormResponse = z.looseObject({
  orderFormId: z.string().min(1),
  value: cents,
  items: z.array(OrderFormItem),
  totalizers: z.array(z.looseObject({ id: z.string(), value: cents })).nullish(),
  shippingData: z
    .looseObject({
      logisticsInfo: z
        .array(
          z.looseObject({
            itemIndex: z.number().int(),
            selectedSla: nstr,
            slas: z.array(OrderFormSla).nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
  messages: z.array(z.looseObject({ text: nstr, status: nstr })).nullish(),
});
export type OrderFormResponse = z.infer<typeof OrderFormResponse>;

/** `POST /api/checkout/pub/orderForm/{orderFormId}/items`. */
export interface AddCartItemsRequest {
  orderItems: { id: string; quantity: number; seller: string }[];
}

/** `…/attachments/clientProfileData`. */
export interface ClientProfileAttachment {
  email: string;
  firstName: string;
  lastName: string;
  document?: string;
  documentType?: string;
  phone?: string;
}

/** `…/attachments/shippingData`: every item picked up at one point. */
export interface ShippingAttachment {
  logisticsInfo: {
    itemIndex: number;
    selectedSla: string;
    selectedDeliveryChannel: 'pickup-in-point' | 'delivery';
  }[];
}

/** `…/attachments/paymentData`. */
export interface PaymentAttachment {
  payments: {
    paymentSystem: string;
    value: number;
    referenceValue: number;
    installments: number;
  }[];
}

/** `POST /api/checkout/pub/orderForm/{orderFormId}/transaction` (place the order from the cart). */
export interface CartTransactionRequest {
  referenceId: string;
  value: number;
  referenceValue: number;
  interestValue: number;
  savePersonalData: boolean;
  optinNewsLetter: boolean;
}

export const PlacementResponse = z.looseObject({
  orders: z
    .array(
      z.looseObject({
        orderId: z.string().min(1),
        orderGroup: z.string().min(1),
        value: cents.nullish(),
      }),
    )
    .min(1),
  transactionData: z.looseObject({}).nullish(),
});
export type PlacementResponse = z.infer<typeof PlacementResponse>;

/**
 * The cookies VTEX sets when it places an order and requires on the gateway callback that
 * processes it (Cookie header, "Process order" in the OpenAPI).
 */
export const PLACEMENT_COOKIES = ['Vtex_CHKO_Auth', 'CheckoutDataAccess'] as const;

/** VTEX cancels a placed order whose gateway callback did not come within this time. */
export const PROCESS_WINDOW_MS = 5 * 60_000;

/** `name=value` pairs of the named cookies among `Set-Cookie` header values. */
export function pickCookies(setCookies: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (const sc of setCookies) {
    const pair = sc.split(';')[0]?.trim() ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    if (names.includes(pair.slice(0, eq))) out.push(pair);
  }
  return out;
}
