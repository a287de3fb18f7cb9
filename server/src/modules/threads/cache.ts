import type { MessageBus } from '../../realtime/bus';

/**
 * A small read-through cache for facts the send path reads on every message (a thread's container,
 * a channel's rules, a container's mutes). Entries expire after `ttlMs`; every change made in this
 * process drops its entry at once, and other processes hear of it over the message bus, so a
 * stale answer lasts at most as long as a bus hop (or `ttlMs` if a message were lost).
 */
export function createFactCache<V>(options: { name: string; ttlMs: number; max: number; bus?: MessageBus }) {
  const entries = new Map<string, { value: V; expires: number }>();
  // Bumped on every change: a load that began before a change must not store what it read.
  const generations = new Map<string, number>();
  const channel = `cache:${options.name}`;
  const forget = (key: string) => {
    entries.delete(key);
    if (generations.size >= options.max) generations.clear();
    generations.set(key, (generations.get(key) ?? 0) + 1);
  };
  let unsubscribe: Promise<() => Promise<void>> | null = options.bus
    ? options.bus.subscribe(channel, forget)
    : null;

  return {
    async get(key: string, load: () => Promise<V>): Promise<V> {
      const hit = entries.get(key);
      if (hit && hit.expires > Date.now()) return hit.value;
      const generation = generations.get(key) ?? 0;
      const value = await load();
      if ((generations.get(key) ?? 0) !== generation) return value;
      if (entries.size >= options.max) {
        // Oldest first (Map keeps insertion order): a full cache forgets what was loaded longest ago.
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, { value, expires: Date.now() + options.ttlMs });
      return value;
    },

    /** After a change: forget here at once, and tell the other processes. */
    invalidate(key: string): void {
      forget(key);
      void options.bus?.publish(channel, key).catch(() => undefined);
    },

    async close(): Promise<void> {
      const pending = unsubscribe;
      unsubscribe = null;
      if (pending) await (await pending)();
    },
  };
}

export type FactCache<V> = ReturnType<typeof createFactCache<V>>;
