import { createHmac } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditChainKey, canonicalJson, hashEntry, type ChainedFields } from './hash-chain';

const KEY = auditChainKey('an-audit-secret-of-at-least-32-characters');

function buildEntry(fields: Partial<ChainedFields> = {}): ChainedFields {
  return {
    seq: 1,
    at: new Date('2026-03-01T08:00:00.000Z'),
    actorId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    actorName: 'Maria Santos',
    action: 'channel.created',
    targetType: 'channel',
    targetId: 'bbbbbbbbbbbbbbbbbbbbbbbb',
    caseId: null,
    outcome: 'allowed',
    ip: '127.0.0.1',
    details: { name: 'general', kind: 'public' },
    prevHash: GENESIS_HASH,
    ...fields,
  };
}

/** Appends like the repo does: each entry carries the previous entry's hash. */
function buildChain(
  count: number,
  detailsBySeq: Record<number, Record<string, unknown>> = {},
): (ChainedFields & { hash: string })[] {
  const chain: (ChainedFields & { hash: string })[] = [];
  for (let seq = 1; seq <= count; seq += 1) {
    const fields = buildEntry({
      seq,
      prevHash: chain.at(-1)?.hash ?? GENESIS_HASH,
      details: detailsBySeq[seq] ?? { n: seq },
    });
    chain.push({ ...fields, hash: hashEntry(fields, KEY) });
  }
  return chain;
}

describe('canonicalJson', () => {
  it('is independent of key order, at every depth', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('keeps array order (it is meaningful)', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('writes dates as ISO strings and ObjectIds as hex, as they read back from the database', () => {
    const id = new ObjectId('64b7f0c2a1b2c3d4e5f60718');
    expect(canonicalJson({ at: new Date('2026-03-01T08:00:00Z'), id })).toBe(
      '{"at":"2026-03-01T08:00:00.000Z","id":"64b7f0c2a1b2c3d4e5f60718"}',
    );
    expect(canonicalJson({ id })).toBe(canonicalJson({ id: new ObjectId(id.toHexString()) }));
  });

  it('drops undefined fields (the database does not store them) but keeps nulls', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: 1, b: null })).not.toBe(canonicalJson({ a: 1 }));
  });
});

describe('hashEntry', () => {
  it('is HMAC-SHA256 over the previous hash, a newline and the canonical entry', () => {
    const entry = buildEntry();
    const expected = createHmac('sha256', KEY)
      .update(`${GENESIS_HASH}\n${canonicalJson(entry)}`)
      .digest('hex');
    expect(hashEntry(entry, KEY)).toBe(expected);
    expect(hashEntry(entry, KEY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable across key order and a database round trip of the same entry', () => {
    const entry = buildEntry({ details: { z: 1, a: { m: [new Date('2026-01-01T00:00:00Z')] } } });
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as unknown as ChainedFields;
    expect(hashEntry(reordered, KEY)).toBe(hashEntry(entry, KEY));
    const copy = { ...entry, at: new Date(entry.at.getTime()), details: structuredClone(entry.details) };
    expect(hashEntry(copy, KEY)).toBe(hashEntry(entry, KEY));
  });

  it('changes with any covered field, the previous hash or the key', () => {
    const base = hashEntry(buildEntry(), KEY);
    const variants: Partial<ChainedFields>[] = [
      { seq: 2 },
      { at: new Date('2026-03-01T08:00:00.001Z') },
      { actorId: null },
      { actorName: 'Someone Else' },
      { action: 'channel.archived' },
      { targetType: 'thread' },
      { targetId: 'cccccccccccccccccccccccc' },
      { caseId: 'dddddddddddddddddddddddd' },
      { outcome: 'denied' },
      { ip: '10.0.0.1' },
      { details: { name: 'general', kind: 'private' } },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const variant of variants)
      expect({ variant, same: hashEntry(buildEntry(variant), KEY) === base }).toEqual({
        variant,
        same: false,
      });
    expect(hashEntry(buildEntry(), auditChainKey('another-audit-secret-of-32-characters!'))).not.toBe(base);
  });
});

describe('the chain', () => {
  it('links each entry to the one before it, from the genesis hash', () => {
    const chain = buildChain(4);
    expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i += 1) expect(chain[i]?.prevHash).toBe(chain[i - 1]?.hash);
  });

  it('carries a change in one entry into every hash after it', () => {
    // So a rewrite must recompute the rest of the chain, which takes the key.
    const original = buildChain(4);
    const altered = buildChain(4, { 2: { n: 99 } });
    expect(altered.map((entry) => entry.hash === original[entry.seq - 1]?.hash)).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('derives the same key from the same secret in every process, and distinct keys otherwise', () => {
    const secret = 'an-audit-secret-of-at-least-32-characters';
    expect(auditChainKey(secret).equals(auditChainKey(secret))).toBe(true);
    expect(auditChainKey(secret)).toHaveLength(32);
    expect(auditChainKey(secret).equals(auditChainKey(`${secret}!`))).toBe(false);
    // Derived, not the secret itself: a leaked key does not reveal SESSION_SECRET it may default to.
    expect(auditChainKey(secret).equals(Buffer.from(secret).subarray(0, 32))).toBe(false);
  });
});
