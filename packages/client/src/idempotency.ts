import { type AppRouter, contract } from '@charter/contract';
import { idempotencyOf, listProcedures } from '@charter/rpc';
import type { Operation, TRPCLink } from '@trpc/client';

/** The mutations the API runs once per `Idempotency-Key`: safe to send again after a failure. */
export const keyedMutations: ReadonlySet<string> = new Set(
  listProcedures(contract.procedures)
    .filter(({ procedure }) => idempotencyOf(procedure) !== 'ignored')
    .map(({ path }) => path),
);

/**
 * Gives every mutation an `Idempotency-Key`, kept in the operation's context so that each retry of
 * it sends the same one; a caller can give its own (`{ context: { idempotencyKey } }`), which a
 * form does to make a double submit one call. Must come before the retrying link.
 */
export function idempotencyKeyLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) => {
      if (op.type === 'mutation') op.context.idempotencyKey ??= newKey();
      return next(op);
    };
}

/** The `Idempotency-Key` header of a request: one key per call, in order; none for queries. */
export function idempotencyKeyHeader(operations: readonly Operation[]): Record<string, string> {
  const keys = operations.map((operation) => operation.context.idempotencyKey);
  if (keys.length === 0 || !keys.every((key): key is string => typeof key === 'string')) return {};
  return { 'idempotency-key': keys.map((key) => `"${key}"`).join(', ') };
}

/** A random UUID; `crypto.randomUUID` exists only in secure contexts, so build one otherwise. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
