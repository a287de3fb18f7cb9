import type { RouteObject } from 'react-router';
import { BrowseChannelsPage } from './pages/BrowseChannelsPage';
import { ChannelPage } from './pages/ChannelPage';
import { ChannelsLayout } from './pages/ChannelsLayout';
import { InboxPage } from './pages/InboxPage';
import { MembersPage } from './pages/MembersPage';
import { ModerationPage } from './pages/ModerationPage';
import { SearchPage } from './pages/SearchPage';
import { ThreadPage } from './pages/ThreadPage';

export const channelRoutes: RouteObject[] = [
  {
    path: 'channels',
    element: <ChannelsLayout />,
    children: [
      { index: true, element: <InboxPage /> },
      { path: 'inbox', element: <InboxPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'browse', element: <BrowseChannelsPage /> },
      { path: ':channelId', element: <ChannelPage /> },
      { path: ':channelId/threads/:threadId', element: <ThreadPage /> },
      { path: ':channelId/moderation', element: <ModerationPage /> },
      { path: ':channelId/members', element: <MembersPage /> },
    ],
  },
];
