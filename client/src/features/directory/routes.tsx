import type { RouteObject } from 'react-router';
import { JurisdictionsPage } from './pages/JurisdictionsPage';
import { MemberProfilePage } from './pages/MemberProfilePage';
import { MembersPage } from './pages/MembersPage';

export const directoryRoutes: RouteObject[] = [
  { path: 'directory', element: <MembersPage /> },
  { path: 'directory/jurisdictions', element: <JurisdictionsPage /> },
  { path: 'directory/members/:id', element: <MemberProfilePage /> },
];
