import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { vtexTime } from '../state/clock';
import type { OrderDocument } from '../../vtex';
import { markEffect } from '../app';
import type { SandboxContext } from '../context';
import { VtexHttpError, zodMessage } from '../http/errors';
import {
  DELIVERY_SLAS,
  findDeliverySla,
  findPaymentSystem,
  findPickupPoint,
  findSku,
  PAYMENT_SYSTEMS,
  PICKUP_POINTS,
  quoteShipping,
  sellerEntry,
  SELLERS,
  skuImageUrl,
  type Sku,
} from '../state/catalog';
import {
  CALLBACK_WINDOW_MS,
  changeSellerWindowDays,
  createCart,
  getCart,
  markCallback,
  MAX_CHANGE_SELLER_DAYS,
  placedGroup,
  recordPlacedGroup,
  saveCart,
  setChangeSellerWindowDays,
  type Cart,
  type CartPayment,
} from '../state/checkout';
import { addMessage } from '../state/conversations';
import { createOrders, type NewOrderSpec } from '../state/factory';
import { confirmationMessage, toPaymentPending } from '../state/lifecycle';

/**
 * Checkout (digest §5, vtex-checkout-order-placement.openapi.json): placing orders with or without
 * a cart, the gateway callback that must come within 5 minutes, a minimal cart (orderForm) API to
 * place from, and the marketplace's change seller (digest §4.6). Errors carry Checkout's shape:
 * `{"error":{"code","message","exception":null},"operationId"}`.
 */

const DAY_MS = 86_400_000;

function chk(status: number, code: string, message: string): VtexHttpError {
  return new VtexHttpError(status, {
    error: { code, message, exception: null },
    operationId: randomUUID(),
  });
}

const bad = (message: string) => chk(400, 'CHK0001', message);

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw bad(zodMessage(r.error));
  return r.data;
}

// ---- request bodies ----------------------------------------------------------------------------

const cents = z.number().int().min(0);
const PaymentSystemId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

const AddressBody = z.looseObject({
  addressType: z.string().nullish(),
  receiverName: z.string().nullish(),
  addressId: z.string().nullish(),
  postalCode: z.string().min(1),
  city: z.string().min(1),
  state: z.string().min(1),
  country: z.string().length(3).nullish(),
  street: z.string().min(1),
  number: z.string().nullish(),
  neighborhood: z.string().nullish(),
  complement: z.string().nullish(),
  reference: z.string().nullish(),
  geoCoordinates: z.array(z.number()).length(2).nullish(),
});
type AddressBody = z.infer<typeof AddressBody>;

const Channel = z.enum(['delivery', 'pickup-in-point']);

const PaymentBody = z.looseObject({
  paymentSystem: PaymentSystemId,
  value: cents,
  referenceValue: cents,
  installments: z.number().int().min(1).max(24),
});

const ClientBody = z.looseObject({
  email: z.email('must be an e-mail address'),
  firstName: z.string().min(1).nullish(),
  lastName: z.string().min(1).nullish(),
  document: z.string().min(1).nullish(),
  documentType: z.string().min(1).nullish(),
  phone: z.string().min(1).nullish(),
});
type ClientBody = z.infer<typeof ClientBody>;

const PlaceOrderBody = z.looseObject({
  items: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        quantity: z.number().int().min(1).max(999),
        seller: z.string().min(1),
        price: cents.optional(),
      }),
    )
    .min(1, 'the order needs at least one item'),
  clientProfileData: ClientBody,
  shippingData: z.looseObject({
    address: AddressBody.nullish(),
    logisticsInfo: z
      .array(
        z.looseObject({
          itemIndex: z.number().int().min(0),
          selectedSla: z.string().min(1).nullish(),
          selectedDeliveryChannel: Channel.nullish(),
          price: cents,
        }),
      )
      .min(1, 'send one logisticsInfo entry per item'),
  }),
  paymentData: z.looseObject({
    payments: z.array(PaymentBody).min(1, 'send at least one payment'),
  }),
});

const SalesChannelQuery = z.looseObject({
  sc: z.string().regex(/^\d+$/, 'sc must be a sales channel number').optional(),
});

const TransactionBody = z.looseObject({
  referenceId: z.string().min(1),
  value: cents,
  referenceValue: cents,
  interestValue: z.number().int(),
  savePersonalData: z.boolean().nullish(),
  optinNewsLetter: z.boolean().nullish(),
});

const AddItemsBody = z.looseObject({
  orderItems: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        quantity: z.number().int().min(1).max(999),
        seller: z.string().min(1),
      }),
    )
    .min(1),
});

const ShippingAttachment = z.looseObject({
  address: AddressBody.nullish(),
  logisticsInfo: z
    .array(
      z.looseObject({
        itemIndex: z.number().int().min(0),
        selectedSla: z.string().min(1),
        selectedDeliveryChannel: Channel.nullish(),
      }),
    )
    .nullish(),
});

const PaymentAttachment = z.looseObject({
  payments: z
    .array(
      z.looseObject({
        paymentSystem: PaymentSystemId,
        value: cents.nullish(),
        referenceValue: cents.nullish(),
        installments: z.number().int().min(1).max(24).nullish(),
      }),
    )
    .min(1),
});

const WindowBody = z.looseObject({
  waitingTime: z.number().int().min(0).max(MAX_CHANGE_SELLER_DAYS),
});

const ChangeSellerBody = z.looseObject({
  marketplacePaymentValue: cents,
  newSellerId: z.string().min(1),
  shippingData: z.looseObject({
    logisticsInfo: z
      .array(
        z.looseObject({
          itemIndex: z.number().int().min(0),
          selectedSla: z.string().min(1),
          selectedDeliveryChannel: Channel.nullish(),
        }),
      )
      .min(1),
  }),
});

// ---- validation shared by placing with and without a cart -------------------------------------------

interface Choice {
  slaId: string;
  channel: 'delivery' | 'pickup-in-point';
}

const knownSlas = () =>
  [...DELIVERY_SLAS.map((s) => s.id), ...PICKUP_POINTS.map((p) => p.slaId)].join(', ');

/** Resolves a selected SLA (null: the best delivery option, as VTEX picks it) and checks the channel. */
function resolveSla(
  where: string,
  selectedSla: string | null | undefined,
  channel: string | null | undefined,
): Choice {
  if (!selectedSla) {
    if (channel === 'pickup-in-point')
      throw bad(`${where}: a pickup needs selectedSla naming the pickup point`);
    return { slaId: 'Normal', channel: 'delivery' };
  }
  const delivery = findDeliverySla(selectedSla);
  const pickup = delivery ? undefined : findPickupPoint(selectedSla);
  if (!delivery && !pickup)
    throw bad(`${where}: unknown SLA "${selectedSla}" (known: ${knownSlas()})`);
  const resolved: Choice = delivery
    ? { slaId: delivery.id, channel: 'delivery' }
    : { slaId: pickup?.slaId ?? selectedSla, channel: 'pickup-in-point' };
  if (channel && channel !== resolved.channel) {
    throw bad(`${where}: SLA "${selectedSla}" is a ${resolved.channel} option, not ${channel}`);
  }
  return resolved;
}

function checkItem(where: string, id: string, seller: string): Sku {
  const sku = findSku(id);
  if (!sku) throw bad(`${where}: SKU ${id} does not exist in the catalog`);
  if (!sku.sellers.includes(seller)) {
    throw bad(
      `${where}: seller ${seller} does not sell SKU ${id} (sold by ${sku.sellers.join(', ')})`,
    );
  }
  return sku;
}

function checkPayments(payments: readonly CartPayment[], value: number, breakdown: string): void {
  payments.forEach((p, i) => {
    if (!findPaymentSystem(p.paymentSystem)) {
      throw bad(
        `paymentData.payments[${i}]: unknown paymentSystem ${p.paymentSystem} (known: ${PAYMENT_SYSTEMS.map((s) => `${s.id} ${s.name}`).join(', ')})`,
      );
    }
  });
  const sum = payments.reduce((s, p) => s + p.value, 0);
  if (sum !== value) {
    throw bad(
      `The payments add up to ${sum} but the order value is ${value} (${breakdown}); they must be equal`,
    );
  }
}

interface Placement {
  items: { id: string; quantity: number; seller: string; price: number }[];
  client: ClientBody;
  address: AddressBody | null;
  logistics: (Choice & { price: number })[];
  payments: CartPayment[];
  salesChannel: string;
  orderFormId?: string;
}

function place(ctx: SandboxContext, p: Placement): { docs: OrderDocument[]; cookies: string[] } {
  if (p.logistics.some((l) => l.channel === 'delivery') && !p.address) {
    throw bad('shippingData.address is required to deliver (postalCode, city, state, street)');
  }
  const itemsTotal = p.items.reduce((s, it) => s + it.price * it.quantity, 0);
  const shipping = p.logistics.reduce((s, l) => s + l.price, 0);
  checkPayments(p.payments, itemsTotal + shipping, `items ${itemsTotal} + shipping ${shipping}`);
  const address = p.address
    ? Object.fromEntries(
        Object.entries(p.address).filter(
          ([k, v]) => v !== undefined && v !== null && k in AddressBody.shape,
        ),
      )
    : undefined;
  const client = p.client;
  const spec: NewOrderSpec = {
    items: p.items.map((it) => ({
      skuId: it.id,
      quantity: it.quantity,
      price: it.price,
      seller: it.seller,
    })),
    client: {
      email: client.email,
      ...(client.firstName ? { firstName: client.firstName } : {}),
      ...(client.lastName ? { lastName: client.lastName } : {}),
      ...(client.document ? { document: client.document } : {}),
      ...(client.documentType ? { documentType: client.documentType } : {}),
      ...(client.phone ? { phone: client.phone } : {}),
    },
    ...(address ? { address: address as NonNullable<NewOrderSpec['address']> } : {}),
    logisticsInfo: p.logistics.map((l, i) => ({
      itemIndex: i,
      selectedSla: l.slaId,
      selectedDeliveryChannel: l.channel,
      price: l.price,
    })),
    payments: p.payments.map((x) => ({
      paymentSystem: x.paymentSystem,
      value: x.value,
      referenceValue: x.referenceValue,
      installments: x.installments,
    })),
    discount: false,
    incomplete: true,
    salesChannel: p.salesChannel,
    ...(p.orderFormId ? { orderFormId: p.orderFormId } : {}),
  };
  const docs = createOrders(ctx, spec);
  const group = recordPlacedGroup(ctx, docs[0]?.orderGroup ?? '');
  // Plain http on loopback: no Secure flag, or clients would drop the cookies.
  const cookies = [
    `Vtex_CHKO_Auth=${group.authToken}; Path=/; HttpOnly`,
    `CheckoutDataAccess=${group.dataAccessToken}; Path=/`,
  ];
  return { docs, cookies };
}

// ---- response shapes ---------------------------------------------------------------------------

function checkoutItem(ctx: SandboxContext, it: OrderDocument['items'][number]) {
  const sku = findSku(it.id);
  return {
    uniqueId: it.uniqueId,
    id: it.id,
    productId: it.productId ?? '',
    productRefId: it.productId ?? '',
    refId: it.refId ?? '',
    ean: it.ean ?? null,
    name: it.name,
    skuName: it.name,
    modalType: null,
    parentItemIndex: null,
    parentAssemblyBinding: null,
    assemblies: [],
    priceValidUntil: vtexTime(ctx.clock.now() + 365 * DAY_MS),
    tax: it.tax ?? 0,
    price: it.price,
    listPrice: it.listPrice ?? it.price,
    manualPrice: null,
    manualPriceAppliedBy: null,
    sellingPrice: it.sellingPrice ?? it.price,
    rewardValue: 0,
    isGift: false,
    additionalInfo: {
      dimension: null,
      brandName: sku?.brand ?? '',
      brandId: sku?.brandId ?? '',
      offeringInfo: null,
      offeringType: null,
      offeringTypeId: null,
    },
    preSaleDate: null,
    productCategoryIds: sku?.categoryIds ?? '',
    productCategories: {},
    quantity: it.quantity,
    seller: it.seller ?? '1',
    sellerChain: [it.seller ?? '1'],
    imageUrl: it.imageUrl ?? '',
    detailUrl: it.detailUrl ?? '',
    components: [],
    bundleItems: [],
    attachments: [],
    attachmentOfferings: [],
    offerings: [],
    priceTags: [],
    availability: 'available',
    measurementUnit: it.measurementUnit ?? 'un',
    unitMultiplier: it.unitMultiplier ?? 1,
    manufacturerCode: null,
    priceDefinition: {
      calculatedSellingPrice: it.sellingPrice ?? it.price,
      total: (it.sellingPrice ?? it.price) * it.quantity,
      sellingPrices: [{ value: it.sellingPrice ?? it.price, quantity: it.quantity }],
    },
  };
}

function checkoutOrder(ctx: SandboxContext, d: OrderDocument) {
  return {
    orderId: d.orderId,
    orderGroup: d.orderGroup ?? '',
    state: null,
    isCheckedIn: false,
    sellerOrderId: d.sellerOrderId ?? null,
    storeId: null,
    checkedInPickupPointId: null,
    value: d.value,
    items: d.items.map((it) => checkoutItem(ctx, it)),
    sellers: d.sellers ?? [],
    totals: d.totals,
    clientProfileData: d.clientProfileData ?? null,
    ratesAndBenefitsData: d.ratesAndBenefitsData ?? { rateAndBenefitsIdentifiers: [], teaser: [] },
    shippingData: d.shippingData ?? {},
    // Checkout numbers payment systems (the OMS document has them as strings).
    paymentData: {
      ...(d.paymentData ?? {}),
      transactions: (d.paymentData?.transactions ?? []).map((tx) => ({
        ...tx,
        payments: tx.payments.map((p) => ({ ...p, paymentSystem: Number(p.paymentSystem) })),
      })),
    },
    itemMetadata: d.itemMetadata ?? { items: [] },
    salesChannel: d.salesChannel ?? '1',
    followUpEmail: d.followUpEmail ?? '',
    creationDate: d.creationDate,
    lastChange: d.lastChange,
    timeZoneCreationDate: d.creationDate,
    timeZoneLastChange: d.lastChange,
    isCompleted: d.isCompleted ?? false,
    hostName: d.hostname ?? ctx.options.accountName,
    merchantName: null,
    userType: '',
    roundingError: 0,
    allowEdition: false,
    allowCancelation: true,
    allowChangeSeller: false,
    isUserDataVisible: true,
    orderFormCreationDate: d.creationDate,
  };
}

function placementResponse(
  ctx: SandboxContext,
  docs: OrderDocument[],
  payments: readonly CartPayment[],
) {
  const group = docs[0]?.orderGroup ?? '';
  const account = ctx.options.accountName;
  return {
    orderForm: null,
    transactionData: {
      merchantTransactions: [
        {
          id: account.toUpperCase(),
          transactionId: docs[0]?.paymentData?.transactions[0]?.transactionId ?? '',
          merchantName: account.toUpperCase(),
          payments: payments.map((p) => ({
            paymentSystem: Number(p.paymentSystem),
            bin: null,
            accountId: null,
            tokenId: null,
            value: p.value,
            referenceValue: p.referenceValue,
            giftCardRedemptionCode: null,
            giftCardProvider: null,
            giftCardId: null,
          })),
        },
      ],
      receiverUri: `https://${account}.vtexpayments.com.br/split/${group}/payments`,
      gatewayCallbackTemplatePath: `/checkout/gatewayCallback/${group}/{messageCode}`,
    },
    orders: docs.map((d) => checkoutOrder(ctx, d)),
  };
}

// ---- carts ---------------------------------------------------------------------------------------

interface PricedCart {
  lines: { sku: Sku; quantity: number; seller: string; price: number }[];
  choices: Choice[];
  shipping: number[];
  itemsTotal: number;
  value: number;
}

/** Prices a cart: catalog prices, and the freight quote per seller and SLA (pickup is free). */
function priceCart(cart: Cart): PricedCart {
  const lines = cart.items.map((it, i) => ({
    ...it,
    sku: checkItem(`items[${i}]`, it.id, it.seller),
    price: 0,
  }));
  for (const l of lines) l.price = l.sku.price;
  const choices: Choice[] = lines.map((_, i) => {
    const li = cart.logisticsInfo.find((x) => x.itemIndex === i);
    return li
      ? { slaId: li.selectedSla, channel: li.selectedDeliveryChannel }
      : { slaId: 'Normal', channel: 'delivery' };
  });
  const shipping = lines.map(() => 0);
  const groups = new Map<string, number[]>();
  choices.forEach((c, i) => {
    if (c.channel !== 'delivery') return;
    const key = `${lines[i]?.seller ?? ''}\u0000${c.slaId}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const [key, idx] of groups) {
    const slaId = key.split('\u0000')[1] === 'Expressa' ? 'Expressa' : 'Normal';
    const quoted = quoteShipping(
      idx.map((i) => {
        const l = lines[i];
        if (!l) throw new Error('cart line vanished');
        return { sku: l.sku, quantity: l.quantity, lineTotal: l.price * l.quantity };
      }),
      slaId,
    );
    idx.forEach((i, k) => (shipping[i] = quoted[k] ?? 0));
  }
  const itemsTotal = lines.reduce((s, l) => s + l.price * l.quantity, 0);
  return {
    lines,
    choices,
    shipping,
    itemsTotal,
    value: itemsTotal + shipping.reduce((a, b) => a + b, 0),
  };
}

function renderCart(ctx: SandboxContext, cart: Cart) {
  const priced = priceCart(cart);
  const account = ctx.options.accountName;
  const shippingTotal = priced.shipping.reduce((a, b) => a + b, 0);
  return {
    orderFormId: cart.orderFormId,
    salesChannel: cart.salesChannel,
    loggedIn: false,
    isCheckedIn: false,
    storeId: null,
    allowManualPrice: false,
    canEditData: true,
    ignoreProfileData: false,
    value: priced.value,
    messages: [],
    items: priced.lines.map((l) => ({
      id: l.sku.id,
      productId: l.sku.productId,
      refId: l.sku.refId,
      ean: l.sku.ean,
      name: l.sku.name,
      skuName: l.sku.name,
      quantity: l.quantity,
      seller: l.seller,
      price: l.price,
      listPrice: l.sku.listPrice,
      sellingPrice: l.price,
      measurementUnit: l.sku.measurementUnit,
      unitMultiplier: l.sku.unitMultiplier,
      imageUrl: skuImageUrl(l.sku, account),
      detailUrl: l.sku.detailUrl,
      availability: 'available',
    })),
    totalizers: [
      { id: 'Items', name: 'Total dos Itens', value: priced.itemsTotal },
      { id: 'Shipping', name: 'Total do Frete', value: shippingTotal },
    ],
    clientProfileData: cart.clientProfileData,
    shippingData: {
      address: cart.address,
      logisticsInfo: priced.lines.map((_, i) => ({
        itemIndex: i,
        selectedSla: priced.choices[i]?.slaId ?? 'Normal',
        selectedDeliveryChannel: priced.choices[i]?.channel ?? 'delivery',
        price: priced.shipping[i] ?? 0,
        slas: [
          ...DELIVERY_SLAS.map((s) => ({
            id: s.id,
            name: s.id,
            deliveryChannel: 'delivery',
            shippingEstimate: `${s.maxDays}bd`,
          })),
          ...PICKUP_POINTS.map((p) => ({
            id: p.slaId,
            name: p.slaId,
            deliveryChannel: 'pickup-in-point',
            shippingEstimate: '1bd',
            pickupPointId: p.id,
            pickupStoreInfo: {
              friendlyName: p.friendlyName,
              address: p.address,
              isPickupStore: true,
            },
          })),
        ],
      })),
    },
    paymentData: {
      payments: cart.payments.map((p) => ({ ...p, paymentSystem: p.paymentSystem })),
      paymentSystems: PAYMENT_SYSTEMS.map((s) => ({
        id: Number(s.id),
        name: s.name,
        groupName: `${s.group}PaymentGroup`,
      })),
    },
    orderGroup: cart.orderGroup,
  };
}

function mustCart(ctx: SandboxContext, orderFormId: string): Cart {
  const cart = getCart(ctx, orderFormId);
  if (!cart) throw chk(404, 'CHK0002', `orderForm ${orderFormId} not found`);
  if (cart.orderGroup) {
    throw bad(
      `orderForm ${orderFormId} was already placed as order group ${cart.orderGroup}; start a new cart`,
    );
  }
  return cart;
}

function cookieValue(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function sendCart(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  cart: Cart,
  changed = true,
) {
  markEffect(req, null, changed);
  return reply
    .header('set-cookie', `checkout.vtex.com=__ofid=${cart.orderFormId}; Path=/; HttpOnly`)
    .send(renderCart(ctx, cart));
}

// ---- routes ------------------------------------------------------------------------------------

export function registerCheckoutRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  /** Place order (no cart): creates the order group in order-created, waiting for the callback. */
  app.put('/api/checkout/pub/orders', async (req, reply) => {
    const q = parse(SalesChannelQuery, req.query);
    const body = parse(PlaceOrderBody, req.body);
    const items = body.items.map((it, i) => {
      const sku = checkItem(`items[${i}]`, it.id, it.seller);
      return { id: it.id, quantity: it.quantity, seller: it.seller, price: it.price ?? sku.price };
    });
    const lis = body.shippingData.logisticsInfo;
    const logistics = items.map((_, i) => {
      const found = lis.filter((l) => l.itemIndex === i);
      if (found.length !== 1) {
        throw bad(
          `shippingData.logisticsInfo: item ${i} needs exactly one entry (found ${found.length})`,
        );
      }
      const li = found[0];
      if (!li) throw bad(`shippingData.logisticsInfo: item ${i} has no entry`);
      return {
        ...resolveSla(
          `shippingData.logisticsInfo[${i}]`,
          li.selectedSla,
          li.selectedDeliveryChannel,
        ),
        price: li.price,
      };
    });
    const stray = lis.find((l) => l.itemIndex >= items.length);
    if (stray)
      throw bad(
        `shippingData.logisticsInfo: itemIndex ${stray.itemIndex} is not an item of the order`,
      );
    const payments = body.paymentData.payments.map((p) => ({
      paymentSystem: p.paymentSystem,
      value: p.value,
      referenceValue: p.referenceValue,
      installments: p.installments,
    }));
    const { docs, cookies } = place(ctx, {
      items,
      client: body.clientProfileData,
      address: body.shippingData.address ?? null,
      logistics,
      payments,
      salesChannel: q.sc ?? '1',
    });
    markEffect(req, docs[0]?.orderId ?? null);
    return reply.header('set-cookie', cookies).send(placementResponse(ctx, docs, payments));
  });

  /** Get the current cart (the `checkout.vtex.com=__ofid=` cookie) or create a new one. */
  app.get('/api/checkout/pub/orderForm', async (req, reply) => {
    const q = parse(
      z.looseObject({
        forceNewCart: z.enum(['true', 'false']).optional(),
        sc: z.string().regex(/^\d+$/).optional(),
      }),
      req.query,
    );
    const ofid = cookieValue(req, 'checkout.vtex.com')?.replace(/^__ofid=/, '');
    const current = q.forceNewCart !== 'true' && ofid ? getCart(ctx, ofid) : undefined;
    if (current && !current.orderGroup) return sendCart(ctx, req, reply, current, false);
    return sendCart(ctx, req, reply, createCart(ctx, q.sc ?? '1'));
  });

  app.get<{ Params: { orderFormId: string } }>(
    '/api/checkout/pub/orderForm/:orderFormId',
    async (req) => {
      const cart = getCart(ctx, req.params.orderFormId);
      if (!cart) throw chk(404, 'CHK0002', `orderForm ${req.params.orderFormId} not found`);
      return renderCart(ctx, cart);
    },
  );

  app.post<{ Params: { orderFormId: string } }>(
    '/api/checkout/pub/orderForm/:orderFormId/items',
    async (req, reply) => {
      const cart = mustCart(ctx, req.params.orderFormId);
      const body = parse(AddItemsBody, req.body);
      body.orderItems.forEach((it, i) => {
        checkItem(`orderItems[${i}]`, it.id, it.seller);
        const same = cart.items.find((x) => x.id === it.id && x.seller === it.seller);
        if (same) same.quantity += it.quantity;
        else cart.items.push({ id: it.id, quantity: it.quantity, seller: it.seller });
      });
      saveCart(ctx, cart);
      return sendCart(ctx, req, reply, cart);
    },
  );

  app.post<{ Params: { orderFormId: string; attachment: string } }>(
    '/api/checkout/pub/orderForm/:orderFormId/attachments/:attachment',
    async (req, reply) => {
      const cart = mustCart(ctx, req.params.orderFormId);
      switch (req.params.attachment) {
        case 'clientProfileData':
          cart.clientProfileData = parse(ClientBody, req.body);
          break;
        case 'shippingData': {
          const body = parse(ShippingAttachment, req.body);
          if (body.address) cart.address = body.address;
          if (body.logisticsInfo) {
            cart.logisticsInfo = body.logisticsInfo.map((li) => {
              if (li.itemIndex >= cart.items.length) {
                throw bad(
                  `logisticsInfo: itemIndex ${li.itemIndex} is not an item of the cart (add the items first)`,
                );
              }
              const c = resolveSla(
                `logisticsInfo[${li.itemIndex}]`,
                li.selectedSla,
                li.selectedDeliveryChannel,
              );
              return {
                itemIndex: li.itemIndex,
                selectedSla: c.slaId,
                selectedDeliveryChannel: c.channel,
              };
            });
          }
          break;
        }
        case 'paymentData': {
          const body = parse(PaymentAttachment, req.body);
          const value = priceCart(cart).value;
          if (body.payments.length > 1 && body.payments.some((p) => p.value == null)) {
            throw bad(
              'paymentData.payments: with more than one payment every payment needs its value',
            );
          }
          cart.payments = body.payments.map((p) => ({
            paymentSystem: p.paymentSystem,
            value: p.value ?? value,
            referenceValue: p.referenceValue ?? p.value ?? value,
            installments: p.installments ?? 1,
          }));
          cart.payments.forEach((p, i) => {
            if (!findPaymentSystem(p.paymentSystem))
              throw bad(`paymentData.payments[${i}]: unknown paymentSystem ${p.paymentSystem}`);
          });
          break;
        }
        default:
          throw chk(
            404,
            'CHK0003',
            `Unknown orderForm attachment ${req.params.attachment} (clientProfileData, shippingData, paymentData)`,
          );
      }
      saveCart(ctx, cart);
      return sendCart(ctx, req, reply, cart);
    },
  );

  /** Place order from an existing cart. */
  app.post<{ Params: { orderFormId: string } }>(
    '/api/checkout/pub/orderForm/:orderFormId/transaction',
    async (req, reply) => {
      const { orderFormId } = req.params;
      const cart = getCart(ctx, orderFormId);
      if (!cart) throw chk(404, 'CHK0002', `orderForm ${orderFormId} not found`);
      const body = parse(TransactionBody, req.body);
      if (body.referenceId !== orderFormId) {
        throw bad(
          `referenceId ${body.referenceId} must be the orderFormId of the path (${orderFormId})`,
        );
      }
      if (cart.orderGroup)
        throw bad(`orderForm ${orderFormId} was already placed as order group ${cart.orderGroup}`);
      const missing = [
        cart.items.length === 0 ? 'items' : null,
        cart.clientProfileData ? null : 'clientProfileData',
        cart.payments.length === 0 ? 'paymentData' : null,
      ].filter((m): m is string => m !== null);
      if (missing.length > 0)
        throw bad(`The cart is incomplete: add ${missing.join(', ')} before placing the order`);
      const priced = priceCart(cart);
      if (body.value !== priced.value) {
        throw bad(
          `value ${body.value} does not match the cart total ${priced.value} (items ${priced.itemsTotal} + shipping ${priced.value - priced.itemsTotal})`,
        );
      }
      const client = parse(ClientBody, cart.clientProfileData);
      const address = cart.address ? parse(AddressBody, cart.address) : null;
      const { docs, cookies } = place(ctx, {
        items: priced.lines.map((l) => ({
          id: l.sku.id,
          quantity: l.quantity,
          seller: l.seller,
          price: l.price,
        })),
        client,
        address,
        logistics: priced.choices.map((c, i) => ({ ...c, price: priced.shipping[i] ?? 0 })),
        payments: cart.payments,
        salesChannel: cart.salesChannel,
        orderFormId,
      });
      cart.orderGroup = docs[0]?.orderGroup ?? null;
      saveCart(ctx, cart);
      markEffect(req, docs[0]?.orderId ?? null);
      return reply.header('set-cookie', cookies).send(placementResponse(ctx, docs, cart.payments));
    },
  );

  /**
   * Process order: within 5 minutes of placing, moves the group's orders to payment-pending (the
   * workflow carries them on). Later the ticker has canceled them, or will, and the call fails.
   */
  app.post<{ Params: { orderGroup: string } }>(
    '/api/checkout/pub/gatewayCallback/:orderGroup',
    async (req, reply) => {
      const { orderGroup } = req.params;
      const docs = ctx.orders.byGroup(orderGroup);
      if (docs.length === 0) throw chk(404, 'CHK0004', `Order group ${orderGroup} not found`);
      const g = placedGroup(ctx, orderGroup);
      if (!g)
        throw bad(
          `Order group ${orderGroup} was not placed through Checkout; there is no payment to process`,
        );
      if (cookieValue(req, 'Vtex_CHKO_Auth') !== g.authToken) {
        throw chk(
          403,
          'CHK0005',
          'Send the Vtex_CHKO_Auth and CheckoutDataAccess cookies returned when the order was placed',
        );
      }
      const first = docs[0]?.orderId ?? null;
      if (g.callbackMs !== null) {
        markEffect(req, first, false);
        return reply.code(200).send();
      }
      const elapsed = ctx.clock.now() - g.placedMs;
      if (elapsed >= CALLBACK_WINDOW_MS || docs.some((d) => d.status !== 'order-created')) {
        throw bad(
          `Order group ${orderGroup} can no longer be processed: the gateway callback must come within 5 minutes of placing the order (it came after ${Math.floor(elapsed / 1000)} s); incomplete orders are canceled`,
        );
      }
      markCallback(ctx, orderGroup);
      for (const d of docs) {
        const doc = toPaymentPending(ctx, d.orderId);
        addMessage(ctx, d.orderId, confirmationMessage(ctx, doc));
      }
      markEffect(req, first);
      return reply.code(200).send();
    },
  );

  // ---- change seller (digest §4.6) -------------------------------------------------------------

  app.get('/api/checkout/pvt/configuration/window-to-change-seller', async (_req, reply) =>
    reply.type('application/json').send(JSON.stringify(changeSellerWindowDays(ctx))),
  );

  app.post('/api/checkout/pvt/configuration/window-to-change-seller', async (req, reply) => {
    const body = parse(WindowBody, req.body);
    const changed = body.waitingTime !== changeSellerWindowDays(ctx);
    setChangeSellerWindowDays(ctx, body.waitingTime);
    markEffect(req, null, changed);
    return reply.code(201).send();
  });

  app.put<{ Params: { orderId: string } }>(
    '/api/checkout/pvt/orders/:orderId/sellers',
    async (req, reply) => {
      const order = ctx.orders.get(req.params.orderId);
      if (!order) throw chk(404, 'CHK0006', `Order ${req.params.orderId} not found`);
      const body = parse(ChangeSellerBody, req.body);
      const allowed = ['window-to-change-seller', 'payment-pending', 'waiting-for-authorization'];
      if (!allowed.includes(order.status)) {
        throw chk(
          400,
          'CHK0124',
          `The seller can be changed only in ${allowed.join(', ')}; order ${order.orderId} is in ${order.status}`,
        );
      }
      const since = ctx.orders.statusSince(order.orderId) ?? 0;
      const days = changeSellerWindowDays(ctx);
      if (order.status === 'window-to-change-seller' && ctx.clock.now() >= since + days * DAY_MS) {
        throw chk(
          400,
          'CHK0125',
          `The window to change seller (${days} days) of order ${order.orderId} has ended`,
        );
      }
      if (!SELLERS.some((s) => s.id === body.newSellerId)) {
        throw bad(
          `newSellerId: unknown seller ${body.newSellerId} (known: ${SELLERS.map((s) => s.id).join(', ')})`,
        );
      }
      if (order.items.every((it) => it.seller === body.newSellerId)) {
        throw bad(`Seller ${body.newSellerId} already fulfils order ${order.orderId}`);
      }
      const unsold = order.items
        .filter((it) => !findSku(it.id)?.sellers.includes(body.newSellerId))
        .map((it) => it.id);
      if (unsold.length > 0)
        throw bad(`Seller ${body.newSellerId} does not sell SKU ${unsold.join(', ')}`);
      if (body.marketplacePaymentValue !== order.value) {
        throw bad(
          `marketplacePaymentValue ${body.marketplacePaymentValue} must equal the order value ${order.value}`,
        );
      }
      const seen = new Set<number>();
      const choices = body.shippingData.logisticsInfo.map((li) => {
        if (li.itemIndex >= order.items.length)
          throw bad(`logisticsInfo: itemIndex ${li.itemIndex} is not an item of the order`);
        if (seen.has(li.itemIndex))
          throw bad(`logisticsInfo: itemIndex ${li.itemIndex} appears twice`);
        seen.add(li.itemIndex);
        return {
          itemIndex: li.itemIndex,
          ...resolveSla(
            `logisticsInfo[${li.itemIndex}]`,
            li.selectedSla,
            li.selectedDeliveryChannel,
          ),
        };
      });
      const mutate = (doc: OrderDocument) => {
        for (const it of doc.items) it.seller = body.newSellerId;
        doc.sellers = [sellerEntry(ctx.options.accountName, body.newSellerId)];
        const meta = doc.itemMetadata as { Items?: { Seller?: string }[] } | null | undefined;
        for (const m of meta?.Items ?? []) m.Seller = body.newSellerId;
        for (const li of doc.shippingData?.logisticsInfo ?? []) {
          const c = choices.find((x) => x.itemIndex === li.itemIndex);
          if (c) {
            li.selectedSla = c.slaId;
            li.selectedDeliveryChannel = c.channel;
            li.deliveryChannel = c.channel;
          }
          // The new seller's courier is unknown to the marketplace until it reads the seller's order.
          li.deliveryIds = [];
        }
      };
      // The payment was approved before the old seller canceled: the flow resumes from there.
      if (order.status === 'window-to-change-seller')
        ctx.orders.setStatus(order.orderId, 'payment-approved', mutate);
      else ctx.orders.update(order.orderId, mutate);
      markEffect(req, order.orderId);
      return reply.send({
        date: vtexTime(ctx.clock.now()),
        orderId: order.orderId,
        receipt: randomUUID().replace(/-/g, ''),
      });
    },
  );
}
