import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { UserProfile } from '@serantau/shared';
import { useLabels } from '../../../app/labels';
import { Badge, Cluster } from '../../../ui';

/** One member in the search results. */
export function MemberCard({ member }: { member: UserProfile }) {
  const { t } = useTranslation('directory');
  const labels = useLabels();
  return (
    <article className="member-card" aria-labelledby={`member-${member.id}`}>
      <div className="member-card__head">
        <h3 id={`member-${member.id}`} className="member-card__name">
          <Link to={`/directory/members/${member.id}`}>{member.displayName}</Link>
        </h3>
        <Badge tone="info">{labels.country(member.country)}</Badge>
      </div>
      {member.title && <p className="member-card__title">{member.title}</p>}
      {member.agencyName && <p className="ui-muted">{member.agencyName}</p>}
      {member.contactPoint && (
        <p>
          <Badge tone="success">{t('contactPoint')}</Badge>{' '}
          <span className="ui-small">{member.contactPoint}</span>
        </p>
      )}
      {member.languages.length > 0 && (
        <p className="ui-small">
          <span className="ui-muted">{t('card.languages')}: </span>
          {member.languages.map(labels.language).join(', ')}
        </p>
      )}
      {member.expertise.length > 0 && (
        <div>
          <span className="ui-visually-hidden">{t('card.expertise')}: </span>
          <Cluster>
            {member.expertise.map((topic) => (
              <Badge key={topic}>{labels.topic(topic)}</Badge>
            ))}
          </Cluster>
        </div>
      )}
    </article>
  );
}
