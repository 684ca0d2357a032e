import { describe, expect, it } from 'vitest';
import { createI18n, LOCALES, resources, type Locale } from '../../renderer/src/i18n';
import { failureText } from '../../renderer/src/i18n/messages';
import { FEED_ONLY_STATUSES, ORDER_STATUSES } from '../../vtex/statuses';

/**
 * The translations against English: the same keys (plural forms counted once), the same
 * placeholders, nothing empty; every VTEX status with a name of its own; and plurals right for
 * zero ("0 ações", not "0 ação").
 */

type Tree = { [k: string]: string | Tree };

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const messages = (locale: Locale) => flatten(resources[locale].translation as unknown as Tree);
const base = (key: string) => key.replace(PLURAL, '');
const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

const en = messages('en');
const others = LOCALES.filter((l) => l !== 'en');

describe('translations', () => {
  it.each(others)('%s has every English key, and no key English lacks', (locale) => {
    const keys = new Set([...messages(locale).keys()].map(base));
    const enKeys = new Set([...en.keys()].map(base));
    expect([...enKeys].filter((k) => !keys.has(k))).toEqual([]);
    expect([...keys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it.each(LOCALES)('%s: no empty text, and the placeholders English has', (locale) => {
    const wrong: string[] = [];
    for (const [key, text] of messages(locale)) {
      if (text.trim() === '') wrong.push(`${key}: empty`);
      const source = en.get(key) ?? en.get(`${base(key)}_other`);
      if (source === undefined) continue;
      const want = placeholders(source).filter((p) => p !== 'count');
      const got = placeholders(text).filter((p) => p !== 'count');
      if (want.join() !== got.join()) wrong.push(`${key}: {${got.join()}} ≠ {${want.join()}}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(LOCALES)('%s names every VTEX status, each with a label of its own', (locale) => {
    const t = createI18n(locale).t;
    const labels = new Map<string, string[]>();
    const unnamed: string[] = [];
    for (const status of [...ORDER_STATUSES, ...FEED_ONLY_STATUSES]) {
      const label = t(`status.${status}` as 'status.handling', { defaultValue: '' });
      if (!label) unnamed.push(status);
      labels.set(label, [...(labels.get(label) ?? []), status]);
    }
    expect(unnamed).toEqual([]);
    expect([...labels.values()].filter((s) => s.length > 1)).toEqual([]);
  });

  it.each(LOCALES)('%s says zero with the plural form', (locale) => {
    const t = createI18n(locale).t;
    const wrong: string[] = [];
    const plurals = new Set([...messages(locale).keys()].filter((k) => PLURAL.test(k)).map(base));
    for (const key of plurals) {
      const vars: Record<string, unknown> = { defaultValue: '' };
      for (const p of placeholders(en.get(`${key}_other`) ?? '')) if (p) vars[p] = 'X';
      const zero = t(key as 'scan.several', { ...vars, count: 0 });
      const many = t(key as 'scan.several', { ...vars, count: 7 });
      if (zero !== many.replaceAll('7', '0')) wrong.push(`${key}: “${zero}” (7: “${many}”)`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('refusals in words', () => {
  const t = createI18n('en').t;
  it('a bare HTTP phrase gives way to the code’s words; quoted statuses get their names', () => {
    expect(failureText(t, 'en', { code: 'VTEX_REJECTED', message: 'Bad Request' })).toBe(
      'VTEX refused this action.',
    );
    expect(
      failureText(t, 'en', {
        code: 'CANCEL_NOT_ALLOWED',
        message: 'The order is "canceled" already; "weird-status" stays as it is.',
      }),
    ).toBe('The order is “Canceled” already; "weird-status" stays as it is.');
    expect(
      failureText(createI18n('pt-BR').t, 'pt-BR', { code: 'VTEX_REJECTED', message: '' }),
    ).toBe('A VTEX recusou esta ação.');
  });
});
