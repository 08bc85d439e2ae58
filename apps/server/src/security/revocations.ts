import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisBroadcast } from '../events/redis-broadcast.ts';

/**
 * Word that credentials stopped working (`apiKey:<id>`, `session:<id>`, `grant:<id>`,
 * `client:<id>`, `oauthToken:<hash>`), or that what was cached about a user is stale (`user:<id>`,
 * from `set-plan`), so every process drops what it cached about them at once.
 */
export interface Revocations {
  /**
   * Says, after the revocation is committed, that everything tagged `tag` is gone. Resolves to
   * whether every process was told (false: only this one, until Redis is back); never rejects.
   */
  announce(tag: string): Promise<boolean>;
  onRevoked(listener: (tag: string) => void): void;
  close(): void;
}

/** One process: the announcement reaches this process's listeners only. */
export function createLocalRevocations(): Revocations {
  const listeners: ((tag: string) => void)[] = [];
  return {
    announce: (tag) => {
      for (const listener of listeners) listener(tag);
      return Promise.resolve(true);
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
  const broadcast = redisBroadcast(redis, log, {
    ...onTheChannel,
    deliver: (tag) => void local.announce(tag),
  });
  return { announce: broadcast.send, onRevoked: local.onRevoked, close: broadcast.close };
}

/**
 * Tells every server sharing this Redis that everything tagged `tag` is gone, from a process that
 * is not a server (a command-line tool). Resolves to whether Redis took the message.
 */
export function announceRevocation(redis: Redis, log: Logger, tag: string): Promise<boolean> {
  return redisBroadcast(redis, log, onTheChannel).send(tag);
}

const onTheChannel = {
  channel: 'charter:revocations',
  what: 'revocation',
  encode: (tag: string) => tag,
  decode: (tag: string) => tag,
};
