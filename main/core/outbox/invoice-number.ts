import type { DeskDb } from '../db';
import { getMeta, setMeta } from './store';

/**
 * Invoice numbers made from a pattern, for stations that do not type the fiscal number.
 *
 * Tokens: `{seq}` or `{seq:N}` (the station's counter, zero-padded to N), `{station}` (the station
 * name, letters and digits only), `{yyyy}`, `{yy}`, `{mm}`, `{dd}` (the date at the station's
 * offset). `{seq}` is required: without it two invoices could get the same number.
 *
 * The number is drawn ONCE, inside the transaction that queues the action, and stored in the
 * action's body: a retry, a resend after a crash or an edit never draws a new one (a new number
 * would make VTEX create a second invoice instead of recognising the first).
 */
export const DEFAULT_INVOICE_PATTERN = '{station}-{seq:6}';

const KEY_PATTERN = 'invoice.pattern';
const KEY_SEQ = 'invoice.seq';
const TOKEN = /\{(seq(?::(\d{1,2}))?|station|yyyy|yy|mm|dd)\}/g;

export function checkInvoicePattern(pattern: string): string | null {
  if (!/\{seq(:\d{1,2})?\}/.test(pattern)) {
    return 'The invoice number pattern needs {seq} (or {seq:6}), or two invoices could get the same number.';
  }
  const unknown = pattern.replace(TOKEN, '').match(/\{[^}]*\}/);
  if (unknown) return `The invoice number pattern has an unknown part ${unknown[0]}.`;
  if (pattern.replace(TOKEN, 'x').length > 50) return 'The invoice number pattern is too long.';
  return null;
}

export function formatInvoiceNumber(
  pattern: string,
  seq: number,
  station: string,
  now: number,
  utcOffsetMinutes: number,
): string {
  const local = new Date(now + utcOffsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return pattern.replace(TOKEN, (_m, token: string, width: string | undefined) => {
    if (token.startsWith('seq')) return String(seq).padStart(width ? Number(width) : 1, '0');
    switch (token) {
      case 'station':
        return station.replace(/[^A-Za-z0-9]/g, '').toUpperCase() || 'DESK';
      case 'yyyy':
        return String(local.getUTCFullYear());
      case 'yy':
        return String(local.getUTCFullYear()).slice(2);
      case 'mm':
        return two(local.getUTCMonth() + 1);
      default:
        return two(local.getUTCDate());
    }
  });
}

export function getInvoicePattern(db: DeskDb): string {
  return getMeta(db, KEY_PATTERN) ?? DEFAULT_INVOICE_PATTERN;
}

/** Saves the station's pattern; returns the refusal text when it is not usable. */
export function setInvoicePattern(db: DeskDb, pattern: string): string | null {
  const bad = checkInvoicePattern(pattern);
  if (bad) return bad;
  setMeta(db, KEY_PATTERN, pattern);
  return null;
}

/** Draws the next number. Call inside the queueing transaction (it bumps the counter). */
export function drawInvoiceNumber(
  db: DeskDb,
  opts: { pattern?: string; station: string; now: number; utcOffsetMinutes: number },
): string {
  const pattern = opts.pattern ?? getInvoicePattern(db);
  const seq = Number(getMeta(db, KEY_SEQ) ?? '0') + 1;
  setMeta(db, KEY_SEQ, String(seq));
  return formatInvoiceNumber(pattern, seq, opts.station, opts.now, opts.utcOffsetMinutes);
}
