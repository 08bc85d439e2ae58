import {
  type inferProcedureBuilderResolverOptions,
  initTRPC,
  TRPCError,
  type TRPCProcedureBuilder,
  type TRPCRootConfig,
} from '@trpc/server';
import { $ZodAsyncError, type $ZodType } from 'zod/v4/core';
import { type AnyContract, type Namespace, namespaceEntries } from '../contract.ts';
import { isBuiltInErrorCode } from '../error-catalogue.ts';
import { type AnyProcedure, isProcedure, type ProcedureMeta } from '../procedure.ts';
import type { RouterOf } from '../router-type.ts';
import { ContractError, errorFactories } from './contract-error.ts';
import type { ExactHandlers, Handlers } from './handlers.ts';
import { assertImplementationMatches } from './implementation-check.ts';
import { rootConfig } from './init-server.ts';
import { type Policy, policyOf } from './policy.ts';

// biome-ignore lint/suspicious/noExplicitAny: the widest procedure builder, as tRPC itself spells it
export type AnyProcedureBuilder = TRPCProcedureBuilder<any, any, any, any, any, any, any, any, any>;

/** The context handlers see: the request context plus whatever the base procedure's middleware added. */
export type HandlerContextOf<TBuilder extends AnyProcedureBuilder> =
  inferProcedureBuilderResolverOptions<TBuilder>['ctx'];

/** The context a request starts with (what `createContext` returns). */
export type RequestContextOf<TBuilder extends AnyProcedureBuilder> =
  // biome-ignore lint/suspicious/noExplicitAny: matching any builder to read its first type parameter
  TBuilder extends TRPCProcedureBuilder<infer C, any, any, any, any, any, any, any, any> ? C : never;

export interface ImplementOptions<TBuilder extends AnyProcedureBuilder> {
  /** The base every procedure is built on, usually `procedure.use(auth).use(rateLimit)` from `initServer()`. */
  procedure: TBuilder;
  /** Subscription (server-sent events) settings of the router. */
  sse?: TRPCRootConfig<{ ctx: object; meta: object; errorShape: never; transformer: true }>['sse'];
}

type LooseHandler = (options: Record<string, unknown>) => unknown;
// The parts of a tRPC procedure builder used here, without its generic bookkeeping.
interface LooseBuilder {
  meta(meta: ProcedureMeta): LooseBuilder;
  query(resolver: LooseHandler): unknown;
  mutation(resolver: LooseHandler): unknown;
  subscription(resolver: LooseHandler): unknown;
}

/**
 * Builds the tRPC router that implements a contract. Every procedure of the contract needs a handler
 * and every handler a procedure, or this throws naming each one. Each procedure runs the base
 * procedure's middleware first (so authentication precedes input validation), then validates its
 * input, calls the handler and validates the output against the contract.
 */
export function implement<
  TContract extends AnyContract,
  TBuilder extends AnyProcedureBuilder,
  THandlers extends Handlers<TContract['procedures'], HandlerContextOf<TBuilder>>,
>(
  contract: TContract,
  handlers: THandlers &
    ExactHandlers<THandlers, Handlers<TContract['procedures'], HandlerContextOf<TBuilder>>>,
  options: ImplementOptions<TBuilder>,
): RouterOf<TContract, RequestContextOf<TBuilder>> {
  assertImplementationMatches(contract.procedures, handlers);
  const t = initTRPC
    .context<object>()
    .meta<ProcedureMeta>()
    .create({ ...rootConfig, ...(options.sse ? { sse: options.sse } : {}) });

  const policy = policyOf(options.procedure as object);
  const table = new Map<string, ImplementedProcedure>();
  const record = buildRecord(contract.procedures, handlers as HandlerTree, '', (path, procedure, handler) => {
    const built = buildProcedure({
      base: options.procedure as unknown as LooseBuilder,
      path,
      procedure,
      handler,
      contract,
    });
    table.set(path, {
      path,
      procedure,
      policy,
      ...(implementations.get(built as object) as ProcedureImplementation),
    });
    return built;
  });
  const router = t.router(record as Parameters<typeof t.router>[0]);
  procedureTables.set(router, table);
  return router as unknown as RouterOf<TContract, RequestContextOf<TBuilder>>;
}

/** A procedure of a router `implement()` built: its contract entry, its own work, and its base's policy. */
export interface ImplementedProcedure extends ProcedureImplementation {
  path: string;
  /** The contract's procedure: its type, schemas and metadata. */
  procedure: AnyProcedure;
  /** The policy of its base procedure, when the base is a `policyProcedure()`; else it has other middleware. */
  // biome-ignore lint/suspicious/noExplicitAny: any context and principal
  policy: Policy<any, any> | undefined;
}

const procedureTables = new WeakMap<object, ReadonlyMap<string, ImplementedProcedure>>();

/** Every procedure of a router `implement()` built, by dotted path; undefined for any other router. */
export function implementedProcedures(router: object): ReadonlyMap<string, ImplementedProcedure> | undefined {
  return procedureTables.get(router);
}

function buildProcedure(options: {
  base: LooseBuilder;
  path: string;
  procedure: AnyProcedure;
  handler: LooseHandler;
  contract: AnyContract;
}) {
  const { base, path, procedure, handler, contract } = options;
  const builder = base.meta(procedure.meta);
  const errors = errorFactories(contract.errors, procedure.meta.errors);
  const declared = new Set<string>(procedure.meta.errors);
  // Validation runs inside the resolver rather than as tRPC's .input()/.output() middleware: the
  // same checks and errors, without two more levels of tRPC's middleware chain on every call
  // (docs/decisions/013).
  const parseInput = procedure.input ? validator(procedure.input) : undefined;
  const parseOutput = validator(procedure.output);
  const inputOf = async (call: ImplementationCallOptions): Promise<unknown> => {
    if (!parseInput) return undefined;
    const raw = await call.getRawInput();
    try {
      return await parseInput(raw);
    } catch (cause) {
      throw new TRPCError({ code: 'BAD_REQUEST', cause });
    }
  };
  const run = (ctx: object, call: ImplementationCallOptions, input: unknown) =>
    handler(new HandlerCall(input, ctx, errors, call.signal) as unknown as Record<string, unknown>);

  let implementation: ProcedureImplementation['call'];
  if (procedure.type === 'subscription') {
    // The input is checked before the stream starts (a bad one is a 400, not an event); each event
    // is checked against the output schema, not the iterable as a whole.
    async function* events(ctx: object, call: ImplementationCallOptions, input: unknown) {
      try {
        for await (const event of run(ctx, call, input) as AsyncIterable<unknown>)
          yield await checkedOutput(parseOutput, event);
      } catch (error) {
        throw undeclaredAsInternal(error, declared, path);
      }
    }
    implementation = async (ctx, call) => events(ctx, call, await inputOf(call));
  } else {
    implementation = async (ctx, call) => {
      const input = await inputOf(call);
      let output: unknown;
      try {
        output = await run(ctx, call, input);
      } catch (error) {
        throw undeclaredAsInternal(error, declared, path);
      }
      return checkedOutput(parseOutput, output);
    };
  }
  // tRPC's resolver options carry the signal it built, the call's context and the raw input.
  const resolver = (opts: Record<string, unknown>) =>
    implementation(opts.ctx as object, {
      getRawInput: opts.getRawInput as ImplementationCallOptions['getRawInput'],
      signal: () => opts.signal as AbortSignal | undefined,
    });
  const built =
    procedure.type === 'subscription'
      ? builder.subscription(resolver)
      : procedure.type === 'query'
        ? builder.query(resolver)
        : builder.mutation(resolver);
  implementations.set(built as object, { call: implementation });
  return built;
}

export interface ImplementationCallOptions {
  getRawInput(): Promise<unknown>;
  /** The call's AbortSignal, built (by some callers) only when a handler first asks for it. */
  signal(): AbortSignal | undefined;
}

/**
 * What a handler is called with. A class, not an object literal: `signal` is a getter, so a caller
 * that builds its signal on demand builds it only for handlers that read it, and V8 builds an
 * object literal with a getter through its slow path (35 times slower in a micro-benchmark; the
 * fast path's garbage collection per call grew fivefold with one).
 */
class HandlerCall {
  readonly #signal: () => AbortSignal | undefined;
  constructor(
    readonly input: unknown,
    readonly ctx: object,
    readonly errors: unknown,
    signal: () => AbortSignal | undefined,
  ) {
    this.#signal = signal;
  }
  get signal(): AbortSignal | undefined {
    return this.#signal();
  }
}

/** A procedure's own work, without the middleware of the base procedure. */
export interface ProcedureImplementation {
  /**
   * Validates the raw input, calls the handler and validates its output (a subscription's: each
   * event), throwing what a call through tRPC would fail with; a subscription resolves with its
   * events. `ctx` is the context the handler sees (the base procedure's middleware would have made
   * it); `signal` is called only if the handler reads its signal.
   */
  call(ctx: object, options: ImplementationCallOptions): Promise<unknown>;
}

const implementations = new WeakMap<object, ProcedureImplementation>();

/**
 * The implementation behind a procedure that `implement()` built, for a server that calls
 * procedures without tRPC's procedure machinery (each middleware level copies the call's options):
 * it runs its base procedure's middleware itself, then this.
 */
export function implementationOf(procedure: object): ProcedureImplementation | undefined {
  return implementations.get(procedure);
}

type Validator = (value: unknown) => unknown;

/** The schema's parse, synchronous unless the schema has asynchronous refinements. */
function validator(schema: $ZodType): Validator {
  const zod = schema as unknown as { parse: Validator; parseAsync: Validator };
  return (value) => {
    try {
      return zod.parse(value);
    } catch (error) {
      if (error instanceof $ZodAsyncError) return zod.parseAsync(value);
      throw error;
    }
  };
}

async function checkedOutput(parse: Validator, value: unknown): Promise<unknown> {
  try {
    return await parse(value);
  } catch (cause) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Output validation failed', cause });
  }
}

/**
 * A domain error the procedure did not declare is a bug, not an answer: it goes out as a 500 (its
 * cause logged), so a contract's `errors` list is always the whole truth.
 */
function undeclaredAsInternal(error: unknown, declared: ReadonlySet<string>, path: string): unknown {
  if (!(error instanceof ContractError) || isBuiltInErrorCode(error.appCode) || declared.has(error.appCode)) {
    return error;
  }
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: `${path} threw ${error.appCode}, which its contract does not declare`,
    cause: error,
  });
}

interface HandlerTree {
  readonly [name: string]: LooseHandler | HandlerTree;
}

/** Walks the contract and the (already checked) handlers together, building tRPC's nested record. */
function buildRecord(
  namespace: Namespace,
  handlers: HandlerTree,
  prefix: string,
  build: (path: string, procedure: AnyProcedure, handler: LooseHandler) => unknown,
): Record<string, unknown> {
  return Object.fromEntries(
    namespaceEntries(namespace).map(([name, node]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      const handler = handlers[name];
      return [
        name,
        isProcedure(node)
          ? build(path, node, handler as LooseHandler)
          : buildRecord(node, handler as HandlerTree, path, build),
      ];
    }),
  );
}
