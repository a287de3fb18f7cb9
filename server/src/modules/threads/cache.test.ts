import { describe, expect, it } from 'vitest';
import { createLocalBus } from '../../realtime/bus';
import { createFactCache } from './cache';

describe('fact cache', () => {
  it('serves from memory until invalidated, here or in another process', async () => {
    const bus = createLocalBus();
    const here = createFactCache<number>({ name: 'test', ttlMs: 60_000, max: 10, bus });
    const there = createFactCache<number>({ name: 'test', ttlMs: 60_000, max: 10, bus });
    let stored = 1;
    const load = async () => stored;
    expect(await here.get('a', load)).toBe(1);
    expect(await there.get('a', load)).toBe(1);
    stored = 2;
    expect(await here.get('a', load)).toBe(1);
    here.invalidate('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await here.get('a', load)).toBe(2);
    expect(await there.get('a', load)).toBe(2);
    await here.close();
    await there.close();
  });

  it('does not keep a value read before a change that landed meanwhile', async () => {
    const cache = createFactCache<string>({ name: 'race', ttlMs: 60_000, max: 10 });
    let release: (value: string) => void = () => undefined;
    const slow = cache.get('k', () => new Promise<string>((resolve) => (release = resolve)));
    cache.invalidate('k');
    release('stale');
    expect(await slow).toBe('stale');
    expect(await cache.get('k', async () => 'fresh')).toBe('fresh');
  });

  it('expires entries and stays bounded', async () => {
    const cache = createFactCache<number>({ name: 'ttl', ttlMs: 1, max: 2 });
    expect(await cache.get('a', async () => 1)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('a', async () => 2)).toBe(2);
    await cache.get('b', async () => 3);
    await cache.get('c', async () => 4);
    expect(await cache.get('a', async () => 5)).toBe(5);
  });
});
