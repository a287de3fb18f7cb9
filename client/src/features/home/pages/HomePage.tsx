import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../app/auth';
import { useLabels } from '../../../app/labels';
import { navEntriesFor } from '../../../app/nav';
import { Badge, Banner, ButtonLink, Card, Cluster, Icon, Page } from '../../../ui';

/** `/`: who you are signed in as, and the sections you can use. */
export function HomePage() {
  const { t } = useTranslation('home');
  const user = useCurrentUser();
  const labels = useLabels();
  const sections = navEntriesFor(user.role).filter((entry) => entry.id !== 'home');

  return (
    <Page title={t('title')} description={t('welcome', { name: user.displayName })}>
      <Card title={t('profileHeading')} labelledBy="home-profile">
        <Cluster>
          <Badge tone="info">{labels.country(user.country)}</Badge>
          <Badge>{labels.role(user.role)}</Badge>
          {user.agencyName && <span>{user.agencyName}</span>}
          {user.title && <span className="ui-muted">{user.title}</span>}
          {user.contactPoint && (
            <Badge tone="success">{t('contactPoint', { role: user.contactPoint })}</Badge>
          )}
        </Cluster>
        {!user.twoFactorEnabled && (
          <Banner
            tone="warning"
            actions={
              <ButtonLink to="/settings?tab=two-factor" size="sm">
                {t('twoFactorAction')}
              </ButtonLink>
            }
          >
            {t('twoFactorMissing')}
          </Banner>
        )}
      </Card>
      <section aria-labelledby="home-sections" className="ui-stack">
        <h2 id="home-sections">{t('sectionsHeading')}</h2>
        <ul className="ui-list-reset home-sections">
          {sections.map((entry) => (
            <li key={entry.id}>
              <Link to={entry.path} className="home-section">
                <span className="home-section__icon">
                  <Icon name={entry.icon} size={22} />
                </span>
                <span>
                  <span className="home-section__title">{t(entry.labelKey)}</span>
                  {entry.descriptionKey && (
                    <span className="home-section__text">{t(entry.descriptionKey)}</span>
                  )}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
