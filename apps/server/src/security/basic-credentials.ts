import { createHmac, randomBytes } from 'node:crypto';
import type { Plan } from '../db/schema.ts';
import type { Clock } from './access-tokens.ts';

export interface VerifiedUser {
  userId: string;
  plan: Plan;
}

export interface BasicCacheOptions {
  /** How long a verified email and password stay verified. */
  ttlSeconds: number;
  maxEntries: number;
  now: Clock;
}

/**
 * HTTP Basic for scripts without an argon2 hash per request, and without keeping the password: a
 * verified pair is remembered by an HMAC under a key that exists only in this process's memory, so
 * the cache can neither be reversed nor shared.
 */
export class BasicCredentialCache {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, { user: VerifiedUser; until: number }>();

  constructor(private readonly options: BasicCacheOptions) {}

  fingerprint(email: string, password: string): string {
    return createHmac('sha256', this.key).update(email).update('\0').update(password).digest('base64url');
  }

  userFor(fingerprint: string): VerifiedUser | undefined {
    const entry = this.verified.get(fingerprint);
    if (!entry) return undefined;
    if (entry.until > this.options.now().getTime()) return entry.user;
    this.verified.delete(fingerprint);
    return undefined;
  }

  remember(fingerprint: string, user: VerifiedUser): void {
    this.verified.delete(fingerprint); // re-inserted last: the Map's order is the eviction order
    this.verified.set(fingerprint, {
      user,
      until: this.options.now().getTime() + this.options.ttlSeconds * 1000,
    });
    for (const oldest of this.verified.keys()) {
      if (this.verified.size <= this.options.maxEntries) break;
      this.verified.delete(oldest);
    }
  }

  get size(): number {
    return this.verified.size;
  }
}
