/**
 * The dialogs' own checks, pure so they are tested without a screen. They catch what a person can
 * get wrong while typing (a quantity above what is left, a missing reason); VTEX's rules are
 * checked again by the desk when the action is queued, and its refusal is shown as it comes.
 */

export interface PickLine {
  /** The order item's index. */
  index: number;
  /** SKU id (what the invoice line names). */
  id: string;
  name: string;
  /** Units that may go on this invoice: left to invoice (sale) or returnable (return). */
  max: number;
  /** Unit price, integer cents. */
  unitPrice: number;
}

export type Quantities = Record<number, string>;

export type PickProblem =
  | { kind: 'nothing' }
  | { kind: 'not-a-number'; name: string }
  | { kind: 'too-many'; name: string; max: number };

/** "3" → 3; "", "1.5", "-1", "abc" → null. */
export function parseQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  return Number(trimmed);
}

export function pickTotals(
  lines: readonly PickLine[],
  quantities: Quantities,
): { units: number; value: number } {
  let units = 0;
  let value = 0;
  for (const line of lines) {
    const q = parseQuantity(quantities[line.index] ?? '') ?? 0;
    units += q;
    value += q * line.unitPrice;
  }
  return { units, value };
}

/** The first thing wrong with the picked quantities, or null when they can be invoiced. */
export function checkPick(lines: readonly PickLine[], quantities: Quantities): PickProblem | null {
  let units = 0;
  for (const line of lines) {
    const q = parseQuantity(quantities[line.index] ?? '');
    if (q === null) return { kind: 'not-a-number', name: line.name };
    if (q > line.max) return { kind: 'too-many', name: line.name, max: line.max };
    units += q;
  }
  return units === 0 ? { kind: 'nothing' } : null;
}

/** The picked lines as the invoice's items (SKU id and quantity; the desk fills the price). */
export function pickedItems(
  lines: readonly PickLine[],
  quantities: Quantities,
): { id: string; quantity: number }[] {
  const out: { id: string; quantity: number }[] = [];
  for (const line of lines) {
    const q = parseQuantity(quantities[line.index] ?? '') ?? 0;
    if (q <= 0) continue;
    // Two order lines of the same SKU become one invoice line.
    const same = out.find((o) => o.id === line.id);
    if (same) same.quantity += q;
    else out.push({ id: line.id, quantity: q });
  }
  return out;
}

export type TrackingProblem = 'number-missing' | 'url-invalid';

export function checkTracking(input: {
  trackingNumber: string;
  trackingUrl: string;
}): TrackingProblem | null {
  if (input.trackingNumber.trim() === '') return 'number-missing';
  const url = input.trackingUrl.trim();
  if (url !== '' && !/^https?:\/\/\S+$/i.test(url)) return 'url-invalid';
  return null;
}

export const NOTE_MAX = 2000;

export type TextProblem = 'missing' | 'too-long';

export function checkText(text: string, max: number): TextProblem | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'missing';
  if (trimmed.length > max) return 'too-long';
  return null;
}

export const CANCEL_REASONS = ['customer', 'stock', 'payment', 'duplicate', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** The reason VTEX keeps: the chosen reason's words, then what was typed. */
export function cancelReasonText(label: string, details: string): string {
  const extra = details.trim();
  return extra ? `${label}: ${extra}` : label;
}

export function checkCancel(
  reason: CancelReason | '',
  details: string,
): 'choose' | 'explain' | null {
  if (reason === '') return 'choose';
  if (reason === 'other' && details.trim() === '') return 'explain';
  return null;
}
