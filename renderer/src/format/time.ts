/**
 * Dates and durations on screen, through Intl in the user's locale. The desk hands times over as
 * epoch milliseconds (or VTEX's ISO strings); nothing here reads the clock itself, so the screens
 * and their tests pass "now" in.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

export type TimeInput = number | string | null | undefined;

export function toMs(value: TimeInput): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** "27/11/2026 14:05" style, in the user's locale. */
export function formatDateTime(value: TimeInput, locale: string): string {
  const ms = toMs(value);
  if (ms === null) return '—';
  return dateFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(ms);
}

export function formatDate(value: TimeInput, locale: string): string {
  const ms = toMs(value);
  if (ms === null) return '—';
  return dateFormat(locale, { dateStyle: 'medium' }).format(ms);
}

export function formatTime(value: TimeInput, locale: string): string {
  const ms = toMs(value);
  if (ms === null) return '—';
  return dateFormat(locale, { timeStyle: 'short' }).format(ms);
}

/** A list row's date: the time alone for today, the short date otherwise. */
export function formatListDate(value: TimeInput, nowMs: number, locale: string): string {
  const ms = toMs(value);
  if (ms === null) return '—';
  const day = (t: number) => new Date(t).toDateString();
  return day(ms) === day(nowMs) ? formatTime(ms, locale) : formatDateTime(ms, locale);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 minutes ago", "in 2 hours", "now" — the largest whole unit. */
export function formatRelative(value: TimeInput, nowMs: number, locale: string): string {
  const ms = toMs(value);
  if (ms === null) return '—';
  // A time a few seconds ahead of the screens' clock (it ticks every few seconds) is "now".
  const diff = ms - nowMs > 0 && ms - nowMs < 60_000 ? 0 : ms - nowMs;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === 'second') {
      const n = Math.trunc(diff / size);
      return n === 0 ? rtf.format(0, 'second') : rtf.format(n, unit);
    }
  }
  return rtf.format(0, 'second');
}

/** A duration as "4 min", "2 h 5 min", "3 d" (for ages: the oldest action waiting to sync). */
export function formatDuration(ms: number, locale: string): string {
  const abs = Math.max(0, ms);
  const unit = (n: number, u: 'day' | 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(n);
  if (abs < 60_000) return unit(Math.floor(abs / 1000), 'second');
  if (abs < 3_600_000) return unit(Math.floor(abs / 60_000), 'minute');
  if (abs < 86_400_000) {
    const h = Math.floor(abs / 3_600_000);
    const m = Math.floor((abs % 3_600_000) / 60_000);
    return m === 0 ? unit(h, 'hour') : `${unit(h, 'hour')} ${unit(m, 'minute')}`;
  }
  return unit(Math.floor(abs / 86_400_000), 'day');
}

/** 1234 → "1.234" (pt-BR), "1,234" (en). */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}
