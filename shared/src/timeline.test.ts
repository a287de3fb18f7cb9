import { describe, expect, it } from 'vitest';
import type { Message } from './threads';
import { contiguousSeq, mergeMessages } from './timeline';

function message(seq: number, body = `m${seq}`): Message {
  return {
    id: seq.toString(16).padStart(24, '0'),
    threadId: 'f'.repeat(24),
    container: { type: 'channel', id: 'e'.repeat(24) },
    seq,
    clientMessageId: `client-${seq}-xyz`,
    author: { id: 'a'.repeat(24), displayName: 'A', country: 'MY' },
    state: 'visible',
    body,
    mentions: [],
    replyTo: null,
    reactions: [],
    attachments: [],
    editedAt: null,
    editCount: 0,
    moderation: null,
    createdAt: new Date(seq * 1000).toISOString(),
  };
}

describe('thread timeline', () => {
  it('merges without duplicates, in position order, newer versions winning', () => {
    const merged = mergeMessages([message(1), message(3)], [message(2), message(3, 'edited'), message(1)]);
    expect(merged.map((entry) => [entry.seq, entry.body])).toEqual([
      [1, 'm1'],
      [2, 'm2'],
      [3, 'edited'],
    ]);
  });

  it('finds the highest position with nothing missing before it', () => {
    expect(contiguousSeq([])).toBe(0);
    expect(contiguousSeq([message(1), message(2), message(4)])).toBe(2);
    expect(contiguousSeq([message(3), message(4)], 2)).toBe(4);
    expect(contiguousSeq([message(2)])).toBe(0);
  });
});
