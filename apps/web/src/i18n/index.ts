import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';

export const defaultNS = 'translation';
export const resources = { en: { translation: en } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/** One i18n layer for all UI text; English is the first catalogue. */
export function initI18n(): typeof i18n {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources,
      lng: 'en',
      fallbackLng: 'en',
      defaultNS,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return i18n;
}

export { i18n };

/**
 * Translates a key built at run time (an action name, an enum value) and falls back to the given
 * text when the catalogue has no entry for it.
 */
export function translateOr(
  key: string,
  fallback: string,
  options?: Record<string, unknown>,
): string {
  if (!i18n.exists(key)) return fallback;
  return (i18n.t as unknown as (k: string, o?: Record<string, unknown>) => string)(key, options);
}
