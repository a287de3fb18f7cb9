import { Navigate, type RouteObject } from 'react-router';
import { RequireCapability } from '../../app/guards';
import { AdminLayout } from './components/AdminLayout';
import { AuditPage } from './pages/AuditPage';
import { InvitationsPage } from './pages/InvitationsPage';
import { NetworkSettingsPage } from './pages/NetworkSettingsPage';
import { UsersPage } from './pages/UsersPage';

export const adminRoutes: RouteObject[] = [
  {
    path: 'admin',
    element: <AdminLayout />,
    children: [
      { index: true, element: <Navigate to="users" replace /> },
      {
        path: 'users',
        element: (
          <RequireCapability capability="users.manage">
            <UsersPage />
          </RequireCapability>
        ),
      },
      {
        path: 'invitations',
        element: (
          <RequireCapability capability="users.invite">
            <InvitationsPage />
          </RequireCapability>
        ),
      },
      {
        path: 'settings',
        element: (
          <RequireCapability capability="settings.manage">
            <NetworkSettingsPage />
          </RequireCapability>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequireCapability capability="audit.read">
            <AuditPage />
          </RequireCapability>
        ),
      },
    ],
  },
];
