import { describe, expect, it } from 'vitest';
import {
  cashChange,
  centsToInput,
  formatMoney,
  parseMoneyInput,
} from '../../renderer/src/format/money';
import { formatDuration, formatRelative } from '../../renderer/src/format/time';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money on screen', () => {
  it('formats integer cents in the store currency and the user locale', () => {
    expect(nbsp(formatMoney(123456, 'BRL', 'pt-BR'))).toBe('R$ 1.234,56');
    expect(formatMoney(123456, 'USD', 'en')).toBe('$1,234.56');
    expect(nbsp(formatMoney(5, 'BRL', 'es'))).toMatch(/0,05/);
  });

  it('survives a currency code Intl does not know', () => {
    expect(() => formatMoney(100, 'NOT-A-CODE', 'en')).not.toThrow();
  });

  it.each([
    ['50', 'pt-BR', 5000],
    ['50,5', 'pt-BR', 5050],
    ['50,05', 'pt-BR', 5005],
    ['1.234,56', 'pt-BR', 123456],
    ['1.234', 'pt-BR', 123400],
    ['12.5', 'pt-BR', 1250],
    ['R$ 20,00', 'pt-BR', 2000],
    ['1,234.56', 'en', 123456],
    ['1,234', 'en', 123400],
    ['12,5', 'en', 1250],
    ['$ 7.10', 'en', 710],
    [',5', 'pt-BR', 50],
  ])('reads %s typed in %s as %i cents', (text, locale, cents) => {
    expect(parseMoneyInput(text, locale)).toBe(cents);
  });

  it.each([['abc'], ['-5'], ['1,2,3'], ['12,345'], ['1.2.3,4'], ['5,123'], [''], ['  ']])(
    'refuses %j in pt-BR',
    (text) => {
      expect(parseMoneyInput(text, 'pt-BR')).toBeNull();
    },
  );

  it('round-trips cents through the input format', () => {
    expect(centsToInput(4550, 'BRL', 'pt-BR')).toBe('45,50');
    expect(parseMoneyInput(centsToInput(4550, 'BRL', 'pt-BR'), 'pt-BR')).toBe(4550);
    expect(centsToInput(4550, 'USD', 'en')).toBe('45.50');
  });
});

describe('the till: change to give back', () => {
  it('computes change exactly in cents', () => {
    expect(cashChange(4590, '50', 'pt-BR')).toEqual({ kind: 'change', change: 410 });
    // 0.1 + 0.2 style float errors cannot happen: 33,30 − 33,10 is exactly 20 cents.
    expect(cashChange(3310, '33,30', 'pt-BR')).toEqual({ kind: 'change', change: 20 });
    expect(cashChange(4590, '45,90', 'pt-BR')).toEqual({ kind: 'change', change: 0 });
  });

  it('says how much is missing, and when the text is not an amount', () => {
    expect(cashChange(4590, '40', 'pt-BR')).toEqual({ kind: 'short', missing: 590 });
    expect(cashChange(4590, 'x', 'pt-BR')).toEqual({ kind: 'invalid' });
    expect(cashChange(4590, '', 'pt-BR')).toEqual({ kind: 'empty' });
  });
});

describe('time on screen', () => {
  it('ages and relative times', () => {
    expect(nbsp(formatDuration(4 * 60_000 + 5000, 'en'))).toBe('4 min');
    expect(nbsp(formatDuration(2 * 3_600_000 + 5 * 60_000, 'en'))).toBe('2 hr 5 min');
    const now = Date.UTC(2026, 10, 27, 12, 0);
    expect(formatRelative(now - 3 * 60_000, now, 'en')).toBe('3 minutes ago');
    expect(formatRelative(now + 5_000, now, 'en')).toBe('now');
  });
});
