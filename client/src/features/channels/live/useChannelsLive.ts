import { useEffect, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient, type InfiniteData, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { Channel, ContainerRef, ThreadDetail, ThreadListItem } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { emitWithAck, useSocket, useSocketEvent } from '../../../lib/socket';
import { useToast } from '../../../ui';
import { channelKeys, notificationKeys } from '../api';
import { outboxFor } from './outbox';
import { activeThreadStore, changePresence, setPresence } from './presence';

type ThreadPage = { items: ThreadListItem[]; nextCursor: string | null };

const pendingInvalidations = new Map<string, ReturnType<typeof setTimeout>>();

/** Many events in a burst refetch once: the cache is patched at once, the server's view follows. */
function invalidateSoon(queryClient: QueryClient, queryKey: QueryKey, delayMs = 600): void {
  const key = JSON.stringify(queryKey);
  if (pendingInvalidations.has(key)) return;
  pendingInvalidations.set(
    key,
    setTimeout(() => {
      pendingInvalidations.delete(key);
      void queryClient.invalidateQueries({ queryKey });
    }, delayMs),
  );
}

function patchThreadLists(
  queryClient: QueryClient,
  ref: ContainerRef,
  patch: (item: ThreadListItem) => ThreadListItem | null,
): void {
  queryClient.setQueriesData<InfiniteData<ThreadPage>>({ queryKey: channelKeys.threadsOf(ref) }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.flatMap((item) => {
              const next = patch(item);
              return next ? [next] : [];
            }),
          })),
        }
      : data,
  );
}

const containerKeyOf = (ref: ContainerRef) => `${ref.type}:${ref.id}`;

/**
 * The channels section's live link: subscribes to every joined channel (so sidebars count unread
 * and presence shows who is here), patches cached lists as events arrive, re-subscribes and
 * refreshes after a reconnection, and sends what the outbox holds once the link is back.
 */
export function useChannelsLive(joined: readonly Channel[] | undefined): void {
  const socket = useSocket();
  const queryClient = useQueryClient();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const toast = useToast();
  const { t } = useTranslation('channels');
  const { channelId } = useParams();
  const subscribed = useRef(new Set<string>());
  const joinedIds = (joined ?? []).map((channel) => channel.id).join(',');

  useEffect(() => {
    if (!socket) return;
    const outbox = outboxFor(user.id);
    const wanted = joinedIds ? joinedIds.split(',') : [];
    const subscribe = (id: string) => {
      const container: ContainerRef = { type: 'channel', id };
      void emitWithAck('container:subscribe', { container }).then((ack) => {
        if (ack.ok) setPresence(containerKeyOf(container), ack.presence);
      });
    };
    const subscribeAll = () => {
      subscribed.current = new Set(wanted);
      for (const id of wanted) subscribe(id);
    };
    if (socket.connected) {
      for (const id of wanted) if (!subscribed.current.has(id)) subscribe(id);
      for (const id of subscribed.current) {
        if (!wanted.includes(id))
          void emitWithAck('container:unsubscribe', { container: { type: 'channel', id } });
      }
      subscribed.current = new Set(wanted);
      void outbox.flush();
    }
    const onConnect = () => {
      // A new connection starts in no rooms: join again, refresh counts missed meanwhile, send what waits.
      subscribeAll();
      void queryClient.invalidateQueries({ queryKey: channelKeys.all });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      void outbox.flush();
    };
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket, joinedIds, queryClient, user.id]);

  // Leaving the channels section leaves their rooms too.
  useEffect(
    () => () => {
      for (const id of subscribed.current)
        void emitWithAck('container:unsubscribe', { container: { type: 'channel', id } });
      subscribed.current = new Set();
    },
    [],
  );

  useSocketEvent('message:created', ({ message }) => {
    const own = message.author.id === user.id;
    const viewing = activeThreadStore.get() === message.threadId;
    patchThreadLists(queryClient, message.container, (item) =>
      item.id !== message.threadId
        ? item
        : {
            ...item,
            lastSeq: Math.max(item.lastSeq, message.seq),
            lastActivityAt: message.createdAt,
            me: {
              ...item.me,
              lastReadSeq: own ? Math.max(item.me.lastReadSeq, message.seq) : item.me.lastReadSeq,
              unread: own || viewing ? item.me.unread : item.me.unread + 1,
            },
          },
    );
    queryClient.setQueryData<ThreadDetail>(channelKeys.thread(message.threadId), (thread) =>
      thread
        ? { ...thread, lastSeq: Math.max(thread.lastSeq, message.seq), lastActivityAt: message.createdAt }
        : thread,
    );
    invalidateSoon(queryClient, channelKeys.threadsOf(message.container));
    if (!own && !viewing) invalidateSoon(queryClient, channelKeys.lists(), 400);
  });

  useSocketEvent('thread:created', ({ thread }) => {
    invalidateSoon(queryClient, channelKeys.threadsOf(thread.container), 100);
    if (thread.author.id !== user.id) invalidateSoon(queryClient, channelKeys.lists(), 400);
  });

  useSocketEvent('thread:updated', ({ thread }) => {
    patchThreadLists(queryClient, thread.container, (item) =>
      item.id === thread.id ? { ...item, ...thread } : item,
    );
    queryClient.setQueryData<ThreadDetail>(channelKeys.thread(thread.id), (current) =>
      current ? { ...current, ...thread } : current,
    );
    invalidateSoon(queryClient, channelKeys.threadsOf(thread.container));
  });

  useSocketEvent('thread:removed', ({ threadId, container }) => {
    patchThreadLists(queryClient, container, (item) => (item.id === threadId ? null : item));
    void queryClient.invalidateQueries({ queryKey: channelKeys.thread(threadId) });
  });

  useSocketEvent('thread:read', ({ threadId, container, lastReadSeq }) => {
    patchThreadLists(queryClient, container, (item) =>
      item.id === threadId
        ? { ...item, me: { ...item.me, lastReadSeq, unread: Math.max(0, item.lastSeq - lastReadSeq) } }
        : item,
    );
    invalidateSoon(queryClient, channelKeys.lists(), 300);
  });

  useSocketEvent('presence:changed', ({ container, user: who, online }) => {
    changePresence(containerKeyOf(container), who, online);
  });

  useSocketEvent('channel:changed', ({ channelId: changed }) => {
    void queryClient.invalidateQueries({ queryKey: channelKeys.channel(changed) });
    invalidateSoon(queryClient, channelKeys.lists(), 100);
  });

  useSocketEvent('container:revoked', ({ container }) => {
    subscribed.current.delete(container.id);
    void queryClient.invalidateQueries({ queryKey: channelKeys.all });
    if (container.type === 'channel' && container.id === channelId) {
      toast.show(t('live.accessLost'), 'danger');
      void navigate('/channels');
    }
  });
}
