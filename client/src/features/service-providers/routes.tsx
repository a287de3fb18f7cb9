import type { RouteObject } from 'react-router';
import { RequireCapability } from '../../app/guards';
import { ServiceProviderFormPage } from './pages/ServiceProviderFormPage';
import { ServiceProviderPage } from './pages/ServiceProviderPage';
import { ServiceProvidersPage } from './pages/ServiceProvidersPage';

export const serviceProviderRoutes: RouteObject[] = [
  { path: 'service-providers', element: <ServiceProvidersPage /> },
  { path: 'service-providers/:id', element: <ServiceProviderPage /> },
  {
    element: <RequireCapability capability="serviceProviders.edit" />,
    children: [
      { path: 'service-providers/new', element: <ServiceProviderFormPage /> },
      { path: 'service-providers/:id/edit', element: <ServiceProviderFormPage /> },
    ],
  },
];
