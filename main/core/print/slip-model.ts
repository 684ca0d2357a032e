import {
  findInvoice,
  packagesOf,
  type Address,
  type OrderDocument,
  type OrderItem,
  type Package,
} from '../../../vtex';
import { DeskError } from '../errors';
import { currencyOf } from './i18n';
import type { StoreSettings } from './settings';

/**
 * What a slip shows, taken out of VTEX's order document once: the templates only lay it out.
 * Money stays in integer cents until the template formats it.
 */

export const SLIP_KINDS = ['thermal', 'sheet'] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];
export const SLIP_VARIANTS = ['output', 'return'] as const;
export type SlipVariant = (typeof SLIP_VARIANTS)[number];

export interface SlipLine {
  quantity: number;
  name: string;
  sku: string;
  ean: string | null;
  refId: string | null;
  /** Unit price in cents as invoiced. */
  unitPrice: number;
  total: number;
}

export interface SlipPayment {
  label: string;
  installments: number | null;
  lastDigits: string | null;
  value: number;
  /** A cash (promissory) payment: `paid` once it was recorded, `due` while the order waits for it. */
  cash: 'paid' | 'due' | null;
}

export type SlipDestination =
  | { kind: 'delivery'; receiver: string | null; lines: string[] }
  | { kind: 'pickup'; name: string | null; lines: string[] };

export interface SlipModel {
  variant: SlipVariant;
  currency: string;
  store: { name: string; addressLines: string[]; taxId: string };
  orderId: string;
  sequence: string | null;
  invoiceNumber: string;
  invoiceKey: string | null;
  series: string | null;
  issuanceDate: string | null;
  invoiceUrl: string | null;
  customer: { name: string; document: string | null; phone: string | null } | null;
  destination: SlipDestination | null;
  lines: SlipLine[];
  units: number;
  /** Σ of the lines. */
  subtotal: number;
  /** The order's totals, shown when this one invoice covers the whole order. */
  orderTotals: { discounts: number; shipping: number; tax: number } | null;
  /** invoiceValue − subtotal for a partial invoice (its share of shipping and discounts). */
  adjustments: number;
  invoiceTotal: number;
  orderTotal: number;
  /** This invoice covers only part of the order. */
  partial: boolean;
  /** Return slips: what is refunded to the customer. */
  refund: number | null;
  payments: SlipPayment[];
  courier: string | null;
  trackingNumber: string | null;
  shippingMethod: string | null;
  volumes: number | null;
}

/** Statuses in which an order still waits for its payment (a cash payment is then still due). */
const PAYMENT_WAITING: readonly string[] = [
  'order-created',
  'order-completed',
  'on-order-completed',
  'payment-pending',
  'waiting-for-authorization',
];

const nonEmpty = (s: string | null | undefined): string | null => {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
};

/** A package's invoice type as the variant of its slip (anything but Input is an output). */
export function variantOf(pkg: Package): SlipVariant {
  return pkg.type.toLowerCase() === 'input' ? 'return' : 'output';
}

/**
 * The invoice series. VTEX has no field for it; a Brazilian NF-e access key (44 digits) carries
 * it at positions 23–25, and some integrations send it as an extra package field.
 */
export function seriesOf(pkg: Package): string | null {
  const extra =
    (pkg as Record<string, unknown>).invoiceSeries ?? (pkg as Record<string, unknown>).series;
  if (typeof extra === 'string' && extra.trim()) return extra.trim();
  if (typeof extra === 'number') return String(extra);
  const key = (pkg.invoiceKey ?? '').replace(/\D/g, '');
  if (key.length === 44) return String(Number(key.slice(22, 25)));
  return null;
}

/** CPF and CNPJ as Brazilians write them; anything else as given. */
export function formatDocument(doc: string | null | undefined): string | null {
  const raw = nonEmpty(doc);
  if (!raw) return null;
  const d = raw.replace(/\D/g, '');
  if (d.length === 11 && d.length === raw.replace(/[.\-\s]/g, '').length) {
    return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
  }
  if (d.length === 14 && d.length === raw.replace(/[./\-\s]/g, '').length) {
    return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
  }
  return raw;
}

/** A 44-digit access key in blocks of four, the way it is printed on a DANFE. */
export function formatInvoiceKey(key: string | null | undefined): string | null {
  const raw = nonEmpty(key);
  if (!raw) return null;
  const d = raw.replace(/\s/g, '');
  return /^\d+$/.test(d) ? (d.match(/.{1,4}/g) ?? [d]).join(' ') : raw;
}

function addressLines(a: Address | null | undefined, postalLabel: string): string[] {
  if (!a) return [];
  const street = [nonEmpty(a.street), nonEmpty(a.number)].filter(Boolean).join(', ');
  const first = [street, nonEmpty(a.complement)].filter(Boolean).join(' – ');
  const cityState = [nonEmpty(a.city), nonEmpty(a.state)].filter(Boolean).join(' – ');
  const second = [nonEmpty(a.neighborhood), cityState].filter(Boolean).join(', ');
  const postal = nonEmpty(a.postalCode);
  const country = nonEmpty(a.country);
  const third = [
    postal ? `${postalLabel} ${postal}` : null,
    country && country !== 'BRA' ? country : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const ref = nonEmpty(a.reference);
  return [first, second, third, ref ?? ''].filter((l) => l !== '');
}

function destinationOf(doc: OrderDocument, postalLabel: string): SlipDestination | null {
  const sd = doc.shippingData;
  if (!sd) return null;
  const logistics = sd.logisticsInfo ?? [];
  const pickupInfo = logistics.find(
    (l) =>
      l.selectedDeliveryChannel === 'pickup-in-point' ||
      l.deliveryChannel === 'pickup-in-point' ||
      l.pickupStoreInfo?.isPickupStore === true,
  );
  if (pickupInfo) {
    const store = pickupInfo.pickupStoreInfo;
    // VTEX puts the pickup point's address in shippingData.address (addressType "pickup") when
    // the pickup block does not carry its own.
    const address =
      store?.address ?? (sd.address?.addressType === 'pickup' ? sd.address : null) ?? null;
    return {
      kind: 'pickup',
      name: nonEmpty(store?.friendlyName) ?? nonEmpty(pickupInfo.selectedSla),
      lines: addressLines(address, postalLabel),
    };
  }
  if (!sd.address) return null;
  return {
    kind: 'delivery',
    receiver: nonEmpty(sd.address.receiverName),
    lines: addressLines(sd.address, postalLabel),
  };
}

function customerOf(doc: OrderDocument): SlipModel['customer'] {
  const c = doc.clientProfileData;
  if (!c) return null;
  const person = [nonEmpty(c.firstName), nonEmpty(c.lastName)].filter(Boolean).join(' ');
  const name = (c.isCorporate ? nonEmpty(c.corporateName) : null) ?? nonEmpty(person) ?? '';
  const document = formatDocument(c.isCorporate ? (c.corporateDocument ?? c.document) : c.document);
  const phone = nonEmpty(c.isCorporate ? (c.corporatePhone ?? c.phone) : c.phone);
  if (!name && !document && !phone) return null;
  return { name, document, phone };
}

function paymentsOf(doc: OrderDocument): SlipPayment[] {
  const waiting = PAYMENT_WAITING.includes(doc.status);
  return (doc.paymentData?.transactions ?? [])
    .filter((t) => t.isActive !== false)
    .flatMap((t) => t.payments)
    .map((p) => {
      const group = (p.group ?? '').toLowerCase();
      const isCash = group === 'promissory' || group === 'cash';
      return {
        label: nonEmpty(p.paymentSystemName) ?? nonEmpty(p.group) ?? String(p.paymentSystem ?? ''),
        installments: p.installments && p.installments > 1 ? p.installments : null,
        lastDigits: nonEmpty(p.lastDigits),
        value: p.value,
        cash: isCash ? (waiting ? 'due' : 'paid') : null,
      };
    });
}

function lineOf(
  item: OrderItem | undefined,
  qty: number,
  unitPrice: number,
  desc: string | null,
): SlipLine {
  return {
    quantity: qty,
    name: nonEmpty(item?.name) ?? desc ?? '',
    sku: item?.id ?? '',
    ean: nonEmpty(item?.ean),
    refId: nonEmpty(item?.refId),
    unitPrice,
    total: unitPrice * qty,
  };
}

function linesOf(doc: OrderDocument, pkg: Package): SlipLine[] {
  if (pkg.items.length === 0) {
    // An invoice sent without items (VTEX infers them): it covers the whole order.
    return doc.items.map((it) => lineOf(it, it.quantity, it.sellingPrice ?? it.price, null));
  }
  return pkg.items.map((pi) =>
    lineOf(doc.items[pi.itemIndex], pi.quantity, pi.price, nonEmpty(pi.description)),
  );
}

function total(doc: OrderDocument, id: string): number {
  return doc.totals.find((t) => t.id.toLowerCase() === id.toLowerCase())?.value ?? 0;
}

export interface SlipModelInput {
  order: OrderDocument;
  invoiceNumber: string;
  store: StoreSettings;
  /** Label before a postal code in address lines (language-specific: "CEP"). */
  postalLabel: string;
}

/** The slip of one invoice (a package) of an order; throws PRINT_INVOICE_NOT_FOUND without it. */
export function buildSlipModel(input: SlipModelInput): SlipModel {
  const { order: doc, invoiceNumber, store } = input;
  const pkg = findInvoice(doc, invoiceNumber);
  if (!pkg) {
    throw new DeskError(
      'PRINT_INVOICE_NOT_FOUND',
      `order ${doc.orderId}, invoice ${invoiceNumber}`,
    );
  }
  const variant = variantOf(pkg);
  const lines = linesOf(doc, pkg);
  const subtotal = lines.reduce((s, l) => s + l.total, 0);
  const outputs = packagesOf(doc).filter((p) => variantOf(p) === 'output');
  const coversOrder =
    variant === 'output' && outputs.length === 1 && pkg.invoiceValue === doc.value;
  const firstLogistics = doc.shippingData?.logisticsInfo?.[0];
  const deliveryCourier = firstLogistics?.deliveryIds?.[0]?.courierName;
  const storeName =
    nonEmpty(store.name) ?? nonEmpty(doc.sellers?.[0]?.name) ?? nonEmpty(doc.hostname) ?? '';
  const refund =
    variant === 'return' ? (pkg.restitutions?.Refund?.value ?? pkg.invoiceValue) : null;
  return {
    variant,
    currency: currencyOf(doc.storePreferencesData?.currencyCode),
    store: {
      name: storeName,
      addressLines: store.address
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
      taxId: store.taxId,
    },
    orderId: doc.orderId,
    sequence: nonEmpty(doc.sequence),
    invoiceNumber: pkg.invoiceNumber,
    invoiceKey: formatInvoiceKey(pkg.invoiceKey),
    series: seriesOf(pkg),
    issuanceDate: nonEmpty(pkg.issuanceDate),
    invoiceUrl: nonEmpty(pkg.invoiceUrl),
    customer: customerOf(doc),
    destination: destinationOf(doc, input.postalLabel),
    lines,
    units: lines.reduce((s, l) => s + l.quantity, 0),
    subtotal,
    orderTotals: coversOrder
      ? {
          discounts: total(doc, 'Discounts'),
          shipping: total(doc, 'Shipping'),
          tax: total(doc, 'Tax'),
        }
      : null,
    adjustments: coversOrder || variant === 'return' ? 0 : pkg.invoiceValue - subtotal,
    invoiceTotal: pkg.invoiceValue,
    orderTotal: doc.value,
    partial: variant === 'output' && !coversOrder,
    refund,
    payments: variant === 'output' ? paymentsOf(doc) : [],
    // A return travels back on its own terms: only what its invoice says, not the outbound SLA.
    courier: nonEmpty(pkg.courier) ?? (variant === 'output' ? nonEmpty(deliveryCourier) : null),
    trackingNumber: nonEmpty(pkg.trackingNumber),
    shippingMethod: variant === 'output' ? nonEmpty(firstLogistics?.selectedSla) : null,
    volumes: pkg.volumes ?? null,
  };
}
