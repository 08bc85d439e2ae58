import { initTRPC, TRPCError } from '@trpc/server';
import { builtInErrors } from '../error-catalogue.ts';
import type { Deprecation, ProcedureMeta } from '../procedure.ts';
import { transformer } from '../transformer.ts';
import { aroundCall, type CallHook } from './call-hooks.ts';
import { ContractError } from './contract-error.ts';
import {
  fingerprintOf,
  type IdempotencyStore,
  keyFor,
  keyReused,
  markReplayed,
  requestKeyOf,
} from './idempotency.ts';
import { rootConfig } from './init-server.ts';
import { deprecationOf, isRetired, retiredError } from './retirement.ts';

/** One call as the policy sees it: the request's context, the procedure's metadata and its path. */
export interface PolicyCall<TContext> {
  ctx: TContext;
  meta: ProcedureMeta | undefined;
  path: string;
}

/** A call's `Idempotency-Key`, and how to read its raw input (once) for the key's fingerprint. */
export interface IdempotencyRequest {
  key: string | undefined;
  getRawInput(): Promise<unknown>;
}

/**
 * The contract's metadata (`auth`, `scopes`, `cost`, `budget`) enforced by functions the server
 * supplies. The toolkit decides when each runs — authentication and charging before the input is
 * read, so a caller who may not call a procedure learns nothing about it — and the server decides
 * what a credential is and what a call costs.
 */
export interface Policy<TContext extends object, TPrincipal extends object> {
  /** The principal of a call to a public procedure: its credential, if any, is not even read. */
  anonymous: TPrincipal;
  /**
   * Who the request's credential is. Called at most once per request (the calls of a batch share
   * it); throw a 401 (`ContractError` UNAUTHORIZED) or any catalogue error to refuse.
   */
  authenticate(ctx: TContext): Promise<TPrincipal>;
  /** The scopes a principal holds, checked against the procedure's `scopes` (a 403 names the missing ones). */
  scopesOf(principal: TPrincipal): readonly string[];
  /** Charges the call its `cost` (and named `budget`); throw a 429 to refuse. */
  charge?(call: PolicyCall<TContext>, principal: TPrincipal): Promise<void>;
  /** Runs when a call is refused for its credential, here or by its handler (to throttle guessing, say). */
  onUnauthorized?(call: PolicyCall<TContext>): Promise<void>;
  /**
   * The `WWW-Authenticate` challenges: every 401 carries `unauthorized` unless its error set its
   * own (RFC 9110 §11.6.1), and a missing scope's 403 carries `insufficientScope`.
   */
  challenges: { unauthorized: string; insufficientScope?(missing: readonly string[]): string };
  /**
   * Where `Idempotency-Key`s are kept (./idempotency.ts); without it, keys are not read. A replay
   * is charged 1, a read's cost, not the procedure's: it runs nothing.
   */
  idempotency?: IdempotencyStore<TContext, TPrincipal>;
  /** Headers every answer carries from what its calls did, such as the RateLimit fields. */
  responseHeaders?(ctx: TContext): Record<string, string>;
  /** The clock that says whether a procedure's sunset has passed. @default the system clock */
  now?(): Date;
  /**
   * Runs before a subscription's response starts, so a refusal (a cap on open streams) is a real
   * status, not an error event in a 200 stream. It must not charge: the call itself does.
   */
  admitStream?(call: PolicyCall<TContext>): Promise<void>;
}

/** The context a handler sees under a policy: the request's, with who is calling. */
export type PolicyContext<TContext, TPrincipal> = TContext & { principal: TPrincipal };

// biome-ignore lint/suspicious/noExplicitAny: a registry of policies of every context and principal type
type AnyPolicy = Policy<any, any>;

// The calls of one request share its context object, and so its credential check: 50 calls with a
// wrong password must not cost 50 password hashes.
const identities = new WeakMap<object, Promise<unknown>>();

/** How a call's result is kept for a replay, and made again from what was kept. */
export interface Replayable<T> {
  save(result: T): string;
  restore(saved: string): T;
}

/**
 * Runs one call under the policy: a procedure past its sunset is refused first (it no longer
 * exists, so nothing is charged); then authentication and scopes, the charge, and `run` with the
 * handler's context. A call refused for its credential (here, or by its handler) is reported to
 * `onUnauthorized` before the refusal goes on. A call with an `Idempotency-Key` runs through the
 * policy's store: once per key, its result replayed to a retry (./idempotency.ts).
 */
export async function underPolicy<TContext extends object, TPrincipal extends object, T>(
  policy: Policy<TContext, TPrincipal>,
  call: PolicyCall<TContext>,
  run: (ctx: PolicyContext<TContext, TPrincipal>) => Promise<T>,
  idempotent?: IdempotencyRequest & Replayable<T>,
): Promise<T> {
  if (isRetired(call.meta, policy.now))
    throw retiredError(call.path, deprecationOf(call.meta) as Deprecation);
  let principal: TPrincipal;
  try {
    principal = await principalOf(policy, call);
  } catch (error) {
    throw await reportedIfUnauthorized(policy, call, error);
  }
  const takesKeys = policy.idempotency && idempotent && call.meta?.idempotency !== undefined;
  const key = takesKeys ? keyFor(call.path, call.meta, idempotent.key) : undefined;
  try {
    if (key === undefined || !policy.idempotency || !idempotent) {
      await policy.charge?.(call, principal);
      return await run({ ...call.ctx, principal });
    }
    return await runOnce(policy, call, principal, key, idempotent, run);
  } catch (error) {
    throw await reportedIfUnauthorized(policy, call, error);
  }
}

async function runOnce<TContext extends object, TPrincipal extends object, T>(
  policy: Policy<TContext, TPrincipal>,
  call: PolicyCall<TContext>,
  principal: TPrincipal,
  key: string,
  idempotent: IdempotencyRequest & Replayable<T>,
  run: (ctx: PolicyContext<TContext, TPrincipal>) => Promise<T>,
): Promise<T> {
  const fingerprint = fingerprintOf(call.path, await idempotent.getRawInput());
  const store = policy.idempotency as IdempotencyStore<TContext, TPrincipal>;
  let result: { value: T } | undefined;
  const outcome = await store.once(
    { ctx: call.ctx, principal, key, fingerprint, path: call.path },
    async (ctx) => {
      await policy.charge?.(call, principal);
      result = { value: await run({ ...ctx, principal }) };
      return idempotent.save(result.value);
    },
  );
  if (!outcome.replayed) return result ? result.value : idempotent.restore(outcome.output);
  if (outcome.fingerprint !== fingerprint) throw keyReused(call.path);
  await policy.charge?.(
    { ...call, meta: call.meta && { ...call.meta, cost: Math.min(call.meta.cost, 1) } },
    principal,
  );
  markReplayed(call.ctx);
  return idempotent.restore(outcome.output);
}

async function principalOf<TContext extends object, TPrincipal extends object>(
  policy: Policy<TContext, TPrincipal>,
  { ctx, meta }: PolicyCall<TContext>,
): Promise<TPrincipal> {
  // Without metadata nothing says the procedure is public, so it is not.
  if (meta?.auth === 'public') return policy.anonymous;
  let identity = identities.get(ctx) as Promise<TPrincipal> | undefined;
  if (!identity) {
    identity = policy.authenticate(ctx);
    identities.set(ctx, identity);
  }
  const principal = await identity;
  const held = policy.scopesOf(principal);
  const missing = (meta?.scopes ?? []).filter((scope) => !held.includes(scope));
  if (missing.length > 0) {
    const challenge = policy.challenges.insufficientScope?.(missing);
    throw new ContractError('FORBIDDEN', builtInErrors.FORBIDDEN, {
      message: `This credential lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
      ...(challenge === undefined ? {} : { headers: { 'WWW-Authenticate': challenge } }),
    });
  }
  return principal;
}

async function reportedIfUnauthorized<TContext extends object>(
  policy: Policy<TContext, object>,
  call: PolicyCall<TContext>,
  error: unknown,
): Promise<unknown> {
  if (error instanceof TRPCError && error.code === 'UNAUTHORIZED') await policy.onUnauthorized?.(call);
  return error;
}

const policies = new WeakMap<object, AnyPolicy>();

/** The policy a base procedure was made with by `policyProcedure()`, if it was. */
export function policyOf(procedure: object): AnyPolicy | undefined {
  return policies.get(procedure);
}

/**
 * The base procedure that runs every call under `policy`, for `implement()`. Its handlers see
 * `ctx.principal`. The toolkit's request handler (`@charter/rpc/node`) runs the same policy
 * without tRPC's middleware chain; tRPC's own adapters run it as this one middleware.
 */
export function policyProcedure<TContext extends object, TPrincipal extends object>(
  policy: Policy<TContext, TPrincipal>,
  /** Run around every call, outside the policy (./call-hooks.ts). */
  hooks: readonly CallHook[] = [],
) {
  const t = initTRPC.context<TContext>().meta<ProcedureMeta>().create(rootConfig);
  const procedure = t.procedure.use(async ({ ctx, meta, path, type, next, getRawInput }) => {
    const call = { ctx: ctx as unknown as TContext, meta, path };
    const run = () =>
      underPolicy(
        policy,
        call,
        async ({ principal, ...handlerCtx }) => {
          // The store may hand the call another context (a transaction to write in): pass it on whole.
          const result = await next({ ctx: { ...handlerCtx, principal } });
          // A failed result is thrown so the policy sees it; tRPC turns it back into the same result.
          if (!result.ok) throw result.error;
          return result;
        },
        type === 'mutation'
          ? {
              key: requestKeyOf(ctx, path),
              getRawInput,
              save: (result) => transformer.stringify(result.data),
              // tRPC reads a middleware's result by `ok` and `data`; the marker only types it.
              restore: (saved) =>
                ({ ok: true, data: transformer.parse(saved), marker: 'middlewareMarker' }) as never,
            }
          : undefined,
      );
    if (hooks.length === 0) return run();
    return aroundCall(hooks, { path, type, meta, surface: 'trpc', ctx }, run) as ReturnType<typeof run>;
  });
  policies.set(procedure, policy);
  return procedure;
}
