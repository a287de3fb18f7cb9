import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n';
import { browserTimeZone, formatDateTime, formatRelative, type DateStyle } from '../lib/format';
import { useAuth } from './auth';

/** Date formatting bound to the reader: their interface language and their profile's time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const { session } = useAuth();
  const locale = currentLocale(i18n);
  const timeZone = session?.user.timeZone || browserTimeZone();
  return useMemo(
    () => ({
      locale,
      timeZone,
      dateTime: (value: string | Date, style?: DateStyle) =>
        formatDateTime(value, { locale, timeZone }, style),
      relative: (value: string | Date) => formatRelative(value, locale),
    }),
    [locale, timeZone],
  );
}
