import type { PresenceUser } from '@serantau/shared';
import { createStore, useStore } from './store';

/** Who is online in each subscribed container, keyed `type:id`. */
export const presenceStore = createStore<ReadonlyMap<string, readonly PresenceUser[]>>(new Map());

export function setPresence(key: string, users: readonly PresenceUser[]): void {
  presenceStore.set((current) => new Map(current).set(key, users));
}

export function changePresence(key: string, user: PresenceUser, online: boolean): void {
  presenceStore.set((current) => {
    const users = (current.get(key) ?? []).filter((entry) => entry.id !== user.id);
    return new Map(current).set(key, online ? [...users, user] : users);
  });
}

export function usePresence(key: string): readonly PresenceUser[] {
  return useStore(presenceStore).get(key) ?? [];
}

/** The thread on screen: its new messages are read as they arrive, not counted as unread. */
export const activeThreadStore = createStore<string | null>(null);
