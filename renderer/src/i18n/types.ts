import type { en } from './locales/en';

/** Every translation has exactly the English tree's keys, each a string. */
export type Messages<T = typeof en> = {
  [K in keyof T]: T[K] extends string ? string : Messages<T[K]>;
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
  }
}
