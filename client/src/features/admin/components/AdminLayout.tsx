import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { roleHas, type GlobalCapability } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { ForbiddenPage } from '../../../app/pages/ForbiddenPage';

const SECTIONS: { path: string; labelKey: string; capability: GlobalCapability }[] = [
  { path: '/admin/users', labelKey: 'subnav.users', capability: 'users.manage' },
  { path: '/admin/invitations', labelKey: 'subnav.invitations', capability: 'users.invite' },
  { path: '/admin/settings', labelKey: 'subnav.settings', capability: 'settings.manage' },
  { path: '/admin/audit', labelKey: 'subnav.audit', capability: 'audit.read' },
];

/** The secretariat's tools, each behind its own capability. */
export function AdminLayout() {
  const { t } = useTranslation('admin');
  const user = useCurrentUser();
  const sections = SECTIONS.filter((section) => roleHas(user.role, section.capability));
  if (sections.length === 0) return <ForbiddenPage />;
  return (
    <div className="ui-stack">
      <nav aria-label={t('subnav.label')} className="subnav">
        {sections.map((section) => (
          <NavLink key={section.path} to={section.path} className="subnav__link">
            {t(section.labelKey)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
