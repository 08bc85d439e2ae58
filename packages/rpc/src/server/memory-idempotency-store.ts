import type { IdempotencyStore, IdempotentOutcome } from './idempotency.ts';

interface Entry {
  fingerprint: string;
  expiresAt: number;
  /** Set once the first call succeeded. */
  output?: string;
  /** Settles when the first call does. */
  running?: Promise<unknown>;
}

/**
 * An idempotency store in this process's memory: keys are kept `ttlMs` after first use (at most
 * `maxKeys`, the oldest dropped first). It cannot share a transaction with the handler's writes,
 * nor outlive the process, so it keeps retries from running twice only while the process lives:
 * for tests and single-process development. A server with a database keeps keys there.
 */
export function memoryIdempotencyStore<TPrincipal, TContext extends object = object>(options: {
  /** Whose keys these are: a key is the caller's own (`user:42`). */
  scopeOf: (principal: TPrincipal) => string;
  ttlMs?: number;
  maxKeys?: number;
  now?: () => number;
}): IdempotencyStore<TContext, TPrincipal> {
  const { scopeOf, ttlMs = 24 * 3600_000, maxKeys = 100_000, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  return {
    async once(call, execute): Promise<IdempotentOutcome> {
      const id = `${scopeOf(call.principal)}\n${call.key}`;
      for (;;) {
        const found = entries.get(id);
        if (found && found.expiresAt <= now()) entries.delete(id);
        else if (found?.output !== undefined)
          return { replayed: true, output: found.output, fingerprint: found.fingerprint };
        else if (found?.running) {
          // A repeat while the first is running waits for it, then replays or (if it failed) runs.
          await found.running.catch(() => undefined);
          continue;
        }
        const entry: Entry = { fingerprint: call.fingerprint, expiresAt: now() + ttlMs };
        const running = execute(call.ctx);
        entry.running = running;
        entries.set(id, entry);
        if (entries.size > maxKeys) entries.delete(entries.keys().next().value as string);
        try {
          entry.output = await running;
          return { replayed: false, output: entry.output };
        } catch (error) {
          entries.delete(id);
          throw error;
        } finally {
          delete entry.running;
        }
      }
    },
  };
}
