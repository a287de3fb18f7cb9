import { useTranslation } from 'react-i18next';
import type {
  LegalTopic,
  MemberStateCode,
  PrecedentPerson,
  QuestionStatus,
  QuestionUrgency,
} from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { formatDateTime } from '../../../lib/format';
import { Badge, Cluster, type Tone } from '../../../ui';
import { deadlineInstant, usePrecedentLabels } from '../lib/vocabulary';

const STATUS_TONES: Record<QuestionStatus, Tone> = {
  open: 'info',
  answered: 'warning',
  resolved: 'success',
  closed: 'neutral',
};

const URGENCY_TONES: Record<QuestionUrgency, Tone> = {
  routine: 'neutral',
  this_week: 'warning',
  urgent_hearing: 'danger',
};

export function StatusBadge({ status }: { status: QuestionStatus }) {
  const labels = usePrecedentLabels();
  return <Badge tone={STATUS_TONES[status]}>{labels.status(status)}</Badge>;
}

export function UrgencyBadge({ urgency }: { urgency: QuestionUrgency }) {
  const labels = usePrecedentLabels();
  return <Badge tone={URGENCY_TONES[urgency]}>{labels.urgency(urgency)}</Badge>;
}

export function TopicBadges({ topics }: { topics: readonly LegalTopic[] }) {
  const labels = usePrecedentLabels();
  return (
    <Cluster className="precedent-topics">
      {topics.map((topic) => (
        <Badge key={topic}>{labels.topic(topic)}</Badge>
      ))}
    </Cluster>
  );
}

export function Jurisdictions({ codes }: { codes: readonly MemberStateCode[] }) {
  const labels = usePrecedentLabels();
  return <span>{codes.map(labels.country).join(', ')}</span>;
}

/** A deadline is a calendar date: shown as that date, not shifted by the reader's time zone. */
export function Deadline({ deadline }: { deadline: string }) {
  const format = useFormat();
  return (
    <time dateTime={deadline}>
      {formatDateTime(deadlineInstant(deadline), { locale: format.locale, timeZone: 'UTC' }, 'date')}
    </time>
  );
}

/**
 * Who asked: their name, or "Anonymous member" when the reader may not know (the server sends no
 * author then — nothing here guesses). Moderators and the asker also see that it was asked anonymously.
 */
export function Asker({
  author,
  anonymous,
  askedByMe,
}: {
  author: PrecedentPerson | null;
  anonymous: boolean;
  askedByMe: boolean;
}) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  return (
    <span className="precedent-asker">
      {author ? (
        <span>
          {t('question.askedBy', { name: author.displayName, country: labels.country(author.country) })}
        </span>
      ) : (
        <span>{t('question.anonymousMember')}</span>
      )}
      {author && anonymous && <span> {t('question.askedAnonymously')}</span>}
      {askedByMe && <span className="ui-muted"> {t('question.youAsked')}</span>}
    </span>
  );
}
