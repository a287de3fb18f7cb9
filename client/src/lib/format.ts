/** Date and time display: always in the reader's own time zone and interface language. */

export interface FormatContext {
  /** Interface locale, e.g. `en` or `ms`. */
  locale: string;
  /** IANA time zone of the reader, e.g. `Asia/Kuala_Lumpur`. */
  timeZone: string;
}

/**
 * `date` 9 Mar 2025 · `time` 23:30 · `datetime` 9 Mar 2025, 23:30 ·
 * `precise` 9 Mar 2025, 23:30:05 GMT+7 (audit trails) · `full` with weekday and month spelled out.
 */
export type DateStyle = 'date' | 'time' | 'datetime' | 'precise' | 'full';

/** Regional variants: British English writes 23 Nov 2025 and a 24-hour clock, as the network does. */
const INTL_LOCALES: Record<string, string> = { en: 'en-GB', ms: 'ms-MY' };

export function intlLocale(locale: string): string {
  return INTL_LOCALES[locale] ?? locale;
}

const STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { day: 'numeric', month: 'short', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  datetime: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
  precise: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  },
  full: {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(context: FormatContext, style: DateStyle): Intl.DateTimeFormat {
  const key = `${context.locale}|${context.timeZone}|${style}`;
  const cached = formatters.get(key);
  if (cached) return cached;
  let created: Intl.DateTimeFormat;
  try {
    created = new Intl.DateTimeFormat(intlLocale(context.locale), {
      ...STYLES[style],
      timeZone: context.timeZone,
    });
  } catch {
    // A time zone this browser does not know: show UTC and say so rather than fail the page.
    created = new Intl.DateTimeFormat(intlLocale(context.locale), {
      ...STYLES[style],
      timeZone: 'UTC',
      timeZoneName: 'short',
    });
  }
  formatters.set(key, created);
  return created;
}

function toDate(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Formats an ISO timestamp for display; an unparseable value is shown as it came. */
export function formatDateTime(
  value: string | Date,
  context: FormatContext,
  style: DateStyle = 'datetime',
): string {
  const date = toDate(value);
  if (!date) return String(value);
  return formatter(context, style).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 minutes ago", "in 2 days": time zone independent, so only the locale matters. */
export function formatRelative(value: string | Date, locale: string, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date) return String(value);
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second')
      return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** The browser's own zone: the default before sign-in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
