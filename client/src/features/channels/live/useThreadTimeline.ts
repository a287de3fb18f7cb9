import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import {
  THREAD_LIMITS,
  contiguousSeq,
  mergeMessages,
  threadRoutes,
  type Message,
  type ThreadDetail,
  type TypingEvent,
} from '@serantau/shared';
import { apiRequest } from '../../../lib/api';
import { emitWithAck, useSocket, useSocketEvent } from '../../../lib/socket';
import { channelKeys } from '../api';
import { onOutboxSent, outboxFor } from './outbox';
import { activeThreadStore } from './presence';

interface TimelineState {
  messages: Message[];
  /** Older messages exist before the first one held. */
  hasOlder: boolean;
  /** Newer messages exist after the last one held (opened far back, at the first unread). */
  hasNewer: boolean;
  /** Where "new messages" starts for this visit (fixed once loaded, so the divider does not move). */
  firstUnreadSeq: number | null;
  status: 'loading' | 'ready' | 'error';
  error: unknown;
}

type Action =
  | {
      type: 'loaded';
      messages: Message[];
      hasOlder: boolean;
      hasNewer: boolean;
      firstUnreadSeq: number | null;
    }
  | { type: 'merge'; messages: Message[] }
  | { type: 'older'; messages: Message[]; hasOlder: boolean }
  | { type: 'newer'; messages: Message[]; hasNewer: boolean }
  | { type: 'failed'; error: unknown };

const initial: TimelineState = {
  messages: [],
  hasOlder: false,
  hasNewer: false,
  firstUnreadSeq: null,
  status: 'loading',
  error: null,
};

function reducer(state: TimelineState, action: Action): TimelineState {
  switch (action.type) {
    case 'loaded':
      return {
        messages: mergeMessages([], action.messages),
        hasOlder: action.hasOlder,
        hasNewer: action.hasNewer,
        firstUnreadSeq: action.firstUnreadSeq,
        status: 'ready',
        error: null,
      };
    case 'merge':
      return { ...state, messages: mergeMessages(state.messages, action.messages) };
    case 'older':
      return {
        ...state,
        messages: mergeMessages(state.messages, action.messages),
        hasOlder: action.hasOlder,
      };
    case 'newer':
      return {
        ...state,
        messages: mergeMessages(state.messages, action.messages),
        hasNewer: action.hasNewer,
      };
    case 'failed':
      return { ...state, status: 'error', error: action.error };
  }
}

/** Read markers are sent at most this often while messages arrive. */
const READ_DEBOUNCE_MS = 800;
/** A typing indicator disappears this long after the last signal. */
const TYPING_VISIBLE_MS = 4_000;

/**
 * A thread's messages as this tab shows them: the first unread page (or the newest), older pages on
 * demand, live events merged in, and after every reconnection a catch-up from the last position held
 * without a gap — so nothing is missed and nothing shows twice.
 */
export function useThreadTimeline(threadId: string, myUserId: string, focusSeq: number | null = null) {
  const [state, dispatch] = useReducer(reducer, initial);
  const socket = useSocket();
  const queryClient = useQueryClient();
  const stateRef = useRef(state);
  stateRef.current = state;
  const syncedAt = useRef<string | null>(null);
  const syncing = useRef(false);
  const [typing, setTyping] = useState<ReadonlyMap<string, { name: string; until: number }>>(new Map());

  const storeThread = useCallback(
    (thread: ThreadDetail) => queryClient.setQueryData(channelKeys.thread(thread.id), thread),
    [queryClient],
  );

  /** Everything after the last position held without a gap, plus what changed meanwhile. */
  const catchUp = useCallback(async () => {
    if (syncing.current || stateRef.current.status !== 'ready' || stateRef.current.hasNewer) return;
    syncing.current = true;
    try {
      for (;;) {
        const held = stateRef.current.messages;
        const base = (held[0]?.seq ?? 1) - 1;
        const ack = await emitWithAck('thread:sync', {
          threadId,
          afterSeq: contiguousSeq(held, base),
          ...(syncedAt.current ? { changedSince: syncedAt.current } : {}),
        });
        if (!ack.ok) return;
        dispatch({ type: 'merge', messages: [...ack.messages, ...ack.changed] });
        syncedAt.current = ack.syncedAt;
        storeThread(ack.thread);
        if (!ack.hasMore) return;
      }
    } finally {
      syncing.current = false;
    }
  }, [threadId, storeThread]);

  // First load: join the thread's room, then fetch from the first unread message (or the newest).
  useEffect(() => {
    let cancelled = false;
    activeThreadStore.set(threadId);
    void (async () => {
      try {
        const subscribed = await emitWithAck('thread:subscribe', { threadId });
        const thread = subscribed.ok
          ? subscribed.thread
          : await apiRequest(threadRoutes.get, { params: { id: threadId } });
        if (cancelled) return;
        storeThread(thread);
        const started = new Date(Date.now() - 2_000).toISOString();
        const { lastReadSeq, unread } = thread.me;
        if (focusSeq !== null && focusSeq >= 1 && focusSeq <= thread.lastSeq) {
          // Opened at one message (a search hit, a notification): the page around it.
          const [before, after] = await Promise.all([
            apiRequest(threadRoutes.messages, {
              params: { id: threadId },
              query: { beforeSeq: focusSeq, limit: 20 },
            }),
            apiRequest(threadRoutes.messages, {
              params: { id: threadId },
              query: { afterSeq: focusSeq - 1, limit: THREAD_LIMITS.historyPageSize },
            }),
          ]);
          if (cancelled) return;
          dispatch({
            type: 'loaded',
            messages: [...before.items, ...after.items],
            hasOlder: before.hasOlder,
            hasNewer: after.hasNewer,
            firstUnreadSeq: unread > 0 ? lastReadSeq + 1 : null,
          });
        } else if (unread > 0 && lastReadSeq > 0) {
          const [context, unreadPage] = await Promise.all([
            apiRequest(threadRoutes.messages, {
              params: { id: threadId },
              query: { beforeSeq: lastReadSeq + 1, limit: 10 },
            }),
            apiRequest(threadRoutes.messages, {
              params: { id: threadId },
              query: { afterSeq: lastReadSeq, limit: THREAD_LIMITS.historyPageSize },
            }),
          ]);
          if (cancelled) return;
          dispatch({
            type: 'loaded',
            messages: [...context.items, ...unreadPage.items],
            hasOlder: context.hasOlder,
            hasNewer: unreadPage.hasNewer,
            firstUnreadSeq: lastReadSeq + 1,
          });
        } else {
          const page = await apiRequest(threadRoutes.messages, { params: { id: threadId }, query: {} });
          if (cancelled) return;
          dispatch({
            type: 'loaded',
            messages: page.items,
            hasOlder: page.hasOlder,
            hasNewer: false,
            firstUnreadSeq: unread > 0 ? 1 : null,
          });
        }
        syncedAt.current = started;
      } catch (error) {
        if (!cancelled) dispatch({ type: 'failed', error });
      }
    })();
    return () => {
      cancelled = true;
      if (activeThreadStore.get() === threadId) activeThreadStore.set(null);
      void emitWithAck('thread:unsubscribe', { threadId });
    };
    // The focus only matters for the first load of a thread.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [threadId, storeThread]);

  // After a reconnection the room was lost with the old connection: join again, then catch up.
  useEffect(() => {
    if (!socket) return;
    const onConnect = () => {
      void (async () => {
        const subscribed = await emitWithAck('thread:subscribe', { threadId });
        if (subscribed.ok) storeThread(subscribed.thread);
        await catchUp();
        // What was written while offline goes out now, in order (after what others wrote meanwhile).
        await outboxFor(myUserId).flush();
      })();
    };
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket, threadId, catchUp, storeThread, myUserId]);

  useSocketEvent('message:created', ({ message }) => {
    if (message.threadId !== threadId) return;
    const current = stateRef.current;
    const held = current.messages;
    const base = (held[0]?.seq ?? 1) - 1;
    dispatch({ type: 'merge', messages: [message] });
    // A position skipped means something was missed (or is still on its way): ask rather than guess.
    if (!current.hasNewer && message.seq > contiguousSeq(held, base) + 1) void catchUp();
  });

  useSocketEvent('message:updated', ({ message }) => {
    if (message.threadId !== threadId) return;
    if (stateRef.current.messages.some((held) => held.id === message.id))
      dispatch({ type: 'merge', messages: [message] });
  });

  useSocketEvent('thread:typing', (event: TypingEvent) => {
    if (event.threadId !== threadId || event.user.id === myUserId) return;
    setTyping((current) =>
      new Map(current).set(event.user.id, {
        name: event.user.displayName,
        until: Date.now() + TYPING_VISIBLE_MS,
      }),
    );
  });

  // Typing indicators fade on their own; whoever sends a message stops "typing" at once.
  useEffect(() => {
    if (typing.size === 0) return;
    const timer = setInterval(() => {
      setTyping((current) => {
        const now = Date.now();
        const kept = [...current].filter(([, entry]) => entry.until > now);
        return kept.length === current.size ? current : new Map(kept);
      });
    }, 1_000);
    return () => clearInterval(timer);
  }, [typing.size]);
  const lastAuthor = state.messages.at(-1)?.author.id;
  useEffect(() => {
    if (!lastAuthor) return;
    setTyping((current) => {
      if (!current.has(lastAuthor)) return current;
      const next = new Map(current);
      next.delete(lastAuthor);
      return next;
    });
  }, [lastAuthor]);

  // Our own sends, acknowledged: shown at once even if the live event is still on its way.
  useEffect(
    () =>
      onOutboxSent((entry, message) => {
        if (entry.threadId === threadId) dispatch({ type: 'merge', messages: [message] });
      }),
    [threadId],
  );

  // The newest message on screen is read (while the tab is visible).
  const newestSeq = state.hasNewer ? null : (state.messages.at(-1)?.seq ?? null);
  useEffect(() => {
    if (newestSeq === null) return;
    const timer = setTimeout(() => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      const cached = queryClient.getQueryData<ThreadDetail>(channelKeys.thread(threadId));
      if (cached && cached.me.lastReadSeq >= newestSeq) return;
      void emitWithAck('thread:read', { threadId, seq: newestSeq }).then((ack) => {
        if (!ack.ok) return;
        queryClient.setQueryData<ThreadDetail>(channelKeys.thread(threadId), (thread) =>
          thread ? { ...thread, me: ack.state } : thread,
        );
      });
    }, READ_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [newestSeq, threadId, queryClient]);

  const loadOlder = useCallback(async () => {
    const first = stateRef.current.messages[0];
    if (!first) return;
    const page = await apiRequest(threadRoutes.messages, {
      params: { id: threadId },
      query: { beforeSeq: first.seq },
    });
    dispatch({ type: 'older', messages: page.items, hasOlder: page.hasOlder });
  }, [threadId]);

  const loadNewer = useCallback(async () => {
    const last = stateRef.current.messages.at(-1);
    if (!last) return;
    const page = await apiRequest(threadRoutes.messages, {
      params: { id: threadId },
      query: { afterSeq: last.seq, limit: THREAD_LIMITS.historyPageSize },
    });
    dispatch({ type: 'newer', messages: page.items, hasNewer: page.hasNewer });
  }, [threadId]);

  /** Replaces one message with the server's answer (after an edit, a reaction, moderation). */
  const replace = useCallback((message: Message) => dispatch({ type: 'merge', messages: [message] }), []);

  return {
    ...state,
    typing: [...typing.values()].map((entry) => entry.name),
    loadOlder,
    loadNewer,
    replace,
  };
}
