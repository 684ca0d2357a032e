import { createHash } from 'node:crypto';
import { base, en, Faker, pt_BR } from '@faker-js/faker';
import { z } from 'zod';
import type { OrderDocument } from '../../vtex';
import type { SandboxContext } from '../context';
import { badRequest } from '../http/errors';
import {
  CITIES,
  DELIVERY_SLAS,
  findDeliverySla,
  findPaymentSystem,
  findPickupPoint,
  findSku,
  MARKETPLACES,
  PAYMENT_SYSTEMS,
  PICKUP_POINTS,
  quoteShipping,
  sellerEntry,
  SELLERS,
  skuImageUrl,
  WAREHOUSE,
  catalog as catalogData,
  type City,
  type PaymentSystem,
  type PickupPoint,
  type Sku,
} from './catalog';
import { vtexTime } from './clock';
import { addMessage } from './conversations';
import { nextCounter } from './counters';
import { advanceTo, confirmationMessage, manage } from './lifecycle';
import { statusDescription } from './status-descriptions';

export type { Sku } from './catalog';

/**
 * The order factory: realistic VTEX order documents for a Brazilian store, deterministic from
 * `ctx.options.seed` and a purchase counter kept in the database, so the same seed gives the same
 * orders on every run. Money is integer cents and always adds up: Σ totals = value = Σ payments.
 */

/** The store's fixed catalog (about 40 SKUs with valid EAN-13s). */
export function catalog(): readonly Sku[] {
  return catalogData();
}

/** Statuses an order can be created in (the factory walks it there through the real flow). */
export const TARGET_STATUSES = [
  'order-created',
  'payment-pending',
  'payment-approved',
  'window-to-cancel',
  'ready-for-handling',
  'handling',
  'invoiced',
  'canceled',
  'window-to-change-seller',
] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const SPEC_PAYMENT_GROUPS = [
  'creditCard',
  'bankInvoice',
  'promissory',
  'giftCard',
  'instantPayment',
] as const;

const cents = z.number().int().min(0);

const ItemSpec = z.strictObject({
  skuId: z.string().min(1),
  quantity: z.number().int().min(1).max(999),
  price: cents.optional(),
  seller: z.string().min(1).optional(),
});

const ClientSpec = z.strictObject({
  email: z.email().optional(),
  firstName: z.string().min(1).optional(),
  lastName: z.string().min(1).optional(),
  document: z.string().min(1).optional(),
  documentType: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
});

const AddressSpec = z.strictObject({
  receiverName: z.string().nullish(),
  postalCode: z.string().min(1).optional(),
  city: z.string().min(1).optional(),
  state: z.string().min(1).optional(),
  country: z.string().length(3).optional(),
  street: z.string().min(1).optional(),
  number: z.string().nullish(),
  neighborhood: z.string().nullish(),
  complement: z.string().nullish(),
  reference: z.string().nullish(),
  addressType: z.string().nullish(),
  addressId: z.string().nullish(),
  geoCoordinates: z.array(z.number()).length(2).nullish(),
});

const LogisticsInfoSpec = z.strictObject({
  itemIndex: z.number().int().min(0),
  selectedSla: z.string().min(1),
  selectedDeliveryChannel: z.enum(['delivery', 'pickup-in-point']).optional(),
  price: cents,
});

const PaymentSpec = z.strictObject({
  paymentSystem: z.union([z.string().min(1), z.number().int()]),
  value: z.number().int().min(1),
  installments: z.number().int().min(1).max(24).optional(),
  referenceValue: cents.optional(),
});

export const NewOrderSpecSchema = z.strictObject({
  /** How the customer pays; marketplace orders are paid at the marketplace unless this is set. */
  paymentGroup: z.enum(SPEC_PAYMENT_GROUPS).optional(),
  /** Sellers in the purchase: one order per seller in the same order group (1–3). */
  sellers: z.number().int().min(1).max(3).optional(),
  /** Item lines per order (1–8). */
  itemCount: z.number().int().min(1).max(8).optional(),
  /** An order from an external marketplace (Mercado Livre, Magalu, Amazon). */
  marketplace: z.boolean().optional(),
  /** Pickup in one of the store's points instead of delivery. */
  pickup: z.boolean().optional(),
  /** Walk the orders through the real flow up to this status. */
  status: z.enum(TARGET_STATUSES).optional(),
  /** Explicit lines; their sellers decide how the purchase splits into orders. */
  items: z.array(ItemSpec).min(1).max(50).optional(),
  client: ClientSpec.optional(),
  address: AddressSpec.optional(),
  /** Delivery choice for generated logistics: an SLA ("Normal", "Expressa") or a pickup point. */
  logistics: z
    .strictObject({
      sla: z.enum(['Normal', 'Expressa']).optional(),
      pickupPointId: z.string().min(1).optional(),
    })
    .optional(),
  /** Per-item logistics with their prices (Checkout): indexes refer to `items`. */
  logisticsInfo: z.array(LogisticsInfoSpec).optional(),
  /** Explicit payments (Checkout); they must add up to the computed value. */
  payments: z.array(PaymentSpec).min(1).optional(),
  /** Force a promotion on or off (default: some orders). */
  discount: z.boolean().optional(),
  /** Placed through Checkout and waiting for the gateway callback (stays in order-created). */
  incomplete: z.boolean().optional(),
  orderFormId: z.string().min(1).optional(),
  salesChannel: z.string().regex(/^\d+$/).optional(),
});

export type NewOrderSpec = z.input<typeof NewOrderSpecSchema>;
type Spec = z.output<typeof NewOrderSpecSchema>;

// ---- deterministic randomness and counters --------------------------------------------------------

/** Purchases made so far; with the seed it drives the generator, so it survives restarts. */
function nextPurchaseNumber(ctx: SandboxContext): number {
  return nextCounter(ctx.db, 'purchase');
}

/** VTEX's `sequence`: six or more digits, increasing, never reused (also past other inserts). */
function nextSequence(ctx: SandboxContext): string {
  const row = ctx.db.prepare('SELECT max(CAST(sequence AS INTEGER)) AS m FROM orders').get() as {
    m: number | null;
  };
  return String(nextCounter(ctx.db, 'sequence', Math.max(row.m ?? 0, 500_000)));
}

export function fakerFor(seed: number, n: number): Faker {
  const f = new Faker({ locale: [pt_BR, en, base] });
  f.seed([seed, n]);
  return f;
}

const hex = (f: Faker, length: number, casing: 'upper' | 'lower' = 'upper') =>
  f.string.hexadecimal({ length, casing, prefix: '' });

/** A stable id from text (used where no generator is at hand, e.g. later messages). */
export function stableHex(text: string, length = 32): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

// ---- Brazilian people and places ------------------------------------------------------------------

/** A CPF with valid check digits (11 digits, unformatted as VTEX stores it). */
export function cpf(f: Faker): string {
  let digits: number[];
  do {
    digits = Array.from({ length: 9 }, () => f.number.int({ min: 0, max: 9 }));
  } while (digits.every((d) => d === digits[0]));
  for (const len of [9, 10]) {
    const sum = digits.slice(0, len).reduce((s, d, i) => s + d * (len + 1 - i), 0);
    const r = (sum * 10) % 11;
    digits.push(r === 10 ? 0 : r);
  }
  return digits.join('');
}

export function isValidCpf(doc: string): boolean {
  if (!/^\d{11}$/.test(doc) || /^(\d)\1{10}$/.test(doc)) return false;
  const d = [...doc].map(Number);
  for (const len of [9, 10]) {
    const sum = d.slice(0, len).reduce((s, x, i) => s + x * (len + 1 - i), 0);
    const r = (sum * 10) % 11;
    if ((r === 10 ? 0 : r) !== d[len]) return false;
  }
  return true;
}

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

const EMAIL_DOMAINS = [
  'gmail.com',
  'hotmail.com',
  'outlook.com',
  'yahoo.com.br',
  'uol.com.br',
  'bol.com.br',
  'terra.com.br',
];

interface Customer {
  email: string;
  firstName: string;
  lastName: string;
  document: string;
  documentType: string;
  phone: string;
  city: City;
}

function makeCustomer(f: Faker, spec: Spec['client']): Customer {
  const city = f.helpers.arrayElement(CITIES);
  const firstName = spec?.firstName ?? f.person.firstName();
  const lastName =
    spec?.lastName ??
    `${f.person.lastName()}${f.datatype.boolean(0.4) ? ` ${f.person.lastName()}` : ''}`;
  const lastWord = lastName.split(' ').at(-1) ?? lastName;
  const email =
    spec?.email ??
    `${plain(firstName)}.${plain(lastWord)}${f.datatype.boolean(0.5) ? f.number.int({ min: 1, max: 99 }) : ''}@${f.helpers.arrayElement(EMAIL_DOMAINS)}`;
  return {
    email,
    firstName,
    lastName,
    document: spec?.document ?? cpf(f),
    documentType: spec?.documentType ?? 'cpf',
    phone: spec?.phone ?? `+55${city.ddd}9${f.string.numeric(8)}`,
    city,
  };
}

type AddressDoc = {
  addressType: string;
  receiverName: string;
  addressId: string;
  versionId: null;
  entityId: null;
  postalCode: string;
  city: string;
  state: string;
  country: string;
  street: string;
  number: string;
  neighborhood: string;
  complement: string;
  reference: string | null;
  geoCoordinates: number[];
};

const STREET_TYPES = ['Rua', 'Rua', 'Rua', 'Avenida', 'Alameda', 'Travessa'];
const COMPLEMENTS = [
  'Apto 12',
  'Apto 304',
  'Casa 2',
  'Bloco B, apto 71',
  'Fundos',
  'Sala 5',
  'Apto 1102',
];

function makeAddress(f: Faker, c: Customer, override: Spec['address']): AddressDoc {
  const city = c.city;
  const cep = String(f.number.int({ min: city.cep[0], max: city.cep[1] })).padStart(5, '0');
  const jitter = () => f.number.float({ min: -0.05, max: 0.05, fractionDigits: 7 });
  const generated: AddressDoc = {
    addressType: 'residential',
    receiverName: `${c.firstName} ${c.lastName}`,
    addressId: hex(f, 13, 'lower'),
    versionId: null,
    entityId: null,
    postalCode: `${cep}-${f.string.numeric(3)}`,
    city: city.name,
    state: city.state,
    country: 'BRA',
    street: `${f.helpers.arrayElement(STREET_TYPES)} ${f.person.firstName()} ${f.person.lastName()}`,
    number: String(f.number.int({ min: 1, max: 3999 })),
    neighborhood: f.helpers.arrayElement(city.neighborhoods),
    complement: f.datatype.boolean(0.4) ? f.helpers.arrayElement(COMPLEMENTS) : '',
    reference: null,
    geoCoordinates: [round7(city.lon + jitter()), round7(city.lat + jitter())],
  };
  if (!override) return generated;
  const o = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined));
  const merged = { ...generated, ...o } as AddressDoc;
  // The OpenAPI types complement as a non-null string.
  return { ...merged, complement: merged.complement ?? '' };
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

// ---- purchase planning -------------------------------------------------------------------------

interface Line {
  sku: Sku;
  quantity: number;
  price: number;
  seller: string;
  /** Index in spec.items when the line came from there (for spec.logisticsInfo). */
  specIndex: number | null;
}

function pickWeighted<T>(f: Faker, options: readonly { weight: number; value: T }[]): T {
  return f.helpers.weightedArrayElement(options);
}

function randomQuantity(f: Faker, sku: Sku): number {
  if (sku.measurementUnit === 'kg') return f.number.int({ min: 1, max: 3 });
  return pickWeighted(f, [
    { weight: 70, value: 1 },
    { weight: 20, value: 2 },
    { weight: 7, value: 3 },
    { weight: 3, value: 4 },
  ]);
}

function randomLines(f: Faker, sellerIds: string[], spec: Spec): Line[] {
  const lines: Line[] = [];
  for (const seller of sellerIds) {
    const pool = catalogData().filter((s) => s.sellers.includes(seller));
    const wanted =
      spec.itemCount ??
      pickWeighted(f, [
        { weight: 35, value: 1 },
        { weight: 25, value: 2 },
        { weight: 15, value: 3 },
        { weight: 10, value: 4 },
        { weight: 7, value: 5 },
        { weight: 4, value: 6 },
        { weight: 2, value: 7 },
        { weight: 2, value: 8 },
      ]);
    for (const sku of f.helpers.arrayElements(pool, Math.min(wanted, pool.length))) {
      lines.push({
        sku,
        quantity: randomQuantity(f, sku),
        price: sku.price,
        seller,
        specIndex: null,
      });
    }
  }
  return lines;
}

function explicitLines(spec: Spec): Line[] {
  return (spec.items ?? []).map((it, i) => {
    const sku = findSku(it.skuId);
    if (!sku) throw badRequest(`items[${i}]: SKU ${it.skuId} is not in the catalog`);
    const seller = it.seller ?? (sku.sellers.includes('1') ? '1' : (sku.sellers[0] ?? '1'));
    if (!sku.sellers.includes(seller)) {
      throw badRequest(
        `items[${i}]: seller ${seller} does not sell SKU ${sku.id} (sold by ${sku.sellers.join(', ')})`,
      );
    }
    return { sku, quantity: it.quantity, price: it.price ?? sku.price, seller, specIndex: i };
  });
}

function chooseSellers(f: Faker, spec: Spec, marketplace: boolean): string[] {
  const count =
    spec.sellers ??
    (marketplace
      ? 1
      : pickWeighted(f, [
          { weight: 87, value: 1 },
          { weight: 10, value: 2 },
          { weight: 3, value: 3 },
        ]));
  const others = f.helpers.arrayElements(
    SELLERS.filter((s) => s.id !== '1').map((s) => s.id),
    Math.min(count - 1, SELLERS.length - 1),
  );
  return ['1', ...others];
}

/** Lines per seller, the store's own seller first: one order each, numbered -01, -02… */
function groupBySeller(lines: Line[]): Line[][] {
  const sellers = [...new Set(lines.map((l) => l.seller))].sort((a, b) =>
    a === '1' ? -1 : b === '1' ? 1 : 0,
  );
  return sellers.map((s) => lines.filter((l) => l.seller === s));
}

// ---- payments ----------------------------------------------------------------------------------

type PaymentDoc = NonNullable<
  OrderDocument['paymentData']
>['transactions'][number]['payments'][number];

interface PlannedPayment {
  system: PaymentSystem;
  value: number;
  installments: number;
  referenceValue: number;
  doc: Omit<PaymentDoc, 'value' | 'referenceValue'>;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function paymentDoc(
  f: Faker,
  ctx: SandboxContext,
  system: PaymentSystem,
  installments: number,
  now: number,
): Omit<PaymentDoc, 'value' | 'referenceValue'> {
  const id = hex(f, 32);
  const account = ctx.options.accountName;
  const common = {
    id,
    paymentSystem: system.id,
    paymentSystemName: system.name,
    installments,
    cardHolder: null,
    cardNumber: null,
    firstDigits: null,
    lastDigits: null,
    cvv2: null,
    expireMonth: null,
    expireYear: null,
    url: null,
    giftCardId: null,
    giftCardName: null,
    giftCardCaption: null,
    redemptionCode: null,
    group: system.group,
    // The OpenAPI types tid as a non-null string; offline payments carry the gateway's id too.
    tid: f.string.numeric(8),
    dueDate: null,
    connectorResponses: {},
    giftCardProvider: null,
    giftCardAsDiscount: false,
    koinUrl: null,
    accountId: null,
    parentAccountId: null,
    bankIssuedInvoiceIdentificationNumber: null,
    bankIssuedInvoiceIdentificationNumberFormatted: null,
    bankIssuedInvoiceBarCodeNumber: null,
    bankIssuedInvoiceBarCodeType: null,
    billingAddress: null,
  };
  switch (system.group) {
    case 'creditCard':
    case 'debitCard': {
      const tid = f.string.numeric(10);
      const firstDigits = system.id === '1' ? '376449' : system.id === '4' ? '545301' : '411111';
      return {
        ...common,
        firstDigits,
        lastDigits: f.string.numeric(4),
        expireMonth: String(f.number.int({ min: 1, max: 12 })).padStart(2, '0'),
        expireYear: String(f.number.int({ min: 2027, max: 2033 })),
        tid,
        accountId: hex(f, 32),
        parentAccountId: null,
        connectorResponses: {
          Tid: tid,
          ReturnCode: '00',
          Message: 'Transação autorizada',
          authId: f.string.numeric(6),
        },
      };
    }
    case 'bankInvoice': {
      const line = f.string.numeric(47);
      const due = now + 3 * 86_400_000;
      return {
        ...common,
        url: `https://${account}.vtexpayments.com.br/BankIssuedInvoice/Transaction/${hex(f, 32)}/Payment/${id}/Installment/1`,
        dueDate: isoDate(due),
        tid: f.string.numeric(8),
        bankIssuedInvoiceIdentificationNumber: line,
        bankIssuedInvoiceIdentificationNumberFormatted: `${line.slice(0, 5)}.${line.slice(5, 10)} ${line.slice(10, 15)}.${line.slice(15, 21)} ${line.slice(21, 26)}.${line.slice(26, 32)} ${line.slice(32, 33)} ${line.slice(33)}`,
        bankIssuedInvoiceBarCodeNumber: f.string.numeric(44),
        bankIssuedInvoiceBarCodeType: 'i25',
      };
    }
    case 'giftCard': {
      const code = Array.from({ length: 4 }, () =>
        f.string.alpha({ length: 4, casing: 'upper' }),
      ).join('-');
      return {
        ...common,
        giftCardId: `giftcard-${f.string.numeric(6)}`,
        giftCardName: 'Vale-presente',
        giftCardCaption: 'Vale-presente',
        giftCardProvider: 'VtexGiftCard',
        redemptionCode: code,
      };
    }
    case 'instantPayment':
      return { ...common, tid: hex(f, 32, 'lower') };
    default:
      return common;
  }
}

function systemOf(group: string, f: Faker): PaymentSystem {
  const options = PAYMENT_SYSTEMS.filter((p) => p.group === group);
  return f.helpers.arrayElement(options.length > 0 ? options : PAYMENT_SYSTEMS);
}

function planPayments(
  f: Faker,
  ctx: SandboxContext,
  spec: Spec,
  total: number,
  marketplace: boolean,
  now: number,
): PlannedPayment[] {
  if (spec.payments) {
    const sum = spec.payments.reduce((s, p) => s + p.value, 0);
    if (sum !== total) {
      throw badRequest(`The payments add up to ${sum} cents but the order value is ${total} cents`);
    }
    return spec.payments.map((p, i) => {
      const system = findPaymentSystem(p.paymentSystem);
      if (!system)
        throw badRequest(`payments[${i}]: unknown paymentSystem ${String(p.paymentSystem)}`);
      const installments = p.installments ?? 1;
      return {
        system,
        value: p.value,
        installments,
        referenceValue: p.referenceValue ?? p.value,
        doc: paymentDoc(f, ctx, system, installments, now),
      };
    });
  }
  const group =
    spec.paymentGroup ??
    (marketplace
      ? 'promissory'
      : pickWeighted(f, [
          { weight: 55, value: 'creditCard' },
          { weight: 15, value: 'instantPayment' },
          { weight: 12, value: 'bankInvoice' },
          { weight: 8, value: 'promissory' },
          { weight: 10, value: 'giftCard' },
        ]));
  const one = (system: PaymentSystem, value: number, installments = 1): PlannedPayment => ({
    system,
    value,
    installments,
    referenceValue: value,
    doc: paymentDoc(f, ctx, system, installments, now),
  });
  if (group === 'creditCard') {
    const installments =
      total >= 10000 && f.datatype.boolean(0.5) ? f.number.int({ min: 2, max: 10 }) : 1;
    return [one(systemOf('creditCard', f), total, installments)];
  }
  if (group === 'giftCard') {
    const balance = f.helpers.arrayElement([5000, 10000, 15000, 20000]);
    if (balance >= total) return [one(systemOf('giftCard', f), total)];
    return [one(systemOf('giftCard', f), balance), one(systemOf('creditCard', f), total - balance)];
  }
  if (group === 'promissory' && marketplace) {
    const system = PAYMENT_SYSTEMS.find((p) => p.id === '17') ?? systemOf('promissory', f);
    return [one(system, total)];
  }
  return [one(systemOf(group, f), total)];
}

/** Splits the purchase's payments over its orders, in order, so each order's payments add up to its value. */
function splitPayments(payments: PlannedPayment[], orderValues: number[]): PaymentDoc[][] {
  const left = payments.map((p) => p.value);
  let pi = 0;
  return orderValues.map((need) => {
    const out: PaymentDoc[] = [];
    let rest = need;
    while (rest > 0 && pi < payments.length) {
      const p = payments[pi];
      const avail = left[pi] ?? 0;
      if (!p || avail <= 0) {
        pi++;
        continue;
      }
      const take = Math.min(avail, rest);
      out.push({ ...p.doc, value: take, referenceValue: take } as PaymentDoc);
      left[pi] = avail - take;
      rest -= take;
      if ((left[pi] ?? 0) === 0) pi++;
    }
    return out;
  });
}

// ---- the documents -------------------------------------------------------------------------------

const STORE_PREFERENCES = {
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
};

/** Adds business days (Mon–Fri) to a time, for shippingEstimateDate. */
function addBusinessDays(ms: number, days: number): number {
  let t = ms;
  let left = days;
  while (left > 0) {
    t += 86_400_000;
    const d = new Date(t).getUTCDay();
    if (d !== 0 && d !== 6) left--;
  }
  return t;
}

interface Shipment {
  kind: 'delivery' | 'pickup';
  slaId: string;
  pickup: PickupPoint | null;
  /** Freight per line of this order, in cents. */
  prices: number[];
  /** Per-line SLA choice when the Checkout sent one per item. */
  perLine: { slaId: string; channel: 'delivery' | 'pickup-in-point'; pickup: PickupPoint | null }[];
}

/**
 * The OpenAPI types `logisticsInfo[].pickupStoreInfo.address` as a string but `slas[].pickupStoreInfo
 * .address` as an object, while the desk reads an address object: the point's address goes in the
 * SLA (and in `shippingData.address`), the top-level one stays null.
 */
function pickupStoreInfo(p: PickupPoint | null, withAddress: boolean) {
  return p
    ? {
        additionalInfo: p.additionalInfo,
        address: withAddress ? p.address : null,
        dockId: p.dockId,
        friendlyName: p.friendlyName,
        isPickupStore: true,
      }
    : {
        additionalInfo: null,
        address: null,
        dockId: null,
        friendlyName: null,
        isPickupStore: false,
      };
}

function slaOptions(lines: Line[], lineIndex: number, pickup: PickupPoint | null) {
  const quoteLines = lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    lineTotal: l.price * l.quantity,
  }));
  const options = DELIVERY_SLAS.map((sla) => ({
    id: sla.id,
    name: sla.id,
    shippingEstimate: `${sla.maxDays}bd`,
    deliveryWindow: null,
    price: quoteShipping(quoteLines, sla.id)[lineIndex] ?? 0,
    deliveryChannel: 'delivery',
    pickupStoreInfo: pickupStoreInfo(null, true),
    polygonName: '',
    lockTTL: '10d',
    pickupPointId: '',
    transitTime: `${sla.maxDays}d`,
    pickupDistance: 0,
  }));
  const points = pickup ? [pickup] : [];
  return [
    ...options,
    ...points.map((p) => ({
      id: p.slaId,
      name: p.slaId,
      shippingEstimate: '1bd',
      deliveryWindow: null,
      price: 0,
      deliveryChannel: 'pickup-in-point',
      pickupStoreInfo: pickupStoreInfo(p, true),
      polygonName: '',
      lockTTL: '10d',
      pickupPointId: p.id,
      transitTime: '0d',
      pickupDistance: 4.2,
    })),
  ];
}

function logisticsInfo(f: Faker, lines: Line[], ship: Shipment, now: number, addressId: string) {
  return lines.map((l, i) => {
    const choice = ship.perLine[i] ?? {
      slaId: ship.slaId,
      channel: ship.kind === 'pickup' ? ('pickup-in-point' as const) : ('delivery' as const),
      pickup: ship.pickup,
    };
    const sla = findDeliverySla(choice.slaId);
    const isPickup = choice.channel === 'pickup-in-point';
    const days = isPickup ? 1 : f.number.int({ min: sla?.minDays ?? 3, max: sla?.maxDays ?? 8 });
    const courier = isPickup
      ? {
          courierId: choice.pickup?.id ?? '1_loja',
          courierName: choice.pickup?.friendlyName ?? 'Retirada',
        }
      : f.helpers.arrayElement(
          sla?.couriers ??
            DELIVERY_SLAS[0]?.couriers ?? [{ courierId: '1', courierName: 'Transportadora' }],
        );
    const price = ship.prices[i] ?? 0;
    return {
      itemIndex: i,
      selectedSla: choice.slaId,
      selectedDeliveryChannel: choice.channel,
      lockTTL: '10d',
      price,
      listPrice: price,
      sellingPrice: price,
      deliveryWindow: null,
      deliveryCompany: courier.courierName,
      shippingEstimate: `${days}bd`,
      shippingEstimateDate: vtexTime(addBusinessDays(now, days)),
      slas: slaOptions(lines, i, choice.pickup),
      shipsTo: ['BRA'],
      deliveryIds: [
        {
          courierId: courier.courierId,
          courierName: courier.courierName,
          dockId: isPickup ? (choice.pickup?.dockId ?? WAREHOUSE.dockId) : WAREHOUSE.dockId,
          quantity: l.quantity,
          warehouseId: WAREHOUSE.warehouseId,
          accountCarrierName: '',
          kitItemDetails: [],
        },
      ],
      deliveryChannels: [
        { id: 'delivery', stockBalance: 0 },
        { id: 'pickup-in-point', stockBalance: 0 },
      ],
      deliveryChannel: choice.channel,
      pickupStoreInfo: pickupStoreInfo(isPickup ? choice.pickup : null, false),
      addressId: isPickup ? (choice.pickup?.address.addressId ?? addressId) : addressId,
      versionId: null,
      entityId: null,
      polygonName: '',
      pickupPointId: isPickup ? (choice.pickup?.id ?? null) : null,
      transitTime: isPickup ? '0d' : `${days}d`,
    };
  });
}

interface Promotion {
  id: string;
  name: string;
  /** Percent off applied to the lines it matches. */
  percent: number;
  category: string | null;
}

const PROMOTIONS: readonly Omit<Promotion, 'id'>[] = [
  { name: '10% OFF em Cafés', percent: 10, category: '/1/' },
  { name: 'Semana da Cozinha 15%', percent: 15, category: '/2/' },
  { name: 'Cupom BEMVINDO 5%', percent: 5, category: null },
];

function itemDoc(
  f: Faker,
  ctx: SandboxContext,
  orderId: string,
  l: Line,
  promo: Promotion | null,
  taxed: boolean,
  calcId: string,
) {
  const { sku } = l;
  const discount =
    promo && (promo.category === null || promo.category === sku.categoryIds)
      ? Math.round((l.price * l.quantity * promo.percent) / 100)
      : 0;
  const tax = taxed ? Math.round(l.price * 0.04) : 0;
  return {
    item: {
      uniqueId: hex(f, 32),
      id: sku.id,
      productId: sku.productId,
      ean: sku.ean,
      lockId: `00-${orderId}`,
      itemAttachment: { content: {}, name: null },
      attachments: [],
      quantity: l.quantity,
      seller: l.seller,
      name: sku.name,
      refId: sku.refId,
      price: l.price,
      listPrice: Math.max(sku.listPrice, l.price),
      manualPrice: null,
      priceTags:
        discount > 0 && promo
          ? [
              {
                name: `discount@price-${promo.id}#${calcId}`,
                value: -discount,
                rawValue: -discount / 100,
                isPercentual: false,
                identifier: promo.id,
              },
            ]
          : [],
      imageUrl: skuImageUrl(sku, ctx.options.accountName),
      detailUrl: sku.detailUrl,
      components: [],
      bundleItems: [],
      params: [],
      offerings: [],
      attachmentOfferings: [],
      sellerSku: sku.id,
      priceValidUntil: null,
      commission: 0,
      tax,
      preSaleDate: null,
      additionalInfo: {
        brandName: sku.brand,
        brandId: sku.brandId,
        categoriesIds: sku.categoryIds,
        categories: [],
        productClusterId: '',
        commercialConditionId: '1',
        dimension: {
          cubicweight:
            Math.round((sku.dimension.height * sku.dimension.width * sku.dimension.length) / 6000) /
            1000,
          height: sku.dimension.height,
          length: sku.dimension.length,
          weight: sku.weightGrams,
          width: sku.dimension.width,
        },
        offeringInfo: null,
        offeringType: null,
        offeringTypeId: null,
      },
      measurementUnit: sku.measurementUnit,
      unitMultiplier: sku.unitMultiplier,
      sellingPrice: l.price,
      isGift: false,
      shippingPrice: null,
      rewardValue: 0,
      freightCommission: 0,
      priceDefinition: {
        sellingPrices: [{ value: l.price, quantity: l.quantity }],
        calculatedSellingPrice: l.price,
        total: l.price * l.quantity,
        reason: null,
      },
      taxCode: '',
      parentItemIndex: null,
      parentAssemblyBinding: null,
      callCenterOperator: null,
      serialNumbers: null,
      assemblies: [],
      costPrice: Math.round(sku.price * 0.55),
    },
    discount,
    tax: tax * l.quantity,
  };
}

interface Purchase {
  orderGroup: string;
  orderFormId: string;
  transactionId: string;
  followUpEmail: string;
  marketplace: (typeof MARKETPLACES)[number] | null;
  marketplaceOrderId: string;
  marketplacePaymentMethod: string;
  customer: Customer;
  address: AddressDoc;
  promo: Promotion | null;
  taxed: boolean;
  incomplete: boolean;
  salesChannel: string;
}

function uniqueOrderGroup(ctx: SandboxContext, f: Faker): string {
  for (;;) {
    const g = `1${f.string.numeric({ length: 12, allowLeadingZeros: true })}`;
    if (ctx.orders.byGroup(g).length === 0) return g;
  }
}

function marketplaceOrderId(f: Faker, affiliateId: string): string {
  if (affiliateId === 'MLB') return `2000${f.string.numeric(12)}`;
  if (affiliateId === 'AMZ')
    return `70${f.string.numeric(1)}-${f.string.numeric(7)}-${f.string.numeric(7)}`;
  return `${f.string.numeric(13)}-01`;
}

function buildOrder(
  f: Faker,
  ctx: SandboxContext,
  p: Purchase,
  orderId: string,
  lines: Line[],
  ship: Shipment,
  now: number,
): { doc: OrderDocument; value: number } {
  const account = ctx.options.accountName;
  const calcId = hex(f, 32, 'lower');
  const built = lines.map((l) => itemDoc(f, ctx, orderId, l, p.promo, p.taxed, calcId));
  const itemsTotal = lines.reduce((s, l) => s + l.price * l.quantity, 0);
  const discounts = -built.reduce((s, b) => s + b.discount, 0);
  const shipping = ship.prices.reduce((s, x) => s + x, 0);
  const tax = built.reduce((s, b) => s + b.tax, 0);
  const value = itemsTotal + discounts + shipping + tax;
  const created = vtexTime(now);
  const sellerIds = [...new Set(lines.map((l) => l.seller))];
  const address =
    ship.kind === 'pickup' && ship.pickup
      ? {
          ...ship.pickup.address,
          receiverName: p.address.receiverName,
          versionId: null,
          entityId: null,
        }
      : p.address;
  const mk = p.marketplace;
  const doc: OrderDocument = {
    orderId,
    sequence: nextSequence(ctx),
    marketplaceOrderId: mk ? p.marketplaceOrderId : '',
    marketplaceServicesEndpoint: mk
      ? `https://${mk.affiliateId.toLowerCase()}.vtexcommercestable.com.br/api/mkp-integration/orders?an=${account}`
      : `http://oms.vtexinternal.com.br/api/oms?an=${account}`,
    sellerOrderId: `00-${orderId}`,
    origin: 'Marketplace',
    affiliateId: mk ? mk.affiliateId : '',
    salesChannel: p.salesChannel,
    merchantName: null,
    status: 'order-created',
    workflowIsInError: false,
    statusDescription: statusDescription('order-created'),
    value,
    creationDate: created,
    lastChange: created,
    orderGroup: p.orderGroup,
    followUpEmail: p.followUpEmail,
    lastMessage: null,
    hostname: account,
    isCompleted: !p.incomplete,
    roundingError: 0,
    orderFormId: p.orderFormId,
    allowCancellation: true,
    allowEdition: false,
    isCheckedIn: false,
    authorizedDate: null,
    invoicedDate: null,
    cancelReason: null,
    checkedInPickupPointId: null,
    totals: [
      { id: 'Items', name: 'Total dos Itens', value: itemsTotal },
      { id: 'Discounts', name: 'Total dos Descontos', value: discounts },
      { id: 'Shipping', name: 'Total do Frete', value: shipping },
      { id: 'Tax', name: 'Total da Taxa', value: tax },
    ],
    sellers: sellerIds.map((s) => sellerEntry(account, s)),
    clientPreferencesData: { locale: 'pt-BR', optinNewsLetter: f.datatype.boolean(0.3) },
    cancellationData: null,
    taxData: null,
    subscriptionData: null,
    itemMetadata: {
      Items: lines.map((l) => ({
        Id: l.sku.id,
        Seller: l.seller,
        Name: l.sku.name,
        SkuName: l.sku.name,
        ProductId: l.sku.productId,
        RefId: l.sku.refId,
        Ean: l.sku.ean,
        ImageUrl: skuImageUrl(l.sku, account),
        DetailUrl: l.sku.detailUrl,
        AssemblyOptions: [],
      })),
    },
    marketplace: mk
      ? { baseURL: mk.baseURL, isCertified: true, name: mk.name }
      : {
          baseURL: `http://oms.vtexinternal.com.br/api/oms?an=${account}`,
          isCertified: null,
          name: account,
        },
    storePreferencesData: STORE_PREFERENCES,
    customData: mk
      ? {
          customApps: [
            {
              id: 'marketplace-integration',
              major: 1,
              fields: { marketplacePaymentMethod: p.marketplacePaymentMethod },
            },
          ],
          customFields: [],
        }
      : null,
    commercialConditionData: null,
    openTextField: null,
    invoiceData: mk
      ? {
          address: null,
          userPaymentInfo: { paymentMethods: [p.marketplacePaymentMethod] },
          invoiceSubject: null,
        }
      : null,
    changesAttachment: null,
    callCenterOperatorData: null,
    packageAttachment: { packages: [] },
    paymentData: { giftCards: [], transactions: [] },
    shippingData: {
      id: 'shippingData',
      address,
      logisticsInfo: logisticsInfo(f, lines, ship, now, address.addressId ?? p.address.addressId),
      trackingHints: null,
      selectedAddresses: [address],
    },
    ratesAndBenefitsData: {
      id: 'ratesAndBenefitsData',
      rateAndBenefitsIdentifiers:
        p.promo && discounts < 0
          ? [
              {
                id: p.promo.id,
                name: p.promo.name,
                featured: true,
                description: p.promo.name,
                matchedParameters: {},
                additionalInfo: null,
              },
            ]
          : [],
    },
    marketingData: null,
    giftRegistryData: null,
    clientProfileData: {
      id: 'clientProfileData',
      email: p.customer.email,
      firstName: p.customer.firstName,
      lastName: p.customer.lastName,
      documentType: p.customer.documentType,
      document: p.customer.document,
      phone: p.customer.phone,
      corporateName: null,
      tradeName: null,
      corporateDocument: null,
      stateInscription: null,
      corporatePhone: null,
      isCorporate: false,
      userProfileId: stableHex(`profile:${p.customer.email}`, 32).replace(
        /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
        '$1-$2-$3-$4-$5',
      ),
      userProfileVersion: null,
      customerClass: null,
      customerCode: null,
    },
    items: built.map((b) => b.item),
    marketplaceItems: [],
  };
  return { doc, value };
}

function planShipment(f: Faker, spec: Spec, lines: Line[], pickupWanted: boolean): Shipment {
  if (spec.logisticsInfo) {
    const perLine = lines.map((l) => {
      const li = spec.logisticsInfo?.find((x) => x.itemIndex === l.specIndex);
      if (!li) throw badRequest(`logisticsInfo: no entry for item ${String(l.specIndex)}`);
      const pickup = findPickupPoint(li.selectedSla) ?? null;
      const channel = li.selectedDeliveryChannel ?? (pickup ? 'pickup-in-point' : 'delivery');
      return {
        slaId: li.selectedSla,
        channel,
        pickup: channel === 'pickup-in-point' ? pickup : null,
        price: li.price,
      };
    });
    const first = perLine[0];
    return {
      kind: first?.channel === 'pickup-in-point' ? 'pickup' : 'delivery',
      slaId: first?.slaId ?? 'Normal',
      pickup: first?.pickup ?? null,
      prices: perLine.map((x) => x.price),
      perLine: perLine.map(({ slaId, channel, pickup }) => ({ slaId, channel, pickup })),
    };
  }
  if (pickupWanted) {
    const point =
      (spec.logistics?.pickupPointId && findPickupPoint(spec.logistics.pickupPointId)) ||
      f.helpers.arrayElement(PICKUP_POINTS);
    return {
      kind: 'pickup',
      slaId: point.slaId,
      pickup: point,
      prices: lines.map(() => 0),
      perLine: [],
    };
  }
  const slaId = spec.logistics?.sla ?? (f.datatype.boolean(0.7) ? 'Normal' : 'Expressa');
  const prices = quoteShipping(
    lines.map((l) => ({ sku: l.sku, quantity: l.quantity, lineTotal: l.price * l.quantity })),
    slaId,
  );
  return { kind: 'delivery', slaId, pickup: null, prices, perLine: [] };
}

/**
 * Builds the order(s) of one purchase: one order per seller in one order group, each with its own
 * items, totals and value, paid by the purchase's payments split over them. Inserts them in
 * `order-created` (announced to the feed like VTEX does), stores the confirmation e-mail, and walks
 * them to `spec.status` when one is given; otherwise the workflow's ticker starts their flow.
 * Checkout orders (`incomplete`) wait in `order-created` for the gateway callback.
 */
export function createOrders(ctx: SandboxContext, rawSpec: NewOrderSpec = {}): OrderDocument[] {
  const spec = NewOrderSpecSchema.parse(rawSpec ?? {});
  if (spec.logistics?.pickupPointId && !findPickupPoint(spec.logistics.pickupPointId)) {
    throw badRequest(
      `logistics.pickupPointId: unknown pickup point ${spec.logistics.pickupPointId} (known: ${PICKUP_POINTS.map((p) => p.id).join(', ')})`,
    );
  }
  if (spec.logisticsInfo && !spec.items) throw badRequest('logisticsInfo needs explicit items');
  if (spec.incomplete && spec.status && spec.status !== 'order-created') {
    throw badRequest(
      'An incomplete (Checkout) order cannot be walked to a status before its gateway callback',
    );
  }
  const f = fakerFor(ctx.options.seed, nextPurchaseNumber(ctx));
  const now = ctx.clock.now();

  const marketplace =
    spec.marketplace ?? (!spec.items && !spec.sellers && !spec.pickup && f.datatype.boolean(0.15));
  const mk = marketplace ? f.helpers.arrayElement(MARKETPLACES) : null;
  const lines = spec.items
    ? explicitLines(spec)
    : randomLines(f, chooseSellers(f, spec, marketplace), spec);
  const customer = makeCustomer(f, spec.client);
  const explicitPayments = spec.payments !== undefined;
  // A promotion that matches at least one line, so a forced one always gives a discount.
  const categories = new Set(lines.map((l) => l.sku.categoryIds));
  const promoPick = f.helpers.arrayElement(
    PROMOTIONS.filter((p) => p.category === null || categories.has(p.category)),
  );
  const promo: Promotion | null =
    (spec.discount ?? (!explicitPayments && !spec.items && f.datatype.boolean(0.25)))
      ? {
          ...promoPick,
          id: stableHex(promoPick.name, 32).replace(
            /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
            '$1-$2-$3-$4-$5',
          ),
        }
      : null;
  const purchase: Purchase = {
    orderGroup: uniqueOrderGroup(ctx, f),
    orderFormId: spec.orderFormId ?? hex(f, 32, 'lower'),
    transactionId: hex(f, 32),
    followUpEmail: `${hex(f, 32, 'lower')}@ct.vtex.com.br`,
    marketplace: mk,
    marketplaceOrderId: mk ? marketplaceOrderId(f, mk.affiliateId) : '',
    marketplacePaymentMethod: mk ? f.helpers.arrayElement(mk.paymentMethods) : '',
    customer,
    address: makeAddress(f, customer, spec.address),
    promo,
    taxed: !explicitPayments && !spec.items && f.datatype.boolean(0.1),
    incomplete: spec.incomplete ?? false,
    salesChannel: spec.salesChannel ?? '1',
  };
  const pickupWanted =
    spec.pickup ??
    (spec.logistics?.pickupPointId !== undefined || (!marketplace && f.datatype.boolean(0.15)));

  const groups = groupBySeller(lines);
  const built = groups.map((orderLines, i) => {
    const orderId = `${purchase.orderGroup}-${String(i + 1).padStart(2, '0')}`;
    const ship = planShipment(f, spec, orderLines, pickupWanted);
    return buildOrder(f, ctx, purchase, orderId, orderLines, ship, now);
  });
  const total = built.reduce((s, b) => s + b.value, 0);
  const payments = planPayments(f, ctx, spec, total, marketplace, now);
  const portions = splitPayments(
    payments,
    built.map((b) => b.value),
  );
  const giftCards = payments
    .filter((p) => p.system.group === 'giftCard')
    .map((p) => ({
      id: p.doc.giftCardId,
      redemptionCode: p.doc.redemptionCode,
      name: 'Vale-presente',
      caption: 'Vale-presente',
      value: p.value,
      balance: p.value,
      provider: 'VtexGiftCard',
      groupName: 'giftCardPaymentGroup',
      inUse: true,
      isSpecialCard: false,
    }));

  const ids: string[] = [];
  ctx.db.transaction(() => {
    built.forEach((b, i) => {
      b.doc.paymentData = {
        giftCards,
        transactions: [
          {
            isActive: true,
            transactionId: purchase.transactionId,
            merchantName: ctx.options.accountName,
            payments: portions[i] ?? [],
          },
        ],
      };
      ctx.orders.insert(b.doc);
      manage(ctx, b.doc.orderId);
      ids.push(b.doc.orderId);
    });
  })();
  for (const b of built) {
    // OrderStore.insert announces only a document change; VTEX's feed also reports order-created.
    ctx.events.emit('status-changed', {
      orderId: b.doc.orderId,
      domain: b.doc.origin === 'Marketplace' ? 'Marketplace' : 'Fulfillment',
      state: 'order-created',
      lastState: '',
      lastChange: b.doc.creationDate,
      currentChange: b.doc.creationDate,
    });
    if (!purchase.incomplete) addMessage(ctx, b.doc.orderId, confirmationMessage(ctx, b.doc));
  }
  if (spec.status && spec.status !== 'order-created') advanceTo(ctx, ids, spec.status);
  return ids.map((id) => ctx.orders.mustGet(id));
}
