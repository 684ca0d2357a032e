import type { SandboxContext } from '../../sandbox/context';
import { vtexTime } from '../../sandbox/state/clock';
import type { OrderDocument } from '../../vtex';

/**
 * A complete, consistent VTEX order document for route tests that must not depend on the random
 * order factory: several items, totals that add up to `value`, a payment of the chosen group equal
 * to `value`, one logisticsInfo per item, no packages. Unlike minimal-order.ts it carries every
 * block of the Get order response, so what the sandbox serves can be validated against the
 * Orders OpenAPI.
 */
export interface FullItem {
  id: string;
  quantity: number;
  /** Unit price in cents. */
  price: number;
  /** Unit selling price in cents (≤ price); the difference lands in the Discounts total. */
  sellingPrice?: number;
  name?: string;
  measurementUnit?: string;
}

export interface FullOrderOptions {
  orderId?: string;
  orderGroup?: string;
  sequence?: string;
  /** Stored as-is; inserting does not run the status flow. */
  status?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  document?: string;
  items?: FullItem[];
  /** Shipping in cents, charged on the first item's logisticsInfo. */
  shipping?: number;
  paymentGroup?:
    'creditCard' | 'debitCard' | 'promissory' | 'bankInvoice' | 'giftCard' | 'instantPayment';
  /** VTEX time; insertFullOrder defaults it to the sandbox clock's now. */
  creationDate?: string;
  authorizedDate?: string | null;
  origin?: 'Fulfillment' | 'Marketplace' | 'Chain';
  affiliateId?: string;
  salesChannel?: string;
}

export const DEFAULT_ITEMS: readonly FullItem[] = [
  { id: '1001', quantity: 2, price: 1500, name: 'Caneca Azul 300ml' },
  { id: '1002', quantity: 1, price: 2500, name: 'Camiseta Básica P' },
];

const PAYMENT_SYSTEMS: Record<string, { id: string; name: string }> = {
  creditCard: { id: '2', name: 'Visa' },
  debitCard: { id: '45', name: 'Maestro' },
  promissory: { id: '17', name: 'Promissory' },
  bankInvoice: { id: '6', name: 'Boleto Bancário' },
  giftCard: { id: '16', name: 'Vale' },
  instantPayment: { id: '125', name: 'Pix' },
};

let counter = 0;

/** Deterministic 32-hex ids (uniqueIds, transaction ids), distinct per seed. */
function hex32(seed: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 32; round++) {
    for (const ch of `${seed}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).toUpperCase().padStart(8, '0');
  }
  return out.slice(0, 32);
}

export function fullOrder(opts: FullOrderOptions = {}): OrderDocument {
  counter += 1;
  const group = opts.orderGroup ?? String(1_500_000_000_000 + counter);
  const orderId = opts.orderId ?? `${group}-01`;
  const sequence = opts.sequence ?? String(700_000 + counter);
  const created = opts.creationDate ?? '2026-11-27T11:00:00.0000000Z';
  const email = opts.email ?? `cliente${counter}@example.com`;
  const firstName = opts.firstName ?? 'Ana';
  const lastName = opts.lastName ?? 'Souza';
  const shipping = opts.shipping ?? 1000;
  const payGroup = opts.paymentGroup ?? 'creditCard';
  const system = PAYMENT_SYSTEMS[payGroup] ?? { id: '2', name: 'Visa' };
  const card = payGroup === 'creditCard';
  const src = opts.items ?? DEFAULT_ITEMS;

  const items = src.map((it, i) => {
    const selling = it.sellingPrice ?? it.price;
    return {
      uniqueId: hex32(`${orderId}:item:${i}`),
      id: it.id,
      productId: `p${it.id}`,
      ean: `789100000${it.id.padStart(4, '0')}`.slice(0, 13),
      lockId: `00-${orderId}`,
      itemAttachment: { content: {}, name: null },
      attachments: [],
      quantity: it.quantity,
      seller: '1',
      name: it.name ?? `Produto ${it.id}`,
      refId: `REF-${it.id}`,
      price: it.price,
      listPrice: it.price,
      manualPrice: null,
      priceTags: [],
      imageUrl: `https://sandbox.vteximg.com.br/arquivos/ids/${it.id}-55-55/item.jpg`,
      detailUrl: `/produto-${it.id}/p`,
      components: [],
      bundleItems: [],
      params: [],
      offerings: [],
      attachmentOfferings: [],
      sellerSku: it.id,
      priceValidUntil: null,
      commission: 0,
      tax: 0,
      preSaleDate: null,
      additionalInfo: {
        brandName: 'Marca Sandbox',
        brandId: '2000000',
        categoriesIds: '/1/',
        categories: [{ id: 1, name: 'Casa' }],
        productClusterId: '',
        commercialConditionId: '1',
        dimension: { cubicweight: 1, height: 10, length: 10, weight: 300, width: 10 },
        offeringInfo: null,
        offeringType: null,
        offeringTypeId: null,
      },
      measurementUnit: it.measurementUnit ?? 'un',
      unitMultiplier: 1,
      sellingPrice: selling,
      isGift: false,
      shippingPrice: null,
      rewardValue: 0,
      freightCommission: 0,
      priceDefinitions: {
        sellingPrices: [{ value: selling, quantity: it.quantity }],
        calculatedSellingPrice: selling,
        total: selling * it.quantity,
      },
      taxCode: null,
      parentItemIndex: null,
      parentAssemblyBinding: null,
      callCenterOperator: null,
      serialNumbers: null,
      assemblies: [],
      costPrice: selling,
    };
  });

  const itemsTotal = src.reduce((s, it) => s + it.price * it.quantity, 0);
  const discounts = src.reduce(
    (s, it) => s + ((it.sellingPrice ?? it.price) - it.price) * it.quantity,
    0,
  );
  const value = itemsTotal + discounts + shipping;

  const address = {
    addressType: 'residential',
    receiverName: `${firstName} ${lastName}`,
    addressId: hex32(`${orderId}:address`).toLowerCase(),
    versionId: null,
    entityId: null,
    postalCode: '01310-100',
    city: 'São Paulo',
    state: 'SP',
    country: 'BRA',
    street: 'Avenida Paulista',
    number: '1000',
    neighborhood: 'Bela Vista',
    complement: 'Apto 12',
    reference: null,
    geoCoordinates: [-46.6544, -23.5646],
  };

  const doc = {
    orderId,
    sequence,
    marketplaceOrderId: '',
    marketplaceServicesEndpoint: '',
    sellerOrderId: `00-${orderId}`,
    origin: opts.origin ?? 'Fulfillment',
    affiliateId: opts.affiliateId ?? '',
    salesChannel: opts.salesChannel ?? '1',
    merchantName: null,
    status: opts.status ?? 'ready-for-handling',
    workflowIsInError: false,
    statusDescription: '',
    value,
    creationDate: created,
    lastChange: created,
    orderGroup: group,
    followUpEmail: 'atendimento@sandbox.com.br',
    lastMessage: null,
    hostname: 'sandbox',
    isCompleted: true,
    roundingError: 0,
    orderFormId: hex32(`${orderId}:orderForm`).toLowerCase(),
    allowCancellation: true,
    allowEdition: false,
    isCheckedIn: false,
    authorizedDate: opts.authorizedDate === undefined ? created : opts.authorizedDate,
    invoicedDate: null,
    cancelReason: null,
    checkedInPickupPointId: null,
    totals: [
      { id: 'Items', name: 'Total dos Itens', value: itemsTotal },
      { id: 'Discounts', name: 'Total dos Descontos', value: discounts },
      { id: 'Shipping', name: 'Total do Frete', value: shipping },
      { id: 'Tax', name: 'Total da Taxa', value: 0 },
    ],
    sellers: [
      {
        id: '1',
        name: 'Loja Sandbox',
        logo: '',
        fulfillmentEndpoint: 'http://fulfillment.sandbox/api/fulfillment',
      },
    ],
    clientPreferencesData: { locale: 'pt-BR', optinNewsLetter: false },
    cancellationData: null,
    taxData: null,
    subscriptionData: null,
    itemMetadata: { Items: [] },
    marketplace: null,
    storePreferencesData: {
      countryCode: 'BRA',
      currencyCode: 'BRL',
      currencyFormatInfo: {
        CurrencyDecimalDigits: 2,
        CurrencyDecimalSeparator: ',',
        CurrencyGroupSeparator: '.',
        CurrencyGroupSize: 3,
        StartsWithCurrencySymbol: true,
      },
      currencyLocale: 1046,
      currencySymbol: 'R$',
      timeZone: 'E. South America Standard Time',
    },
    customData: null,
    commercialConditionData: null,
    openTextField: null,
    invoiceData: null,
    changesAttachment: null,
    callCenterOperatorData: null,
    packageAttachment: { packages: [] },
    paymentData: {
      giftCards: [],
      transactions: [
        {
          isActive: true,
          transactionId: hex32(`${orderId}:transaction`),
          merchantName: 'SANDBOX',
          payments: [
            {
              id: hex32(`${orderId}:payment`),
              paymentSystem: system.id,
              paymentSystemName: system.name,
              value,
              installments: 1,
              referenceValue: value,
              cardHolder: null,
              cardNumber: null,
              firstDigits: card ? '411111' : null,
              lastDigits: card ? '1111' : null,
              cvv2: null,
              expireMonth: null,
              expireYear: null,
              url:
                payGroup === 'bankInvoice'
                  ? `https://sandbox.vtexpayments.com.br/boleto/${orderId}`
                  : null,
              giftCardId: null,
              giftCardName: null,
              giftCardCaption: null,
              redemptionCode: null,
              group: payGroup,
              tid: card ? String(90_000_000 + counter) : '',
              dueDate: null,
              connectorResponses: card
                ? {
                    Tid: String(90_000_000 + counter),
                    ReturnCode: '0',
                    Message: 'Approved',
                    authId: '123456',
                  }
                : {},
            },
          ],
        },
      ],
    },
    shippingData: {
      id: 'shippingData',
      address,
      logisticsInfo: items.map((it, i) => ({
        itemIndex: i,
        selectedSla: 'Normal',
        selectedDeliveryChannel: 'delivery',
        lockTTL: '10d',
        price: i === 0 ? shipping : 0,
        listPrice: i === 0 ? shipping : 0,
        sellingPrice: i === 0 ? shipping : 0,
        deliveryWindow: null,
        deliveryCompany: 'Transportadora Sandbox',
        shippingEstimate: '4bd',
        shippingEstimateDate: '2026-12-03T12:00:00.0000000Z',
        slas: [],
        shipsTo: ['BRA'],
        deliveryIds: [
          {
            courierId: '1',
            courierName: 'Transportadora Sandbox',
            dockId: '1',
            quantity: it.quantity,
            warehouseId: '1_1',
            accountCarrierName: 'sandbox',
            kitItemDetails: [],
          },
        ],
        deliveryChannels: [{ id: 'delivery', stockBalance: 0 }],
        pickupStoreInfo: {
          additionalInfo: null,
          address: null,
          dockId: null,
          friendlyName: null,
          isPickupStore: false,
        },
        addressId: address.addressId,
        polygonName: null,
        pickupPointId: null,
        transitTime: '4bd',
      })),
      trackingHints: null,
      selectedAddresses: [address],
    },
    ratesAndBenefitsData: { id: 'ratesAndBenefitsData', rateAndBenefitsIdentifiers: [] },
    marketingData: null,
    giftRegistryData: null,
    clientProfileData: {
      id: 'clientProfileData',
      email,
      firstName,
      lastName,
      documentType: 'cpf',
      document: opts.document ?? '39053344705',
      phone: '+5511987654321',
      corporateName: null,
      tradeName: null,
      corporateDocument: null,
      stateInscription: null,
      corporatePhone: null,
      isCorporate: false,
      userProfileId: hex32(`${email}:profile`).toLowerCase(),
      customerClass: null,
    },
    items,
    marketplaceItems: [],
  };
  return doc as OrderDocument;
}

/** Builds an order stamped with the sandbox clock and stores it (no status flow runs). */
export function insertFullOrder(ctx: SandboxContext, opts: FullOrderOptions = {}): OrderDocument {
  const now = vtexTime(ctx.clock.now());
  const doc = fullOrder({ creationDate: now, ...opts });
  doc.lastChange = now;
  ctx.orders.insert(doc);
  return ctx.orders.mustGet(doc.orderId);
}
