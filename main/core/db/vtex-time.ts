/**
 * VTEX times carry up to 7 fractional digits (`2019-08-12T20:54:23.7153839Z`) and sometimes an
 * offset instead of `Z` (digest §6). Milliseconds alone cannot order two changes of one order that
 * are less than 1 ms apart, so a parsed time keeps the digits below the millisecond as `sub`
 * (0–9999, in units of 100 ns) and comparisons use both.
 */
export interface VtexInstant {
  /** Milliseconds since the epoch (UTC). */
  ms: number;
  /** 100 ns ticks below the millisecond (digits 4–7 of the fraction). */
  sub: number;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses a VTEX time; without an offset the time is UTC (as VTEX reads it). */
export function parseVtexTime(text: string): VtexInstant | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  const digits = frac.padEnd(7, '0');
  const millis = Number(digits.slice(0, 3));
  const sub = Number(digits.slice(3, 7));
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const hh = Number(zone.slice(1, 3));
    const mm = Number(zone.slice(zone.includes(':') ? 4 : 3) || '0');
    if (hh > 23 || mm > 59) return undefined;
    offsetMin = sign * (hh * 60 + mm);
  }
  const ms = Date.UTC(Number(y), month - 1, day, hour, minute, second, millis) - offsetMin * 60_000;
  if (!Number.isFinite(ms)) return undefined;
  // Date.UTC silently rolls 2026-02-31 into March: reject dates that did not survive the trip.
  const check = new Date(ms + offsetMin * 60_000);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  return { ms, sub };
}

export function compareInstants(a: VtexInstant, b: VtexInstant): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.sub - b.sub;
}
