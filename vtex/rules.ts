/**
 * VTEX's order rules (digest §1.3, §1.4), written once: the sandbox enforces them on requests and
 * the desk checks them locally before it queues an action. Pure functions over the order document.
 */
import type { OrderDocument, Package } from './order';
import type { InvoiceRequest } from './requests';

export const RULES = {
  ORDER_NOT_READY_FOR_HANDLING: {
    http: 409,
    vtexCode: 'OMS003',
    message: 'Order status should be ready-for-handling to perform this action',
  },
  ORDER_FINAL: {
    http: 400,
    vtexCode: 'OMS004',
    message: 'The order is invoiced or canceled and can no longer change',
  },
  ORDER_CANCELED: { http: 400, vtexCode: 'OMS005', message: 'The order is canceled' },
  ORDER_ALREADY_INVOICED: {
    http: 400,
    vtexCode: 'OMS006',
    message: 'The order is already fully invoiced',
  },
  CANCEL_AFTER_PARTIAL_INVOICE: {
    http: 400,
    vtexCode: 'OMS007',
    message:
      'An order with an invoice cannot be canceled; remove the remaining items with a change instead',
  },
  CANCEL_NOT_ALLOWED: {
    http: 400,
    vtexCode: 'OMS008',
    message: 'The order cannot be canceled in its current status',
  },
  INVOICE_NOT_ALLOWED_IN_STATUS: {
    http: 400,
    vtexCode: 'OMS009',
    message: 'Output invoices are accepted only after handling has started',
  },
  INVOICE_UNKNOWN_ITEM: {
    http: 400,
    vtexCode: 'OMS010',
    message: 'The invoice names an item that is not in the order',
  },
  INVOICE_QUANTITY_EXCEEDED: {
    http: 400,
    vtexCode: 'OMS011',
    message: 'The invoice has more units of an item than are left to invoice',
  },
  INVOICE_VALUE_EXCEEDED: {
    http: 400,
    vtexCode: 'OMS012',
    message: 'The invoices would add up to more than the order value',
  },
  RETURN_BEFORE_FULL_INVOICE: {
    http: 400,
    vtexCode: 'OMS013',
    message: 'A return invoice needs an Output invoice on the order first',
  },
  RETURN_QUANTITY_EXCEEDED: {
    http: 400,
    vtexCode: 'OMS014',
    message: 'The return has more units of an item than were invoiced and not yet returned',
  },
  RETURN_VALUE_EXCEEDED: {
    http: 400,
    vtexCode: 'OMS015',
    message: 'The returns would add up to more than was invoiced',
  },
  INVOICE_NOT_FOUND: {
    http: 404,
    vtexCode: 'OMS016',
    message: 'No invoice with this number in the order',
  },
  TRACKING_NUMBER_MISSING: {
    http: 400,
    vtexCode: 'OMS017',
    message: 'Tracking events need an invoice with a tracking number',
  },
  PAYMENT_NOT_FOUND: {
    http: 404,
    vtexCode: 'OMS018',
    message: 'No payment with this id in the order',
  },
  PAYMENT_NOT_PENDING: {
    http: 400,
    vtexCode: 'OMS019',
    message: 'Only a pending offline payment (cash, promissory, bank invoice) can be notified',
  },
} as const;

export type RuleCode = keyof typeof RULES;

export interface RuleViolation {
  code: RuleCode;
  message: string;
}

function violation(code: RuleCode, detail?: string): RuleViolation {
  return { code, message: detail ? `${RULES[code].message}: ${detail}` : RULES[code].message };
}

type OrderLike = Pick<OrderDocument, 'status' | 'value' | 'items'> & {
  packageAttachment?: { packages: Package[] } | null | undefined;
  paymentData?: OrderDocument['paymentData'];
};

/** Payment groups settled outside VTEX, which wait in payment-pending for a notification. */
export const OFFLINE_PAYMENT_GROUPS: readonly string[] = ['promissory', 'bankInvoice', 'cash'];

/**
 * Statuses in which an Output invoice is accepted. VTEX accepts invoices from ready-for-handling
 * on (Help Center, "Why has my order stopped on Ready for Handling?"), so an invoice sent right
 * after start handling is accepted while the order still passes through start-handling.
 */
export const INVOICEABLE: readonly string[] = [
  'ready-for-handling',
  'start-handling',
  'handling',
  'ready-for-invoicing',
  'waiting-for-fulfillment',
  'invoice',
];

/**
 * Whether an Output invoice is accepted in the order's status: the statuses above, and
 * payment-approved after a partial invoice (VTEX sends a partially invoiced order back there
 * until the rest is invoiced).
 */
export function acceptsOutputInvoice(order: OrderLike): boolean {
  return (
    INVOICEABLE.includes(order.status) ||
    (order.status === 'payment-approved' && isPartiallyInvoiced(order))
  );
}

export function packagesOf(order: OrderLike): Package[] {
  return order.packageAttachment?.packages ?? [];
}

const isInput = (p: Package) => p.type.toLowerCase() === 'input';

export function outputTotal(order: OrderLike): number {
  return packagesOf(order)
    .filter((p) => !isInput(p))
    .reduce((s, p) => s + p.invoiceValue, 0);
}

export function inputTotal(order: OrderLike): number {
  return packagesOf(order)
    .filter(isInput)
    .reduce((s, p) => s + p.invoiceValue, 0);
}

/** Reaching `invoiced` takes Σ Output = value (digest §1.4). */
export function isFullyInvoiced(order: OrderLike): boolean {
  return order.value > 0
    ? outputTotal(order) >= order.value
    : packagesOf(order).some((p) => !isInput(p));
}

export function isPartiallyInvoiced(order: OrderLike): boolean {
  return outputTotal(order) > 0 && !isFullyInvoiced(order);
}

/** Units per item index, summed over the packages of one type. */
function unitsByIndex(order: OrderLike, input: boolean): Map<number, number> {
  const m = new Map<number, number>();
  for (const p of packagesOf(order)) {
    if (isInput(p) !== input) continue;
    for (const it of p.items) m.set(it.itemIndex, (m.get(it.itemIndex) ?? 0) + it.quantity);
  }
  return m;
}

/** Units of each order item (by index) not yet in an Output invoice. */
export function remainingToInvoice(order: OrderLike): number[] {
  const done = unitsByIndex(order, false);
  return order.items.map((it, i) => Math.max(0, it.quantity - (done.get(i) ?? 0)));
}

/** Units of each order item (by index) invoiced and not yet returned. */
export function returnable(order: OrderLike): number[] {
  const out = unitsByIndex(order, false);
  const back = unitsByIndex(order, true);
  return order.items.map((_, i) => Math.max(0, (out.get(i) ?? 0) - (back.get(i) ?? 0)));
}

export function checkStartHandling(order: OrderLike): RuleViolation | null {
  return order.status === 'ready-for-handling' ? null : violation('ORDER_NOT_READY_FOR_HANDLING');
}

export function checkCancel(order: OrderLike): RuleViolation | null {
  if (order.status === 'canceled' || order.status === 'cancel') return violation('ORDER_CANCELED');
  if (order.status === 'invoiced' || isFullyInvoiced(order)) return violation('ORDER_FINAL');
  if (outputTotal(order) > 0) return violation('CANCEL_AFTER_PARTIAL_INVOICE');
  if (order.status === 'invoice' || order.status === 'replaced')
    return violation('CANCEL_NOT_ALLOWED');
  return null;
}

/**
 * Assigns each invoice line to order item indexes (a SKU may appear on several lines of the
 * order), taking units from the first line with units left. Returns the allocation or the
 * violation that makes it impossible.
 */
export function allocateInvoiceItems(
  order: OrderLike,
  items: InvoiceRequest['items'],
  available: number[],
  exceeded: RuleCode,
): { itemIndex: number; quantity: number; price: number }[] | RuleViolation {
  const left = [...available];
  const out: { itemIndex: number; quantity: number; price: number }[] = [];
  for (const line of items) {
    let need = line.quantity;
    const indexes = order.items.flatMap((it, i) => (it.id === line.id ? [i] : []));
    if (indexes.length === 0) return violation('INVOICE_UNKNOWN_ITEM', `SKU ${line.id}`);
    for (const i of indexes) {
      const take = Math.min(need, left[i] ?? 0);
      if (take <= 0) continue;
      left[i] = (left[i] ?? 0) - take;
      need -= take;
      out.push({ itemIndex: i, quantity: take, price: line.price });
      if (need === 0) break;
    }
    if (need > 0) return violation(exceeded, `SKU ${line.id}`);
  }
  return out;
}

/** The invoice number is already in the order: VTEX answers with a new receipt and changes nothing. */
export function findInvoice(order: OrderLike, invoiceNumber: string): Package | undefined {
  return packagesOf(order).find((p) => p.invoiceNumber === invoiceNumber);
}

export function checkInvoice(order: OrderLike, req: InvoiceRequest): RuleViolation | null {
  if (findInvoice(order, req.invoiceNumber)) return null;
  if (order.status === 'canceled' || order.status === 'cancel') return violation('ORDER_CANCELED');
  if (req.type === 'Output') {
    if (order.status === 'invoiced' || isFullyInvoiced(order))
      return violation('ORDER_ALREADY_INVOICED');
    if (!acceptsOutputInvoice(order))
      return violation('INVOICE_NOT_ALLOWED_IN_STATUS', order.status);
    const alloc = allocateInvoiceItems(
      order,
      req.items,
      remainingToInvoice(order),
      'INVOICE_QUANTITY_EXCEEDED',
    );
    if (!Array.isArray(alloc)) return alloc;
    if (outputTotal(order) + req.invoiceValue > order.value)
      return violation('INVOICE_VALUE_EXCEEDED');
    return null;
  }
  // VTEX accepts a return of what was invoiced, also on a partially invoiced order.
  if (outputTotal(order) <= 0) return violation('RETURN_BEFORE_FULL_INVOICE');
  const alloc = allocateInvoiceItems(
    order,
    req.items,
    returnable(order),
    'RETURN_QUANTITY_EXCEEDED',
  );
  if (!Array.isArray(alloc)) return alloc;
  if (inputTotal(order) + req.invoiceValue > outputTotal(order))
    return violation('RETURN_VALUE_EXCEEDED');
  return null;
}

export function findPayment(order: OrderLike, paymentId: string) {
  for (const t of order.paymentData?.transactions ?? []) {
    const p = t.payments.find((x) => x.id === paymentId);
    if (p) return p;
  }
  return undefined;
}

export function checkPaymentNotification(
  order: OrderLike,
  paymentId: string,
): RuleViolation | null {
  const p = findPayment(order, paymentId);
  if (!p) return violation('PAYMENT_NOT_FOUND', paymentId);
  if (order.status !== 'payment-pending' || !OFFLINE_PAYMENT_GROUPS.includes(p.group ?? '')) {
    return violation('PAYMENT_NOT_PENDING');
  }
  return null;
}

export function checkTrackingEvents(order: OrderLike, invoiceNumber: string): RuleViolation | null {
  const p = findInvoice(order, invoiceNumber);
  if (!p) return violation('INVOICE_NOT_FOUND', invoiceNumber);
  if (!p.trackingNumber) return violation('TRACKING_NUMBER_MISSING');
  return null;
}
