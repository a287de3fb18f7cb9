import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { UI_LOCALES, UiLocaleSchema, type UiLocale } from '@serantau/shared';

/**
 * Message catalogues live beside the code that uses them, one namespace per folder:
 * `app/i18n/<lang>.json` → `app`, `ui/i18n/<lang>.json` → `ui`, `editor/i18n/<lang>.json` → `editor`,
 * `features/<feature>/i18n/<lang>.json` → `<feature>`. A new feature adds its two files and is picked up here.
 */
const catalogueModules = import.meta.glob<Record<string, unknown>>(
  ['../app/i18n/*.json', '../ui/i18n/*.json', '../editor/i18n/*.json', '../features/*/i18n/*.json'],
  { eager: true, import: 'default' },
);

const CATALOGUE_PATH = /(?:\/features\/([^/]+)|\/(app|ui|editor))\/i18n\/([A-Za-z-]+)\.json$/;

/** Turns `{ path: catalogue }` into i18next resources `{ lang: { namespace: catalogue } }`. */
export function collectResources(modules: Record<string, Record<string, unknown>>): Resource {
  const resources: Resource = {};
  for (const [path, catalogue] of Object.entries(modules)) {
    const match = CATALOGUE_PATH.exec(path);
    if (!match) continue;
    const namespace = match[1] ?? match[2];
    const language = match[3];
    if (!namespace || !language) continue;
    resources[language] = { ...resources[language], [namespace]: catalogue };
  }
  return resources;
}

export const resources = collectResources(catalogueModules);
export const namespaces = [
  ...new Set(Object.values(resources).flatMap((byNamespace) => Object.keys(byNamespace))),
];

const LOCALE_STORAGE_KEY = 'serantau.locale';

/** The language chosen before sign-in (or on this device), else the browser's, else English. */
export function initialLocale(): UiLocale {
  try {
    const stored = UiLocaleSchema.safeParse(localStorage.getItem(LOCALE_STORAGE_KEY));
    if (stored.success) return stored.data;
  } catch {
    // Storage can be disabled by policy; the browser language still works.
  }
  const browser = typeof navigator === 'undefined' ? '' : navigator.language.toLowerCase();
  return browser.startsWith('ms') ? 'ms' : 'en';
}

export function rememberLocale(locale: UiLocale): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not fatal: the choice still applies to this tab.
  }
}

export function currentLocale(instance: I18n = i18next): UiLocale {
  const parsed = UiLocaleSchema.safeParse(instance.resolvedLanguage ?? instance.language);
  return parsed.success ? parsed.data : 'en';
}

/** Switches the interface language and keeps `<html lang>` in step. */
export async function applyLocale(locale: UiLocale, instance: I18n = i18next): Promise<void> {
  if (instance.language !== locale) await instance.changeLanguage(locale);
  document.documentElement.lang = locale;
}

/** Initialises the global i18next instance synchronously (all catalogues are bundled). */
export function setupI18n(locale: UiLocale = initialLocale()): I18n {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources,
      lng: locale,
      supportedLngs: [...UI_LOCALES],
      fallbackLng: 'en',
      ns: namespaces,
      defaultNS: 'app',
      // React escapes output itself; escaping twice would show &amp; to the reader.
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
      showSupportNotice: false,
    });
    i18next.on('languageChanged', (language) => {
      document.documentElement.lang = language;
    });
  }
  document.documentElement.lang = i18next.language;
  return i18next;
}
