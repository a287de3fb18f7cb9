import { describe, expect, it } from 'vitest';
import {
  AGENCY_KINDS,
  ERROR_CODES,
  GLOBAL_ROLES,
  INVITATION_STATUSES,
  LANGUAGES,
  SESSION_END_REASONS,
  UI_LOCALES,
  USER_STATUSES,
  VICTIM_SERVICES,
} from '@serantau/shared';
import { collectResources, namespaces, resources } from './index';

/** Flattens a catalogue to `a.b.c → value` so languages can be compared key by key. */
function flatten(catalogue: unknown, prefix = ''): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (catalogue === null || typeof catalogue !== 'object' || Array.isArray(catalogue)) {
    entries.set(prefix, catalogue);
    return entries;
  }
  for (const [key, value] of Object.entries(catalogue)) {
    for (const [path, leaf] of flatten(value, prefix ? `${prefix}.${key}` : key)) entries.set(path, leaf);
  }
  return entries;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

describe('message catalogues', () => {
  it('collects one namespace per folder with an i18n directory', () => {
    expect(namespaces).toEqual(
      expect.arrayContaining([
        'app',
        'ui',
        'auth',
        'home',
        'account',
        'directory',
        'service-providers',
        'admin',
      ]),
    );
  });

  it('has every namespace in every interface language', () => {
    for (const locale of UI_LOCALES) {
      expect(Object.keys(resources[locale] ?? {}).sort(), `namespaces of ${locale}`).toEqual(
        [...namespaces].sort(),
      );
    }
  });

  it.each(namespaces)('namespace "%s": English and Malay have exactly the same keys', (namespace) => {
    const english = flatten(resources.en?.[namespace]);
    const malay = flatten(resources.ms?.[namespace]);
    const onlyEnglish = [...english.keys()].filter((key) => !malay.has(key));
    const onlyMalay = [...malay.keys()].filter((key) => !english.has(key));
    expect(onlyEnglish, `keys missing from ms/${namespace}`).toEqual([]);
    expect(onlyMalay, `keys missing from en/${namespace}`).toEqual([]);
  });

  it.each(namespaces)(
    'namespace "%s": every message is non-empty text with the same placeholders',
    (namespace) => {
      for (const locale of UI_LOCALES) {
        for (const [key, value] of flatten(resources[locale]?.[namespace])) {
          expect(typeof value, `${locale}/${namespace}:${key}`).toBe('string');
          expect(String(value).trim(), `${locale}/${namespace}:${key} is empty`).not.toBe('');
        }
      }
      const english = flatten(resources.en?.[namespace]);
      for (const [key, value] of flatten(resources.ms?.[namespace])) {
        expect(placeholders(String(value)), `placeholders of ${namespace}:${key}`).toEqual(
          placeholders(String(english.get(key))),
        );
      }
    },
  );

  it('has a message for every value of the shared vocabularies the interface shows', () => {
    const expected: [string, string, readonly string[]][] = [
      ['ui', 'errors', ERROR_CODES],
      ['app', 'roles', GLOBAL_ROLES],
      ['app', 'languages', LANGUAGES],
      ['auth', 'sessionEnded', SESSION_END_REASONS],
      ['directory', 'agencyKinds', AGENCY_KINDS],
      ['service-providers', 'services', VICTIM_SERVICES],
      ['admin', 'statuses', USER_STATUSES],
      ['admin', 'invitations.statuses', INVITATION_STATUSES],
    ];
    for (const locale of UI_LOCALES) {
      for (const [namespace, prefix, values] of expected) {
        const messages = flatten(resources[locale]?.[namespace]);
        const missing = values.filter((value) => !messages.has(`${prefix}.${value}`));
        expect(missing, `${locale}/${namespace}:${prefix}`).toEqual([]);
      }
    }
  });

  it('maps catalogue paths to namespaces and languages', () => {
    const collected = collectResources({
      '../app/i18n/en.json': { a: 'A' },
      '../ui/i18n/ms.json': { b: 'B' },
      '../features/case-notes/i18n/en.json': { c: 'C' },
      '../features/case-notes/i18n/ms.json': { c: 'C ms' },
      '../features/broken/strings.json': { ignored: 'yes' },
    });
    expect(collected).toEqual({
      en: { app: { a: 'A' }, 'case-notes': { c: 'C' } },
      ms: { ui: { b: 'B' }, 'case-notes': { c: 'C ms' } },
    });
  });
});
