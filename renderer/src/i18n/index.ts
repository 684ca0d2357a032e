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

export const resources = {
  en: { translation: en },
  'pt-BR': { translation: ptBR },
  es: { translation: es },
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
