import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  channelRoutes,
  directoryRoutes,
  moderationRoutes,
  notificationRoutes,
  threadRoutes,
  type Attachment,
  type ChannelListQuery,
  type ContainerRef,
  type CreateChannelBody,
  type CreateReportBody,
  type CreateThreadBody,
  type MarkNotificationsReadBody,
  type MuteBody,
  type ReportStatus,
  type ResolveReportBody,
  type SearchQuery,
  type SlowModeBody,
  type ThreadDetail,
  type UpdateChannelBody,
  type UpdateMembershipBody,
  type UpdateThreadBody,
  ErrorBodySchema,
} from '@serantau/shared';
import { authStore } from '../../app/auth';
import { ApiError, apiRequest } from '../../lib/api';

export const THREAD_PAGE_SIZE = 30;

export const channelKeys = {
  all: ['channels'] as const,
  lists: () => ['channels', 'list'] as const,
  list: (scope: 'joined' | 'all') => ['channels', 'list', scope] as const,
  channel: (id: string) => ['channels', 'channel', id] as const,
  members: (id: string) => ['channels', 'members', id] as const,
  threadLists: () => ['channels', 'threads'] as const,
  threads: (ref: ContainerRef, tag?: string) => ['channels', 'threads', ref.type, ref.id, tag ?? ''] as const,
  threadsOf: (ref: ContainerRef) => ['channels', 'threads', ref.type, ref.id] as const,
  thread: (id: string) => ['channels', 'thread', id] as const,
  inbox: () => ['channels', 'inbox'] as const,
  search: (query: SearchQuery) => ['channels', 'search', query] as const,
  moderation: (ref: ContainerRef) => ['channels', 'moderation', ref.type, ref.id] as const,
  reports: (ref: ContainerRef, status: ReportStatus) =>
    ['channels', 'moderation', ref.type, ref.id, 'reports', status] as const,
  log: (ref: ContainerRef) => ['channels', 'moderation', ref.type, ref.id, 'log'] as const,
  edits: (messageId: string) => ['channels', 'edits', messageId] as const,
  people: (q: string) => ['channels', 'people', q] as const,
};

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (unreadOnly: boolean) => ['notifications', unreadOnly ? 'unread' : 'all'] as const,
};

// ---- Channels ----------------------------------------------------------------------------------

export function useChannels(scope: 'joined' | 'all' = 'joined', includeArchived = false) {
  const query: ChannelListQuery = { scope, includeArchived: includeArchived ? 'true' : 'false' };
  return useQuery({
    queryKey: [...channelKeys.list(scope), includeArchived],
    queryFn: () => apiRequest(channelRoutes.list, { query }),
    placeholderData: keepPreviousData,
  });
}

export function useChannel(id: string) {
  return useQuery({
    queryKey: channelKeys.channel(id),
    queryFn: () => apiRequest(channelRoutes.get, { params: { id } }),
  });
}

/** After any change to a channel or membership: its own view, every list, and the sidebar. */
export function invalidateChannel(queryClient: QueryClient, id?: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: channelKeys.lists() }),
    id ? queryClient.invalidateQueries({ queryKey: channelKeys.channel(id) }) : null,
    id ? queryClient.invalidateQueries({ queryKey: channelKeys.members(id) }) : null,
  ]).then(() => undefined);
}

export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateChannelBody) => apiRequest(channelRoutes.create, { body }),
    onSuccess: () => invalidateChannel(queryClient),
  });
}

export function useUpdateChannel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateChannelBody) => apiRequest(channelRoutes.update, { params: { id }, body }),
    onSuccess: () => invalidateChannel(queryClient, id),
  });
}

export function useArchiveChannel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (archived: boolean) =>
      apiRequest(archived ? channelRoutes.archive : channelRoutes.restore, { params: { id } }),
    onSuccess: () => invalidateChannel(queryClient, id),
  });
}

export function useJoinChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(channelRoutes.join, { params: { id } }),
    onSuccess: (_data, id) => invalidateChannel(queryClient, id),
  });
}

export function useLeaveChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(channelRoutes.leave, { params: { id } }),
    onSuccess: (_data, id) => invalidateChannel(queryClient, id),
  });
}

export function useUpdateMembership(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMembershipBody) =>
      apiRequest(channelRoutes.updateMembership, { params: { id }, body }),
    onSuccess: () => invalidateChannel(queryClient, id),
  });
}

export function useChannelMembers(id: string, enabled = true) {
  return useQuery({
    queryKey: channelKeys.members(id),
    queryFn: () => apiRequest(channelRoutes.members, { params: { id } }),
    enabled,
  });
}

export function useMemberChanges(id: string) {
  const queryClient = useQueryClient();
  const done = () => invalidateChannel(queryClient, id);
  return {
    add: useMutation({
      mutationFn: (userId: string) =>
        apiRequest(channelRoutes.addMember, { params: { id }, body: { userId } }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => apiRequest(channelRoutes.removeMember, { params: { id, userId } }),
      onSuccess: done,
    }),
    moderator: useMutation({
      mutationFn: ({ userId, value }: { userId: string; value: boolean }) =>
        apiRequest(value ? channelRoutes.addModerator : channelRoutes.removeModerator, {
          params: { id, userId },
        }),
      onSuccess: done,
    }),
  };
}

/** Active members by name, for mention suggestions and pickers. */
export function usePeopleSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: channelKeys.people(q),
    queryFn: () => apiRequest(directoryRoutes.members, { query: { q, limit: 8 } }),
    enabled: enabled && q.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

// ---- Threads -----------------------------------------------------------------------------------

export function useThreadList(ref: ContainerRef, tag?: string) {
  return useInfiniteQuery({
    queryKey: channelKeys.threads(ref, tag),
    queryFn: ({ pageParam }) =>
      apiRequest(threadRoutes.list, {
        params: ref,
        query: { cursor: pageParam, limit: THREAD_PAGE_SIZE, ...(tag ? { tag } : {}) },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useThread(id: string) {
  return useQuery({
    queryKey: channelKeys.thread(id),
    queryFn: () => apiRequest(threadRoutes.get, { params: { id } }),
  });
}

function storeThread(queryClient: QueryClient, thread: ThreadDetail): void {
  queryClient.setQueryData(channelKeys.thread(thread.id), thread);
  void queryClient.invalidateQueries({ queryKey: channelKeys.threadsOf(thread.container) });
}

export function useCreateThread(ref: ContainerRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateThreadBody) => apiRequest(threadRoutes.create, { params: ref, body }),
    onSuccess: (thread) => storeThread(queryClient, thread),
  });
}

export function useThreadChanges(id: string) {
  const queryClient = useQueryClient();
  const stored = (thread: ThreadDetail) => storeThread(queryClient, thread);
  return {
    update: useMutation({
      mutationFn: (body: UpdateThreadBody) => apiRequest(threadRoutes.update, { params: { id }, body }),
      onSuccess: stored,
    }),
    resolve: useMutation({
      mutationFn: (value: boolean) => apiRequest(threadRoutes.resolve, { params: { id }, body: { value } }),
      onSuccess: stored,
    }),
    lock: useMutation({
      mutationFn: (value: boolean) => apiRequest(threadRoutes.lock, { params: { id }, body: { value } }),
      onSuccess: stored,
    }),
    pin: useMutation({
      mutationFn: (value: boolean) => apiRequest(threadRoutes.pin, { params: { id }, body: { value } }),
      onSuccess: stored,
    }),
    move: useMutation({
      mutationFn: ({ to, reason }: { to: ContainerRef; reason: string }) =>
        apiRequest(threadRoutes.move, { params: { id }, body: { to, reason } }),
      onSuccess: stored,
    }),
    follow: useMutation({
      mutationFn: (value: boolean) => apiRequest(threadRoutes.follow, { params: { id }, body: { value } }),
      onSuccess: (me) => {
        queryClient.setQueryData<ThreadDetail>(channelKeys.thread(id), (current) =>
          current ? { ...current, me } : current,
        );
        void queryClient.invalidateQueries({ queryKey: channelKeys.inbox() });
      },
    }),
  };
}

export function useInbox() {
  return useQuery({ queryKey: channelKeys.inbox(), queryFn: () => apiRequest(threadRoutes.inbox) });
}

export function useSearch(query: SearchQuery | null) {
  return useQuery({
    queryKey: channelKeys.search(query ?? { q: '' }),
    queryFn: () => apiRequest(threadRoutes.search, { query: query ?? { q: '' } }),
    enabled: query !== null && query.q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}

// ---- Messages and moderation -------------------------------------------------------------------

export function useMessageModeration() {
  return {
    hide: useMutation({
      mutationFn: ({ id, reason }: { id: string; reason: string }) =>
        apiRequest(threadRoutes.hide, { params: { id }, body: { reason } }),
    }),
    unhide: useMutation({
      mutationFn: ({ id, reason }: { id: string; reason: string }) =>
        apiRequest(threadRoutes.unhide, { params: { id }, body: { reason } }),
    }),
    report: useMutation({
      mutationFn: ({ id, body }: { id: string; body: CreateReportBody }) =>
        apiRequest(threadRoutes.report, { params: { id }, body }),
    }),
  };
}

export function useEditHistory(messageId: string, enabled: boolean) {
  return useQuery({
    queryKey: channelKeys.edits(messageId),
    queryFn: () => apiRequest(threadRoutes.messageHistory, { params: { id: messageId } }),
    enabled,
  });
}

export function useModerationOverview(ref: ContainerRef, enabled = true) {
  return useQuery({
    queryKey: channelKeys.moderation(ref),
    queryFn: () => apiRequest(moderationRoutes.overview, { params: ref }),
    enabled,
  });
}

export function useReports(ref: ContainerRef, status: ReportStatus) {
  return useInfiniteQuery({
    queryKey: channelKeys.reports(ref, status),
    queryFn: ({ pageParam }) =>
      apiRequest(moderationRoutes.reports, { params: ref, query: { status, cursor: pageParam, limit: 30 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useModerationLog(ref: ContainerRef) {
  return useInfiniteQuery({
    queryKey: channelKeys.log(ref),
    queryFn: ({ pageParam }) =>
      apiRequest(moderationRoutes.log, { params: ref, query: { cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useModerationActions(ref: ContainerRef) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: channelKeys.moderation(ref) });
  return {
    resolve: useMutation({
      mutationFn: ({ id, body }: { id: string; body: ResolveReportBody }) =>
        apiRequest(moderationRoutes.resolveReport, { params: { id }, body }),
      onSuccess: refresh,
    }),
    dismiss: useMutation({
      mutationFn: ({ id, note }: { id: string; note: string }) =>
        apiRequest(moderationRoutes.dismissReport, { params: { id }, body: { note } }),
      onSuccess: refresh,
    }),
    mute: useMutation({
      mutationFn: (body: MuteBody) => apiRequest(moderationRoutes.mute, { params: ref, body }),
      onSuccess: refresh,
    }),
    unmute: useMutation({
      mutationFn: (userId: string) => apiRequest(moderationRoutes.unmute, { params: { ...ref, userId } }),
      onSuccess: refresh,
    }),
    slowMode: useMutation({
      mutationFn: (body: SlowModeBody) => apiRequest(moderationRoutes.slowMode, { params: ref, body }),
      onSuccess: refresh,
    }),
  };
}

// ---- Notifications -----------------------------------------------------------------------------

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.list(false),
    queryFn: () => apiRequest(notificationRoutes.list, { query: { limit: 30 } }),
    enabled,
  });
}

/** Only the unread count, kept current by live events (the bell in the header). */
export function useUnreadNotificationCount() {
  return useQuery({
    queryKey: notificationKeys.list(true),
    queryFn: () => apiRequest(notificationRoutes.list, { query: { unreadOnly: 'true', limit: 1 } }),
    select: (page) => page.unreadCount,
    staleTime: 60_000,
  });
}

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MarkNotificationsReadBody) => apiRequest(notificationRoutes.markRead, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

// ---- Attachments -------------------------------------------------------------------------------

/** Multipart upload (the JSON client does not carry files); same cookie, CSRF token and error shape. */
export async function uploadAttachment(threadId: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const token = authStore.getState().csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/threads/${encodeURIComponent(threadId)}/attachments`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: token ? { 'x-csrf-token': token } : {},
      body: form,
    });
  } catch (cause) {
    throw new ApiError('SERVICE_UNAVAILABLE', 0, cause instanceof Error ? cause.message : 'network error');
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = ErrorBodySchema.safeParse(payload);
    throw parsed.success
      ? new ApiError(parsed.data.error.code, response.status, parsed.data.error.message)
      : new ApiError('INTERNAL', response.status, 'Upload failed');
  }
  return threadRoutes.uploadAttachment.response.parse(payload);
}

export function attachmentUrl(id: string): string {
  return `/api/attachments/${encodeURIComponent(id)}`;
}
