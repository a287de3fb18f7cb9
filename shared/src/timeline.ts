import type { Message } from './threads';

/**
 * A thread's messages as a client holds them: ordered by `seq`, one entry per message. Live events,
 * history pages and catch-up answers all go through `mergeMessages`, so a message that arrives twice
 * (live and again in catch-up) is shown once, and a newer version (edited, hidden) replaces the older.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return current as Message[];
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The highest position up to which nothing is missing. Positions are given out without gaps, so
 * catch-up after a reconnection asks for everything after this and can never skip a message that
 * was stored late (a later one may have arrived live before it).
 */
export function contiguousSeq(messages: readonly Message[], from = 0): number {
  let expected = from + 1;
  for (const message of messages) {
    if (message.seq < expected) continue;
    if (message.seq !== expected) break;
    expected += 1;
  }
  return expected - 1;
}
