import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelative, intlLocale } from './format';

// 16:30 UTC on 9 March 2025: already the 10th in Kuala Lumpur (UTC+8), still the 9th in Bangkok (UTC+7).
const INSTANT = '2025-03-09T16:30:00.000Z';

describe('formatDateTime', () => {
  it("shows the same instant in each reader's own time zone", () => {
    expect(formatDateTime(INSTANT, { locale: 'en', timeZone: 'Asia/Kuala_Lumpur' })).toBe(
      '10 Mar 2025, 00:30',
    );
    expect(formatDateTime(INSTANT, { locale: 'en', timeZone: 'Asia/Bangkok' })).toBe('9 Mar 2025, 23:30');
    expect(formatDateTime(INSTANT, { locale: 'en', timeZone: 'Asia/Yangon' })).toBe('9 Mar 2025, 23:00');
    expect(formatDateTime(INSTANT, { locale: 'en', timeZone: 'UTC' })).toBe('9 Mar 2025, 16:30');
  });

  it('writes Malay month and weekday names for Malay readers', () => {
    expect(formatDateTime(INSTANT, { locale: 'ms', timeZone: 'Asia/Kuala_Lumpur' }, 'date')).toBe(
      '10 Mac 2025',
    );
    expect(formatDateTime(INSTANT, { locale: 'ms', timeZone: 'Asia/Kuala_Lumpur' }, 'full')).toMatch(
      /^Isnin, 10 Mac 2025 .*00:30:00/,
    );
  });

  it('offers date-only, time-only, precise and full styles', () => {
    const context = { locale: 'en', timeZone: 'Asia/Manila' };
    expect(formatDateTime(INSTANT, context, 'date')).toBe('10 Mar 2025');
    expect(formatDateTime(INSTANT, context, 'time')).toBe('00:30');
    expect(formatDateTime(INSTANT, context, 'precise')).toBe('10 Mar 2025, 00:30:00 GMT+8');
    expect(formatDateTime(INSTANT, context, 'full')).toBe('Monday, 10 March 2025 at 00:30:00 GMT+8');
  });

  it('falls back to UTC, labelled, for an unknown time zone, and shows unparseable input as is', () => {
    expect(formatDateTime(INSTANT, { locale: 'en', timeZone: 'Mars/Olympus_Mons' })).toBe(
      '9 Mar 2025, 16:30 UTC',
    );
    expect(formatDateTime('not a date', { locale: 'en', timeZone: 'UTC' })).toBe('not a date');
  });
});

describe('formatRelative', () => {
  const now = new Date(INSTANT);
  it('speaks in the largest whole unit, in the reader language', () => {
    expect(formatRelative('2025-03-09T16:27:00.000Z', 'en', now)).toBe('3 minutes ago');
    expect(formatRelative('2025-03-09T16:27:00.000Z', 'ms', now)).toBe('3 minit lalu');
    expect(formatRelative('2025-03-08T16:30:00.000Z', 'en', now)).toBe('yesterday');
    expect(formatRelative(INSTANT, 'en', now)).toBe('now');
  });
});

describe('intlLocale', () => {
  it('uses the regional variants of the interface languages', () => {
    expect(intlLocale('en')).toBe('en-GB');
    expect(intlLocale('ms')).toBe('ms-MY');
    expect(intlLocale('th')).toBe('th');
  });
});
