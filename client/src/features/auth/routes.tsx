import type { RouteObject } from 'react-router';
import { EnrolTwoFactorPage } from './pages/EnrolTwoFactorPage';
import { InvitePage } from './pages/InvitePage';
import { LoginPage } from './pages/LoginPage';

/** Pages outside the shell, reachable without a full session. */
export const authPageRoutes: RouteObject[] = [
  { path: 'login', element: <LoginPage /> },
  { path: 'two-factor/enrol', element: <EnrolTwoFactorPage /> },
  { path: 'invite/:token', element: <InvitePage /> },
];
