import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  GLOBAL_ROLES,
  LANGUAGES,
  LEGAL_TOPICS,
  MEMBER_STATES,
  PARTNERS,
  jurisdictionName,
  legalTopicLabel,
  type GlobalRole,
  type Language,
  type LegalTopic,
} from '@serantau/shared';
import { currentLocale } from '../i18n';
import type { SelectOption } from '../ui';

/**
 * Display names for the shared vocabularies in the reader's language: countries and legal topics come
 * from `shared` (they carry their Malay names), languages and roles from the `app` catalogue.
 */
export function useLabels() {
  const { t, i18n } = useTranslation('app');
  const locale = currentLocale(i18n);
  return useMemo(() => {
    const country = (code: string) => jurisdictionName(code, locale);
    const topic = (id: string) => legalTopicLabel(id, locale);
    const language = (code: string) => t(`languages.${code}`, { defaultValue: code });
    const role = (value: string) => t(`roles.${value}`, { defaultValue: value });
    const byLabel = (a: SelectOption, b: SelectOption) => a.label.localeCompare(b.label, locale);
    return {
      locale,
      country,
      topic,
      language,
      role,
      memberStateOptions: MEMBER_STATES.map((state) => ({ value: state.code, label: country(state.code) })),
      partnerOptions: PARTNERS.map((partner) => ({ value: partner.code, label: country(partner.code) })),
      topicOptions: LEGAL_TOPICS.map((entry) => ({ value: entry.id as LegalTopic, label: topic(entry.id) })),
      languageOptions: LANGUAGES.map((code) => ({ value: code as Language, label: language(code) })).sort(
        byLabel,
      ),
      roleOptions: GLOBAL_ROLES.map((value) => ({ value: value as GlobalRole, label: role(value) })),
    };
  }, [t, locale]);
}
