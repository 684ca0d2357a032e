/**
 * Money on screen. The desk keeps every amount in integer cents (VTEX's unit, also for currencies
 * without decimals); only these functions turn cents into text and typed text back into cents,
 * always through Intl in the user's locale and the store's currency.
 */

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      // An unknown currency code from a marketplace must not break the screen.
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(key, f);
  }
  return f;
}

/** 12345 cents → "R$ 123,45" (pt-BR, BRL) or "$123.45" (en, USD). */
export function formatMoney(cents: number, currency: string | null, locale: string): string {
  return formatter(locale, currency || 'BRL').format(cents / 100);
}

/** How many decimals the currency shows (BRL 2, CLP 0), from Intl. */
export function currencyDigits(currency: string | null, locale: string): number {
  return formatter(locale, currency || 'BRL').resolvedOptions().maximumFractionDigits ?? 2;
}

/** The locale's decimal separator ("," in pt-BR and es, "." in en). */
export function decimalSeparator(locale: string): string {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value ?? '.';
}

/** Cents as the plain number a person would type back into a field ("123,45"). */
export function centsToInput(cents: number, currency: string | null, locale: string): string {
  const digits = currencyDigits(currency, locale);
  const text = (cents / 100).toFixed(digits);
  return digits === 0 ? text : text.replace('.', decimalSeparator(locale));
}

/**
 * Typed money → cents, or null when it is not an amount. Accepts what people type at a till:
 * "12", "12,5", "12.50", "1.234,56" (pt-BR), "1,234.56" (en), with or without the currency sign.
 * The locale's decimal separator wins; the other one is read as grouping. A lone separator
 * followed by exactly three digits in a locale whose decimal differs ("1.234" in pt-BR) is
 * grouping; anything else ambiguous is read as the decimal, which is what a cashier means.
 */
export function parseMoneyInput(text: string, locale: string): number | null {
  const decimal = decimalSeparator(locale);
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^[^\d.,-]+|[^\d.,]+$/g, '');
  if (cleaned === '' || !/^-?[\d.,]+$/.test(cleaned)) return null;
  if (cleaned.startsWith('-')) return null;
  const other = decimal === ',' ? '.' : ',';
  let intPart: string;
  let fracPart = '';
  const lastDecimal = cleaned.lastIndexOf(decimal);
  if (lastDecimal >= 0) {
    intPart = cleaned.slice(0, lastDecimal);
    fracPart = cleaned.slice(lastDecimal + 1);
    if (fracPart.includes(other) || intPart.includes(decimal)) return null;
    if (intPart.includes(other)) {
      if (!isGrouped(intPart, other)) return null;
      intPart = intPart.split(other).join('');
    }
  } else if (cleaned.includes(other)) {
    const parts = cleaned.split(other);
    const last = parts[parts.length - 1] ?? '';
    if (parts.length === 2 && last.length !== 3) {
      // "12.5" typed in pt-BR: the person meant a decimal point.
      intPart = parts[0] ?? '';
      fracPart = last;
    } else {
      if (!isGrouped(cleaned, other)) return null;
      intPart = parts.join('');
    }
  } else {
    intPart = cleaned;
  }
  if (intPart === '') intPart = '0';
  if (!/^\d+$/.test(intPart) || !/^\d*$/.test(fracPart) || fracPart.length > 2) return null;
  const cents = Number(intPart) * 100 + Number((fracPart + '00').slice(0, 2));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** "1.234.567" grouped by threes after the first group. */
function isGrouped(text: string, separator: string): boolean {
  const groups = text.split(separator);
  return groups.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) : /^\d{3}$/.test(g)));
}

export type CashChange =
  | { kind: 'empty' }
  | { kind: 'invalid' }
  | { kind: 'short'; missing: number }
  | { kind: 'change'; change: number };

/**
 * The till's sum: what the customer handed over against what is due. Integer cents in and out,
 * so no rounding can ever make the change a cent off.
 */
export function cashChange(dueCents: number, receivedText: string, locale: string): CashChange {
  if (receivedText.trim() === '') return { kind: 'empty' };
  const received = parseMoneyInput(receivedText, locale);
  if (received === null) return { kind: 'invalid' };
  if (received < dueCents) return { kind: 'short', missing: dueCents - received };
  return { kind: 'change', change: received - dueCents };
}
