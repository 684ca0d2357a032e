import type { OrderItem } from './order';

/**
 * What VTEX's invoice notification refuses before any status rule runs: an issuance date that is
 * not a real moment, and item lines whose unit price is not a price the order charges for that
 * SKU. Shared by the sandbox (which answers 400) and the desk (which refuses before queuing).
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** A date (or date-time) that names a real calendar day and clock time, offset included. */
export function isRealDateTime(text: string): boolean {
  const m = ISO.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (leap years included).
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59)) return false;
  if (m[6] !== undefined && Number(m[6]) > 59) return false;
  if (m[8] !== undefined && (Number(m[9]) > 14 || Number(m[10]) > 59)) return false;
  return true;
}

export interface InvoiceLine {
  id: string;
  price: number;
  quantity: number;
}

/**
 * Null when every line is fine, else the sentence saying which line is wrong: a unit price must be
 * a whole, non-negative number of cents and one the order charges for that SKU (its selling price
 * or its list price); a quantity a positive whole number.
 */
export function checkInvoiceLines(
  order: { items: Pick<OrderItem, 'id' | 'price' | 'sellingPrice'>[] },
  lines: readonly InvoiceLine[],
): string | null {
  for (const line of lines) {
    if (!Number.isInteger(line.price) || line.price < 0) {
      return `item ${line.id}: the price must be a whole, non-negative number of cents (got ${line.price})`;
    }
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      return `item ${line.id}: the quantity must be a positive whole number (got ${line.quantity})`;
    }
    const charged = order.items
      .filter((it) => it.id === line.id)
      .flatMap((it) => [it.sellingPrice, it.price])
      .filter((p): p is number => typeof p === 'number');
    // An unknown SKU is the status rules' business (INVOICE_UNKNOWN_ITEM).
    if (charged.length > 0 && !charged.includes(line.price)) {
      return `item ${line.id}: the price ${line.price} does not match the order's price of that item (${[...new Set(charged)].join(' or ')} cents)`;
    }
  }
  return null;
}
