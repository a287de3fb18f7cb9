import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CITATION_JURISDICTIONS,
  CITATION_OUTCOMES,
  QUESTION_URGENCIES,
  REPORT_REASONS,
  isMemberState,
  type CitationJurisdiction,
  type CitationOutcome,
  type QuestionStatus,
  type QuestionUrgency,
  type ReportReason,
} from '@serantau/shared';
import { useLabels } from '../../../app/labels';

/** The desk's vocabularies in the reader's language, with the app's country and topic names. */
export function usePrecedentLabels() {
  const { t } = useTranslation('precedents');
  const labels = useLabels();
  return useMemo(() => {
    const urgency = (value: QuestionUrgency) => t(`urgency.${value}`);
    const status = (value: QuestionStatus) => t(`status.${value}`);
    const outcome = (value: CitationOutcome) => t(`outcomes.${value}`);
    const citationJurisdiction = (value: CitationJurisdiction) =>
      isMemberState(value) ? labels.country(value) : t(`citationJurisdictions.${value}`);
    return {
      ...labels,
      urgency,
      status,
      outcome,
      citationJurisdiction,
      urgencyOptions: QUESTION_URGENCIES.map((value) => ({ value, label: urgency(value) })),
      outcomeOptions: CITATION_OUTCOMES.map((value) => ({ value, label: outcome(value) })),
      citationJurisdictionOptions: CITATION_JURISDICTIONS.map((value) => ({
        value,
        label: citationJurisdiction(value),
      })),
      reportReasonOptions: REPORT_REASONS.map((value: ReportReason) => ({
        value,
        label: t(`report.reasons.${value}`),
      })),
    };
  }, [t, labels]);
}

/**
 * A deadline is a calendar date, not an instant: shown as that date wherever the reader is (noon UTC
 * falls on the same date in every time zone from UTC−11 to UTC+11, ASEAN's among them).
 */
export function deadlineInstant(deadline: string): string {
  return `${deadline}T12:00:00.000Z`;
}

/** Today's date in the reader's time zone, as `YYYY-MM-DD` (the earliest deadline they may choose). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    // en-CA writes ISO dates.
    return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
