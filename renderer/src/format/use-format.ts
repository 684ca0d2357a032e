import { useMemo } from 'react';
import { useDesk } from '../store';
import { formatMoney } from './money';
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  formatListDate,
  formatRelative,
  formatTime,
  type TimeInput,
} from './time';

export interface Formatters {
  locale: string;
  money(cents: number, currency: string | null | undefined): string;
  dateTime(value: TimeInput): string;
  date(value: TimeInput): string;
  time(value: TimeInput): string;
  listDate(value: TimeInput): string;
  relative(value: TimeInput): string;
  duration(ms: number): string;
  count(n: number): string;
}

/** The Intl formatters in the user's language, with the screens' "now" for relative times. */
export function useFormat(): Formatters {
  const locale = useDesk((s) => s.prefs.locale);
  const now = useDesk((s) => s.now);
  return useMemo(
    () => ({
      locale,
      money: (cents, currency) => formatMoney(cents, currency ?? null, locale),
      dateTime: (v) => formatDateTime(v, locale),
      date: (v) => formatDate(v, locale),
      time: (v) => formatTime(v, locale),
      listDate: (v) => formatListDate(v, now, locale),
      relative: (v) => formatRelative(v, now, locale),
      duration: (ms) => formatDuration(ms, locale),
      count: (n) => formatCount(n, locale),
    }),
    [locale, now],
  );
}
