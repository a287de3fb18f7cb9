import type { RouteObject } from 'react-router';
import { SettingsPage } from './pages/SettingsPage';

export const accountRoutes: RouteObject[] = [{ path: 'settings', element: <SettingsPage /> }];
