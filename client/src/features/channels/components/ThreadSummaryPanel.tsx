import { useTranslation } from 'react-i18next';
import type { ThreadDetail } from '@serantau/shared';

/** The thread's living conclusion, co-edited by its participants. */
export function ThreadSummaryPanel({ thread }: { thread: ThreadDetail }) {
  const { t } = useTranslation('channels');
  return (
    <section className="thread-summary" aria-labelledby={`summary-${thread.id}`}>
      <h2 id={`summary-${thread.id}`} className="channel-aside__heading">
        {t('summary.heading')}
      </h2>
      <p className="ui-small ui-muted">{t('summary.unavailable')}</p>
    </section>
  );
}
