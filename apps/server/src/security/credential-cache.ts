import type { Clock } from './access-tokens.ts';

interface Entry {
  value: unknown;
  tags: readonly string[];
  /** When to look again: the cache's lifetime or the credential's own expiry, whichever is first. */
  until: number;
}

export interface CredentialCacheOptions {
  /** How long a verified credential is trusted without asking the database again. */
  ttlMs: number;
  maxEntries: number;
  now: Clock;
}

/**
 * Verified credentials (API keys, sessions, OAuth tokens), remembered for a few seconds so a busy
 * caller costs no database round trip. Every entry carries tags (`apiKey:<id>`, `user:<id>`...);
 * a revocation evicts its tag at once in every process (see Revocations), and the short lifetime
 * bounds what a process can miss while the revocation channel is down.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();

  constructor(private readonly options: CredentialCacheOptions) {}

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.options.now().getTime()) return entry.value as T;
    this.delete(key);
    return undefined;
  }

  set(
    key: string,
    value: unknown,
    { tags, expiresAt }: { tags: readonly string[]; expiresAt?: Date | null },
  ): void {
    this.delete(key); // re-inserted last: the Map's order is the eviction order
    const lifetime = this.options.now().getTime() + this.options.ttlMs;
    const until = expiresAt ? Math.min(lifetime, expiresAt.getTime()) : lifetime;
    this.entries.set(key, { value, tags, until });
    for (const tag of tags) this.byTag.set(tag, (this.byTag.get(tag) ?? new Set()).add(key));
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.delete(oldest);
    }
  }

  /** Forgets every entry with this tag. */
  evict(tag: string): void {
    for (const key of this.byTag.get(tag) ?? []) this.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
