import { describe, expect, it } from 'vitest';
import { CredentialCache } from './credential-cache.ts';

function cacheAt(start = 0, options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = start;
  const cache = new CredentialCache({
    ttlMs: options.ttlMs ?? 30_000,
    maxEntries: options.maxEntries ?? 100,
    now: () => new Date(now),
  });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('CredentialCache', () => {
  it('remembers a credential for its lifetime, then asks again', () => {
    const { cache, advance } = cacheAt();
    cache.set('key-lookup:a', { id: 'a' }, { tags: ['apiKey:a'] });
    advance(29_999);
    expect(cache.get('key-lookup:a')).toEqual({ id: 'a' });
    advance(1);
    expect(cache.get('key-lookup:a')).toBeUndefined();
  });

  it('never outlives the credential itself', () => {
    const { cache, advance } = cacheAt();
    cache.set('session:s', 'default', { tags: ['session:s'], expiresAt: new Date(5_000) });
    advance(5_000);
    expect(cache.get('session:s')).toBeUndefined();
  });

  it('forgets every entry of a revoked tag at once, and nothing else', () => {
    const { cache } = cacheAt();
    cache.set('key-lookup:a', 1, { tags: ['apiKey:a', 'user:u'] });
    cache.set('session:s', 2, { tags: ['session:s', 'user:u'] });
    cache.set('session:t', 3, { tags: ['session:t', 'user:v'] });
    cache.evict('user:u');
    expect([cache.get('key-lookup:a'), cache.get('session:s'), cache.get('session:t')]).toEqual([
      undefined,
      undefined,
      3,
    ]);
    cache.evict('session:t');
    expect(cache.size).toBe(0);
  });

  it('holds at most maxEntries, dropping the least recently stored', () => {
    const { cache } = cacheAt(0, { maxEntries: 2 });
    cache.set('a', 1, { tags: ['t:a'] });
    cache.set('b', 2, { tags: ['t:b'] });
    cache.set('c', 3, { tags: ['t:c'] });
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    cache.evict('t:a'); // its tag went with it
    expect(cache.size).toBe(2);
  });
});
