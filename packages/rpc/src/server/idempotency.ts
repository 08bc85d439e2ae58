import { createHash } from 'node:crypto';
import type { ProcedureMeta } from '../procedure.ts';
import { builtInError } from './built-in-error.ts';

/** One call with an `Idempotency-Key`, as the store sees it. */
export interface IdempotentCall<TContext, TPrincipal> {
  ctx: TContext;
  principal: TPrincipal;
  key: string;
  /** The procedure's path and input, hashed: what the key was first used for. */
  fingerprint: string;
  path: string;
}

/** What the store says of a key: the first call's output now, or what it stored before. */
export type IdempotentOutcome =
  | { replayed: false; output: string }
  | { replayed: true; output: string; fingerprint: string };

/**
 * Where a server keeps idempotency keys. `once` runs `execute` at most once per principal and key:
 * the first call runs it with the context its handler must do its writes with, and stores the
 * output it returns **in the same transaction as those writes**, so a crash after the commit cannot
 * lose the record and a retry never runs the call again. A repeat gets what was stored. A repeat
 * while the first is still running waits for it. A call that fails stores nothing (its writes
 * rolled back, so running it again is safe).
 */
export interface IdempotencyStore<TContext, TPrincipal> {
  once(
    call: IdempotentCall<TContext, TPrincipal>,
    execute: (ctx: TContext) => Promise<string>,
  ): Promise<IdempotentOutcome>;
}

const replays = new WeakSet<object>();
const requestKeys = new WeakMap<object, (path: string) => string | undefined>();

/**
 * Gives the calls of a request their keys, for the paths that call procedures through tRPC's
 * middleware (which hands a middleware the context, not the request): `keyOf(path)` is asked once
 * per call, in the order of the calls.
 */
export function setRequestKeys(ctx: object, keyOf: (path: string) => string | undefined): void {
  requestKeys.set(ctx, keyOf);
}

export const requestKeyOf = (ctx: object, path: string): string | undefined => requestKeys.get(ctx)?.(path);

/** Whether a call of this request answered from a stored outcome (`Idempotent-Replayed: true`). */
export const wasReplayed = (ctx: object | undefined): boolean => ctx !== undefined && replays.has(ctx);

export function markReplayed(ctx: object): void {
  replays.add(ctx);
}

/** The key a call must carry, may carry, or must not: refuses a missing required one (400). */
export function keyFor(
  path: string,
  meta: ProcedureMeta | undefined,
  key: string | undefined,
): string | undefined {
  if (key === undefined && meta?.idempotency === 'required') {
    throw builtInError(
      'BAD_REQUEST',
      `${path} needs an Idempotency-Key header, so that a retry cannot run it twice: send a new unique key (a UUID) with each call, and the same key when you retry it.`,
    );
  }
  return key;
}

/** The same key used for another call: refused (422), and nothing runs. */
export function keyReused(path: string) {
  return builtInError(
    'IDEMPOTENCY_KEY_REUSED',
    `This Idempotency-Key was first used for another call; send a new key for ${path} with this input.`,
  );
}

/** A hash of the procedure and its input, the same whichever surface sent it. */
export function fingerprintOf(path: string, input: unknown): string {
  return createHash('sha256').update(path).update('\n').update(canonicalJson(input)).digest('base64url');
}

/** JSON with object keys sorted (Dates are ISO strings by their toJSON), so equal inputs give equal text. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === 'bigint') return item.toString();
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
      const sorted: Record<string, unknown> = {};
      for (const name of Object.keys(item).sort()) sorted[name] = (item as Record<string, unknown>)[name];
      return sorted;
    }) ?? 'undefined'
  );
}
