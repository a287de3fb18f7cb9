import type { RouteObject } from 'react-router';
import { AskPage } from './pages/AskPage';
import { CitationPage } from './pages/CitationPage';
import { DeskPage } from './pages/DeskPage';
import { LibraryPage } from './pages/LibraryPage';
import { QuestionPage } from './pages/QuestionPage';

export const precedentPageRoutes: RouteObject[] = [
  { path: 'precedents', element: <DeskPage /> },
  { path: 'precedents/ask', element: <AskPage /> },
  { path: 'precedents/questions/:id', element: <QuestionPage /> },
  { path: 'precedents/library', element: <LibraryPage /> },
  { path: 'precedents/citations/:key', element: <CitationPage /> },
];
