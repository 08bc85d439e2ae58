import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisBroadcast } from '../events/redis-broadcast.ts';

/**
 * Word that credentials stopped working (`apiKey:<id>`, `session:<id>`, `grant:<id>`,
 * `client:<id>`, `oauthToken:<hash>`), so every process drops what it cached about them at once.
 */
export interface Revocations {
  /** Says, after the revocation is committed, that everything tagged `tag` is gone. */
  announce(tag: string): void;
  onRevoked(listener: (tag: string) => void): void;
  close(): void;
}

/** One process: the announcement reaches this process's listeners only. */
export function createLocalRevocations(): Revocations {
  const listeners: ((tag: string) => void)[] = [];
  return {
    announce: (tag) => {
      for (const listener of listeners) listener(tag);
    },
    onRevoked: (listener) => listeners.push(listener),
    close: () => undefined,
  };
}

/**
 * Every process sharing a Redis hears every announcement (src/events/redis-broadcast.ts). While
 * Redis is away, other processes learn nothing and fall back on their cache's short lifetime (see
 * CredentialCache).
 */
export function createRedisRevocations(redis: Redis, log: Logger): Revocations {
  const local = createLocalRevocations();
  const broadcast = redisBroadcast<string>(redis, log, {
    channel: 'charter:revocations',
    what: 'revocation',
    encode: (tag) => tag,
    decode: (tag) => tag,
    deliver: local.announce,
  });
  return { announce: broadcast.send, onRevoked: local.onRevoked, close: broadcast.close };
}
