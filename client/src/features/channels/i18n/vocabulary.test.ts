import { describe, expect, it } from 'vitest';
import {
  CHANNEL_KINDS,
  MODERATION_ACTIONS,
  NOTIFICATION_KINDS,
  NOTIFICATION_LEVELS,
  REPORT_ACTIONS,
  REPORT_REASONS,
  REPORT_STATUSES,
  UI_LOCALES,
} from '@serantau/shared';
import { resources } from '../../../i18n';

describe('channels catalogues', () => {
  it.each(UI_LOCALES)('name every value of the shared vocabularies in %s', (locale) => {
    const catalogue = resources[locale]?.channels as Record<string, Record<string, Record<string, string>>>;
    const missing: string[] = [];
    const check = (path: string, values: readonly string[]) => {
      const [group, sub] = path.split('.');
      const table = sub ? catalogue[group ?? '']?.[sub] : catalogue[group ?? ''];
      for (const value of values) {
        if (!table || typeof (table as Record<string, unknown>)[value] !== 'string')
          missing.push(`${path}.${value}`);
      }
    };
    check('kinds', CHANNEL_KINDS);
    check('kindHints', CHANNEL_KINDS);
    check('membership.levels', NOTIFICATION_LEVELS);
    check('report.reasons', REPORT_REASONS);
    check('moderation.statuses', REPORT_STATUSES);
    check('moderation.actions', REPORT_ACTIONS);
    check('moderation.logActions', MODERATION_ACTIONS);
    check('notifications.kinds', NOTIFICATION_KINDS);
    expect(missing).toEqual([]);
  });
});
