import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeUpdate,
  parseMessage,
} from './protocol';

describe('collab protocol parsing', () => {
  it('reads the messages y-websocket sends', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const step1 = parseMessage(encodeSyncStep1(Y.encodeStateVector(doc)));
    expect(step1).toMatchObject({ ok: true, message: { kind: 'sync-step-1' } });
    const update = parseMessage(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    expect(update).toMatchObject({ ok: true, message: { kind: 'update', syncStep2: false } });
  });

  it('refuses truncated, trailing and unknown frames instead of throwing', () => {
    const frame = encodeUpdate(new Uint8Array([1, 2, 3, 4, 5]));
    expect(parseMessage(frame.subarray(0, frame.length - 2)).ok).toBe(false);
    expect(parseMessage(new Uint8Array([...frame, 0])).ok).toBe(false);
    expect(parseMessage(new Uint8Array([7])).ok).toBe(false);
    expect(parseMessage(new Uint8Array([0, 5, 0])).ok).toBe(false);
    expect(parseMessage(new Uint8Array([])).ok).toBe(false);
  });

  it('round-trips awareness entries and rejects malformed JSON', () => {
    const entries = [
      { clientId: 42, clock: 3, state: { user: { name: 'A' } } },
      { clientId: 7, clock: 1, state: null },
    ];
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries);
    const broken = encodeAwarenessUpdate([{ clientId: 1, clock: 1, state: {} }]);
    broken[broken.length - 1] = 0x7b; // "{" : unterminated JSON
    expect(decodeAwarenessUpdate(broken)).toBeNull();
    expect(decodeAwarenessUpdate(new Uint8Array([200, 200, 200]))).toBeNull();
  });
});
