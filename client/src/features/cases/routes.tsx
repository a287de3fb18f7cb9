import type { RouteObject } from 'react-router';
import { CaseListPage } from './pages/CaseListPage';
import { CaseWorkspacePage } from './pages/CaseWorkspacePage';
import { DocumentPage } from './pages/DocumentPage';
import { RequestPage } from './pages/RequestPage';

export const caseRoutes: RouteObject[] = [
  { path: 'cases', element: <CaseListPage /> },
  { path: 'cases/:caseId', element: <CaseWorkspacePage /> },
  { path: 'cases/:caseId/documents/:documentId', element: <DocumentPage /> },
  { path: 'cases/:caseId/requests/:requestId', element: <RequestPage /> },
];
