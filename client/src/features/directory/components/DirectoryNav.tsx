import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

/** Sub-navigation between the people and the places of the network. */
export function DirectoryNav() {
  const { t } = useTranslation('directory');
  return (
    <nav aria-label={t('subnav.label')} className="subnav">
      <NavLink to="/directory" end className="subnav__link">
        {t('subnav.members')}
      </NavLink>
      <NavLink to="/directory/jurisdictions" className="subnav__link">
        {t('subnav.jurisdictions')}
      </NavLink>
    </nav>
  );
}
