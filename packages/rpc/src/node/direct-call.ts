import { aroundCall, type CallHook } from '../server/call-hooks.ts';
import type { ImplementedProcedure } from '../server/implement.ts';
import { underPolicy } from '../server/policy.ts';
import { transformer } from '../transformer.ts';

export interface DirectCallOptions {
  ctx: object;
  getRawInput: () => Promise<unknown>;
  /** The call's AbortSignal, asked for only if the handler reads it (./close-signal.ts). */
  signal: () => AbortSignal | undefined;
  /** The surface the call came by, for the hooks: `trpc`, `rest`. */
  surface: string;
  /** The call's `Idempotency-Key`, if it carries one (a mutation's). */
  idempotencyKey?: string | undefined;
}

export type DirectCall = (options: DirectCallOptions) => Promise<unknown>;

/**
 * Calls a procedure as tRPC calls it — its policy, then input validation, the handler and output
 * validation — without tRPC's procedure machinery, which copies the call's options at every level
 * of its middleware chain and costs more than the policy itself (docs/decisions/013). Only a
 * procedure whose base is exactly a `policyProcedure()` can be called so: middleware added to the
 * base must not be skipped, so anything else is refused when the handler is built.
 */
export function directCallOf(entry: ImplementedProcedure, hooks: readonly CallHook[] = []): DirectCall {
  const { policy, path, procedure, call } = entry;
  if (!policy) {
    throw new Error(
      `${path} runs more than a policy and its implement()ed handler (its base is not a policyProcedure()); it cannot be called directly`,
    );
  }
  const { meta, type } = procedure;
  const direct: DirectCall =
    type !== 'mutation'
      ? (options) => underPolicy(policy, { ctx: options.ctx, meta, path }, (ctx) => call(ctx, options))
      : (options) => {
          // The input is read for the key's fingerprint, then by the handler: read it once.
          let input: Promise<unknown> | undefined;
          const once = { ...options, getRawInput: () => (input ??= options.getRawInput()) };
          return underPolicy(policy, { ctx: options.ctx, meta, path }, (ctx) => call(ctx, once), {
            key: options.idempotencyKey,
            getRawInput: once.getRawInput,
            save: (output) => transformer.stringify(output),
            restore: (saved) => transformer.parse(saved),
          });
        };
  if (hooks.length === 0) return direct;
  return (options) =>
    aroundCall(hooks, { path, type, meta, surface: options.surface, ctx: options.ctx }, () =>
      direct(options),
    );
}
