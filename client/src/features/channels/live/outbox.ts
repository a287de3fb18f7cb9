import { useMemo } from 'react';
import {
  MessageOutbox,
  type ErrorCode,
  type Message,
  type OutboxEntry,
  type OutboxStorage,
} from '@serantau/shared';
import { emitWithAck, getSocket } from '../../../lib/socket';
import { createStore, useStore } from './store';

export interface RejectedEntry extends OutboxEntry {
  error: { code: ErrorCode; message: string };
}

interface OutboxState {
  pending: readonly OutboxEntry[];
  rejected: readonly RejectedEntry[];
}

/** Messages written in this browser that the server has not stored yet (or refused): never silently lost. */
export const outboxState = createStore<OutboxState>({ pending: [], rejected: [] });

type SentListener = (entry: OutboxEntry, message: Message) => void;
const sentListeners = new Set<SentListener>();

/** Called with each message once stored (timelines merge it even if the live event was missed). */
export function onOutboxSent(listener: SentListener): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

function storageFor(userId: string): OutboxStorage {
  // Per user: a shared computer never sends one member's unsent words as another.
  const key = `serantau.outbox.${userId}`;
  return {
    load() {
      try {
        const raw = localStorage.getItem(key);
        const parsed: unknown = raw ? JSON.parse(raw) : [];
        return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
      } catch {
        return [];
      }
    },
    save(entries) {
      try {
        if (entries.length === 0) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify(entries));
      } catch {
        // Storage may be full or disabled: the queue still works for this tab.
      }
    },
  };
}

let current: { userId: string; outbox: MessageOutbox } | null = null;

/** The outbox of the signed-in member (one per tab). */
export function outboxFor(userId: string): MessageOutbox {
  if (current?.userId === userId) return current.outbox;
  current?.outbox.dispose();
  const outbox = new MessageOutbox(
    {
      isConnected: () => getSocket()?.connected ?? false,
      async send(payload) {
        const ack = await emitWithAck('message:send', payload);
        // Not delivered (no connection, no ack in time): keep it queued for the next connection.
        if (!ack.ok && ack.error.code === 'SERVICE_UNAVAILABLE') throw new Error(ack.error.message);
        return ack;
      },
    },
    {
      onSent(entry, message) {
        for (const listener of sentListeners) listener(entry, message);
      },
      onRejected(entry, error) {
        outboxState.set((state) => ({ ...state, rejected: [...state.rejected, { ...entry, error }] }));
      },
      onChange(entries) {
        outboxState.set((state) => ({ ...state, pending: entries }));
      },
    },
    storageFor(userId),
  );
  current = { userId, outbox };
  outboxState.set({ pending: outbox.pending, rejected: [] });
  return outbox;
}

export function dismissRejected(clientMessageId: string): void {
  outboxState.set((state) => ({
    ...state,
    rejected: state.rejected.filter((entry) => entry.clientMessageId !== clientMessageId),
  }));
}

/** What waits to be sent in one thread, and what was refused there. */
export function useThreadOutbox(threadId: string) {
  const state = useStore(outboxState);
  return useMemo(
    () => ({
      pending: state.pending.filter((entry) => entry.threadId === threadId),
      rejected: state.rejected.filter((entry) => entry.threadId === threadId),
    }),
    [state, threadId],
  );
}

export function newClientMessageId(): string {
  return crypto.randomUUID();
}
