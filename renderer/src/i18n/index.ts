import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { es } from './locales/es';
import { ptBR } from './locales/pt-BR';

/** The languages of the desk, in the order the language switch lists them. */
export const LOCALES = ['pt-BR', 'es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = {
  'pt-BR': 'Português (Brasil)',
  es: 'Español',
  en: 'English',
};

const STORAGE_KEY = 'order-desk.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** navigator.languages → one of ours: any Portuguese is pt-BR, any Spanish es, the rest en. */
export function matchLocale(tags: readonly string[]): Locale {
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('es')) return 'es';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** The language chosen before on this computer, else the browser's. */
export function detectLocale(
  storage: Pick<Storage, 'getItem'> | null = safeStorage(),
  nav: Pick<Navigator, 'languages' | 'language'> | null = typeof navigator === 'undefined'
    ? null
    : navigator,
): Locale {
  const saved = storage?.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  const tags = nav ? (nav.languages?.length ? nav.languages : [nav.language]) : [];
  return matchLocale(tags);
}

export function persistLocale(locale: Locale): void {
  safeStorage()?.setItem(STORAGE_KEY, locale);
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be disabled (privacy settings); the desk still works, it just forgets.
    return null;
  }
}

type Tree = { [key: string]: string | Tree };

/**
 * Zero takes the plural form on screen ("0 ações", "0 unidades"), but CLDR puts 0 in "one" for
 * Portuguese, so i18next would pick "0 ação". i18next looks for a `_zero` form first when the
 * count is 0: where the language's rules file 0 under another form, each `_other` gets a `_zero`
 * twin.
 */
export function withPluralZero<T extends object>(locale: string, messages: T): T {
  if (new Intl.PluralRules(locale).select(0) === 'other') return messages;
  const walk = (tree: Tree): Tree => {
    const out: Tree = {};
    for (const [key, value] of Object.entries(tree)) {
      out[key] = typeof value === 'string' ? value : walk(value);
      const stem = key.endsWith('_other') ? key.slice(0, -'_other'.length) : null;
      if (stem !== null && typeof value === 'string' && !(`${stem}_zero` in tree)) {
        out[`${stem}_zero`] = value;
      }
    }
    return out;
  };
  return walk(messages as unknown as Tree) as unknown as T;
}

export const resources = {
  en: { translation: en },
  'pt-BR': { translation: withPluralZero('pt-BR', ptBR) },
  es: { translation: withPluralZero('es', es) },
} as const;

/**
 * One i18next instance per app (and per test), initialised synchronously: the resources are
 * bundled, so the first paint is already in the right language.
 */
export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
