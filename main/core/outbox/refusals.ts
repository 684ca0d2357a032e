import type { RuleCode, RuleViolation } from '../../../vtex';
import type { DeskErrorCode } from '../errors';

/**
 * Why the desk refuses an action (at queue time) or holds it in Needs attention (at sync time).
 * `code` is stable (scripts and the UI key on it; the table is in main/core/errors.ts), `message`
 * is written for the person at the packing table.
 */
export interface Refusal {
  code: DeskErrorCode;
  message: string;
}

/** The desk's wording for VTEX's rules (the code stays VTEX's rule name). */
const RULE_MESSAGES: Record<RuleCode, (detail: string, status: string) => string> = {
  ORDER_NOT_READY_FOR_HANDLING: (_d, s) =>
    `Handling can start only when the order is ready for handling; it is "${s}".`,
  ORDER_FINAL: () => 'The order is already invoiced or canceled and cannot be canceled now.',
  ORDER_CANCELED: () => 'The order is canceled.',
  ORDER_ALREADY_INVOICED: () => 'The order is already fully invoiced.',
  CANCEL_AFTER_PARTIAL_INVOICE: () =>
    'Part of the order is invoiced, so it cannot be canceled. Ask the office to remove the remaining items instead.',
  CANCEL_NOT_ALLOWED: (_d, s) => `The order cannot be canceled while it is "${s}".`,
  INVOICE_NOT_ALLOWED_IN_STATUS: (_d, s) =>
    `Start handling the order before invoicing it (it is "${s}").`,
  INVOICE_UNKNOWN_ITEM: (d) => `The invoice lists an item that is not in this order (${d}).`,
  INVOICE_QUANTITY_EXCEEDED: (d) => `The invoice has more units than are left to invoice (${d}).`,
  INVOICE_VALUE_EXCEEDED: () => 'The invoices would add up to more than the order total.',
  RETURN_BEFORE_FULL_INVOICE: () => 'A return can be invoiced only after an invoice of the order.',
  RETURN_QUANTITY_EXCEEDED: (d) =>
    `The return has more units than were invoiced and not yet returned (${d}).`,
  RETURN_VALUE_EXCEEDED: () => 'The returns would add up to more than was invoiced.',
  INVOICE_NOT_FOUND: (d) => `This order has no invoice ${d}.`,
  TRACKING_NUMBER_MISSING: () =>
    'Give the invoice a tracking number first; tracking events need one.',
  PAYMENT_NOT_FOUND: (d) => `This order has no payment ${d}.`,
  PAYMENT_NOT_PENDING: () =>
    'Only a pending cash, promissory or bank-invoice payment can be recorded, and the order must be waiting for payment.',
};

/** Turns a rule violation into the desk's refusal (code = the rule's name). */
export function ruleRefusal(v: RuleViolation, status: string): Refusal {
  const detail = v.message.includes(': ') ? v.message.slice(v.message.indexOf(': ') + 2) : '';
  return { code: v.code, message: RULE_MESSAGES[v.code](detail, status) };
}

export function refusal(code: DeskErrorCode, message: string): Refusal {
  return { code, message };
}

/** Thrown by the queue API for refusals; scripts print `code: message` and exit non-zero. */
export class ActionRefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'ActionRefusedError';
  }
  get code(): DeskErrorCode {
    return this.refusal.code;
  }
}
