import { z } from 'zod';
import { canonicalWhen, compileCanonical, type CanonicalCheck } from './canonical';

/**
 * The VTEX OMS order document (Get order, digest §4.1) as both the sandbox writes it and the desk
 * reads it. Read side rules (pitfall 10): unknown fields pass through, optional blocks may be null,
 * money is integer cents (a numeric string is accepted), and known casing variants are folded.
 */

/** Integer cents; VTEX sometimes sends a numeric string (e.g. `invoiceValue`). */
export const Cents = canonicalWhen(
  z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform((v) => {
    const n = typeof v === 'string' ? Number(v) : v;
    return Math.round(n);
  }),
  () => (v) => Number.isInteger(v),
);

const str = z.string();
const nstr = z.string().nullish();

export const OrderItem = z.looseObject({
  uniqueId: str,
  id: str,
  productId: nstr,
  ean: nstr,
  refId: nstr,
  name: str,
  quantity: z.number().int(),
  seller: nstr,
  price: Cents,
  listPrice: Cents.nullish(),
  sellingPrice: Cents.nullish(),
  tax: Cents.nullish(),
  measurementUnit: nstr,
  unitMultiplier: z.number().nullish(),
  isGift: z.boolean().nullish(),
  imageUrl: nstr,
  detailUrl: nstr,
  priceTags: z.array(z.looseObject({ name: nstr, value: Cents.nullish() })).nullish(),
  additionalInfo: z
    .looseObject({ brandName: nstr, categoriesIds: nstr, dimension: z.unknown().optional() })
    .nullish(),
  priceDefinition: z.unknown().optional(),
  priceDefinitions: z.unknown().optional(),
});
export type OrderItem = z.infer<typeof OrderItem>;

export const Total = z.looseObject({ id: str, name: nstr, value: Cents });

export const Address = z.looseObject({
  addressType: nstr,
  receiverName: nstr,
  addressId: nstr,
  postalCode: nstr,
  city: nstr,
  state: nstr,
  country: nstr,
  street: nstr,
  number: nstr,
  neighborhood: nstr,
  complement: nstr,
  reference: nstr,
  geoCoordinates: z.array(z.number()).nullish(),
});
export type Address = z.infer<typeof Address>;

export const DeliveryId = z.looseObject({
  courierId: nstr,
  courierName: nstr,
  dockId: nstr,
  warehouseId: nstr,
  quantity: z.number().nullish(),
});

export const PickupStoreInfo = z.looseObject({
  isPickupStore: z.boolean().nullish(),
  friendlyName: nstr,
  address: Address.nullish(),
  additionalInfo: nstr,
  dockId: nstr,
});

export const LogisticsInfo = z.looseObject({
  itemIndex: z.number().int(),
  selectedSla: nstr,
  selectedDeliveryChannel: nstr,
  lockTTL: nstr,
  price: Cents.nullish(),
  listPrice: Cents.nullish(),
  sellingPrice: Cents.nullish(),
  shippingEstimate: nstr,
  shippingEstimateDate: nstr,
  deliveryChannel: nstr,
  pickupStoreInfo: PickupStoreInfo.nullish(),
  deliveryIds: z.array(DeliveryId).nullish(),
  slas: z.array(z.unknown()).nullish(),
});
export type LogisticsInfo = z.infer<typeof LogisticsInfo>;

export const Payment = z.looseObject({
  id: str,
  paymentSystem: canonicalWhen(z.union([z.string(), z.number()]).transform(String), () => {
    return (v) => typeof v === 'string';
  }).nullish(),
  paymentSystemName: nstr,
  value: Cents,
  installments: z.number().nullish(),
  referenceValue: Cents.nullish(),
  group: nstr,
  tid: nstr,
  lastDigits: nstr,
  url: nstr,
  dueDate: nstr,
  connectorResponses: z.unknown().optional(),
});
export type Payment = z.infer<typeof Payment>;

export const Transaction = z.looseObject({
  isActive: z.boolean().nullish(),
  transactionId: nstr,
  merchantName: nstr,
  payments: z.array(Payment),
});

export const CourierStatus = z.looseObject({
  status: nstr,
  finished: z.boolean().nullish(),
  deliveredDate: nstr,
  data: z
    .array(
      z.looseObject({
        lastChange: nstr,
        city: nstr,
        state: nstr,
        description: nstr,
        createDate: nstr,
      }),
    )
    .nullish(),
});

export const PackageItem = z.looseObject({
  itemIndex: z.number().int(),
  quantity: z.number().int(),
  price: Cents,
  description: nstr,
  unitMultiplier: z.number().nullish(),
});

export const Restitutions = z.looseObject({
  Refund: z
    .looseObject({
      value: Cents,
      giftCardData: z.unknown().optional(),
      items: z
        .array(
          z.looseObject({
            useFreight: z.boolean().nullish(),
            isCompensation: z.boolean().nullish(),
            compensationValue: Cents.nullish(),
            id: nstr,
            quantity: z.number().nullish(),
            price: Cents.nullish(),
            description: nstr,
          }),
        )
        .nullish(),
    })
    .nullish(),
});

export const InvoiceType = z.enum(['Output', 'Input']);
export type InvoiceType = z.infer<typeof InvoiceType>;

export const Package = z.looseObject({
  items: z.array(PackageItem),
  courier: nstr,
  invoiceNumber: str,
  invoiceValue: Cents,
  invoiceUrl: nstr,
  issuanceDate: nstr,
  trackingNumber: nstr,
  invoiceKey: nstr,
  trackingUrl: nstr,
  embeddedInvoice: nstr,
  type: z.string().default('Output'),
  courierStatus: CourierStatus.nullish(),
  cfop: nstr,
  restitutions: Restitutions.nullish(),
  volumes: z.number().nullish(),
  EnableInferItems: z.boolean().nullish(),
  dispatchedDate: nstr,
});
export type Package = z.infer<typeof Package>;

/**
 * Folds the keys of `cancellationData` to PascalCase: the OpenAPI schema uses PascalCase while
 * VTEX's guides and real responses show camelCase (digest §4.1 ⚠).
 */
function pascalKeys(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) out[k.charAt(0).toUpperCase() + k.slice(1)] = val;
  return out;
}

const CancellationFields = z.looseObject({
  RequestedByUser: z.boolean().nullish(),
  RequestedBySystem: z.boolean().nullish(),
  RequestedBySellerNotification: z.boolean().nullish(),
  RequestedByPaymentNotification: z.boolean().nullish(),
  Reason: nstr,
  CancellationDate: nstr,
  CancellationRequestId: nstr,
});

export const CancellationData = canonicalWhen(z.preprocess(pascalKeys, CancellationFields), (c) => {
  const fields = c(CancellationFields);
  // Keys already PascalCase: the fold changes nothing.
  return (v) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).every((k) => k.charAt(0) === k.charAt(0).toUpperCase()) &&
    fields(v);
});

export const ClientProfileData = z.looseObject({
  id: nstr,
  email: nstr,
  firstName: nstr,
  lastName: nstr,
  documentType: nstr,
  document: nstr,
  phone: nstr,
  corporateName: nstr,
  tradeName: nstr,
  corporateDocument: nstr,
  stateInscription: nstr,
  corporatePhone: nstr,
  isCorporate: z.boolean().nullish(),
  userProfileId: nstr,
  customerClass: nstr,
});

export const Seller = z.looseObject({ id: str, name: nstr, logo: nstr, fulfillmentEndpoint: nstr });

export const OrderDocument = z.looseObject({
  orderId: str,
  sequence: nstr,
  marketplaceOrderId: nstr,
  marketplaceServicesEndpoint: nstr,
  sellerOrderId: nstr,
  origin: nstr,
  affiliateId: nstr,
  salesChannel: nstr,
  merchantName: nstr,
  status: str,
  workflowIsInError: z.boolean().nullish(),
  statusDescription: nstr,
  value: Cents,
  creationDate: str,
  lastChange: str,
  orderGroup: nstr,
  orderFormId: nstr,
  hostname: nstr,
  totals: z.array(Total).default([]),
  items: z.array(OrderItem).default([]),
  marketplaceItems: z.array(z.unknown()).nullish(),
  clientProfileData: ClientProfileData.nullish(),
  giftRegistryData: z.unknown().optional(),
  marketingData: z.unknown().optional(),
  ratesAndBenefitsData: z.unknown().optional(),
  shippingData: z
    .looseObject({
      id: nstr,
      address: Address.nullish(),
      logisticsInfo: z.array(LogisticsInfo).nullish(),
      trackingHints: z.unknown().optional(),
      selectedAddresses: z.array(Address).nullish(),
    })
    .nullish(),
  paymentData: z
    .looseObject({
      giftCards: z.array(z.unknown()).nullish(),
      transactions: z.array(Transaction).default([]),
    })
    .nullish(),
  packageAttachment: z.looseObject({ packages: z.array(Package).default([]) }).nullish(),
  sellers: z.array(Seller).nullish(),
  callCenterOperatorData: z.unknown().optional(),
  followUpEmail: nstr,
  lastMessage: nstr,
  changesAttachment: z.unknown().optional(),
  openTextField: z.unknown().optional(),
  roundingError: z.number().nullish(),
  orderFormId_: z.unknown().optional(),
  commercialConditionData: z.unknown().optional(),
  isCompleted: z.boolean().nullish(),
  customData: z.unknown().optional(),
  storePreferencesData: z
    .looseObject({
      countryCode: nstr,
      currencyCode: nstr,
      currencyLocale: z.number().nullish(),
      currencySymbol: nstr,
      timeZone: nstr,
      currencyFormatInfo: z.unknown().optional(),
    })
    .nullish(),
  allowCancellation: z.boolean().nullish(),
  allowEdition: z.boolean().nullish(),
  isCheckedIn: z.boolean().nullish(),
  marketplace: z.unknown().optional(),
  authorizedDate: nstr,
  invoicedDate: nstr,
  cancelReason: nstr,
  itemMetadata: z.unknown().optional(),
  subscriptionData: z.unknown().optional(),
  taxData: z.unknown().optional(),
  checkedInPickupPointId: nstr,
  cancellationData: CancellationData.nullish(),
  clientPreferencesData: z.unknown().optional(),
  invoiceData: z.unknown().optional(),
});
export type OrderDocument = z.infer<typeof OrderDocument>;

/**
 * True when an order's parsed JSON already is what `OrderDocument.parse` would return (the usual
 * case: VTEX's own documents), so it can stand for the document without the parse's copy.
 */
export const isCanonicalOrderDocument: CanonicalCheck = compileCanonical(OrderDocument);

/** One row of List orders (digest §4.2). */
export const OrderListRow = z.looseObject({
  orderId: str,
  creationDate: str,
  clientName: nstr,
  items: z.unknown().optional(),
  totalValue: Cents,
  paymentNames: nstr,
  status: str,
  statusDescription: nstr,
  marketPlaceOrderId: nstr,
  sequence: nstr,
  salesChannel: nstr,
  affiliateId: nstr,
  origin: nstr,
  workflowInErrorState: z.boolean().nullish(),
  workflowInRetry: z.boolean().nullish(),
  lastMessageUnread: nstr,
  ShippingEstimatedDate: nstr,
  ShippingEstimatedDateMax: nstr,
  ShippingEstimatedDateMin: nstr,
  orderIsComplete: z.boolean().nullish(),
  listId: nstr,
  listType: nstr,
  authorizedDate: nstr,
  callCenterOperatorName: nstr,
  totalItems: z.number().nullish(),
  currencyCode: nstr,
  hostname: nstr,
  invoiceOutput: z.unknown().optional(),
  invoiceInput: z.unknown().optional(),
  lastChange: nstr,
  isAllDelivered: z.boolean().nullish(),
  isAnyDelivered: z.boolean().nullish(),
  giftCardProviders: z.unknown().optional(),
  orderFormId: nstr,
  paymentApprovedDate: nstr,
  readyForHandlingDate: nstr,
  deliveryDates: z.unknown().optional(),
});
export type OrderListRow = z.infer<typeof OrderListRow>;

export const OrderListResponse = z.looseObject({
  list: z.array(OrderListRow),
  facets: z.array(z.unknown()).default([]),
  paging: z.looseObject({
    total: z.number(),
    pages: z.number(),
    currentPage: z.number(),
    perPage: z.number(),
  }),
  stats: z.unknown().optional(),
  reportRecordsLimit: z.number().nullish(),
});
export type OrderListResponse = z.infer<typeof OrderListResponse>;
