import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation, type Location } from 'react-router';
import { roleHas, type GlobalCapability } from '@serantau/shared';
import { useAuth } from './auth';
import { BootScreen, ServerUnreachable } from './components/BootScreen';
import { ForbiddenPage } from './pages/ForbiddenPage';

/**
 * Where to go after signing in. Only same-site paths are accepted, so a crafted `?next=` link cannot
 * send a freshly signed-in prosecutor to another site.
 */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

export function loginPathFor(location: Pick<Location, 'pathname' | 'search'>): string {
  const here = `${location.pathname}${location.search}`;
  if (here === '/' || location.pathname === '/login') return '/login';
  return `/login?next=${encodeURIComponent(here)}`;
}

/** The signed-in part of the app: anyone else goes to the login page (keeping the way back). */
export function RequireAuth() {
  const auth = useAuth();
  const location = useLocation();
  switch (auth.status) {
    case 'loading':
      return <BootScreen />;
    case 'unreachable':
      return <ServerUnreachable />;
    case 'authenticated':
      return <Outlet />;
    case 'enrolment':
      return <Navigate to="/two-factor/enrol" replace />;
    case 'second_factor':
    case 'anonymous':
      // After a deliberate sign-out there is no page to come back to.
      return <Navigate to={auth.endReason === 'logged_out' ? '/login' : loginPathFor(location)} replace />;
  }
}

/** Pages for roles with a capability; others see an explanation rather than a broken page. */
export function RequireCapability({
  capability,
  children,
}: {
  capability: GlobalCapability;
  children?: ReactNode;
}) {
  const { session } = useAuth();
  if (!session || !roleHas(session.user.role, capability)) return <ForbiddenPage />;
  return children ?? <Outlet />;
}
