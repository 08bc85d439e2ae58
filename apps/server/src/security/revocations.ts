import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

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

const channel = 'charter:revocations';

/**
 * Every process sharing a Redis: each announcement goes to this process's listeners at once and to
 * the others through one pub/sub channel. While Redis is away, other processes learn nothing and
 * fall back on their cache's short lifetime (see CredentialCache).
 */
export function createRedisRevocations(redis: Redis, log: Logger): Revocations {
  const local = createLocalRevocations();
  const origin = randomUUID();
  const listener = redis.duplicate({ enableOfflineQueue: true });
  listener.on('error', () => undefined); // the shared connection already reports outages
  listener
    .subscribe(channel)
    .catch((error: unknown) => log.warn({ err: error }, 'could not listen for revocations'));
  listener.on('message', (_channel: string, text: string) => {
    let message: { from: string; tag: string };
    try {
      message = JSON.parse(text) as { from: string; tag: string };
    } catch (error) {
      log.warn({ err: error }, 'ignored a malformed revocation message');
      return;
    }
    if (message.from !== origin) local.announce(message.tag);
  });
  return {
    announce(tag) {
      local.announce(tag);
      redis
        .publish(channel, JSON.stringify({ from: origin, tag }))
        .catch((error: unknown) =>
          log.warn({ err: error, tag }, 'revocation not shared with other processes'),
        );
    },
    onRevoked: local.onRevoked,
    close() {
      listener.disconnect();
    },
  };
}
