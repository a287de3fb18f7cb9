import type { RouteObject } from 'react-router';
import { accountRoutes } from '../features/account/routes';
import { adminRoutes } from '../features/admin/routes';
import { authPageRoutes } from '../features/auth/routes';
import { caseRoutes } from '../features/cases/routes';
import { channelRoutes } from '../features/channels/routes';
import { directoryRoutes } from '../features/directory/routes';
import { homeRoutes } from '../features/home/routes';
import { precedentPageRoutes } from '../features/precedents/routes';
import { serviceProviderRoutes } from '../features/service-providers/routes';
import { RouteError } from './components/ErrorBoundary';
import { RootLayout } from './components/RootLayout';
import { Shell } from './components/Shell';
import { RequireAuth } from './guards';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * The route tree. Features export their route objects from `features/<feature>/routes.tsx` and add one
 * spread here; their sidebar entry and catalogues are discovered on their own.
 */
export const appRoutes: RouteObject[] = [
  {
    path: '/',
    element: <RootLayout />,
    errorElement: <RouteError />,
    children: [
      ...authPageRoutes,
      {
        element: <RequireAuth />,
        children: [
          {
            element: <Shell />,
            children: [
              {
                // A page that crashes is replaced by a notice inside the shell, navigation stays usable.
                errorElement: <RouteError />,
                children: [
                  ...homeRoutes,
                  ...directoryRoutes,
                  ...serviceProviderRoutes,
                  ...caseRoutes,
                  ...channelRoutes,
                  ...precedentPageRoutes,
                  ...accountRoutes,
                  ...adminRoutes,
                  { path: '*', element: <NotFoundPage /> },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
];
