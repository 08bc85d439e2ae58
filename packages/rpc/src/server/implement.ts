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

  const record = buildRecord(contract.procedures, handlers as HandlerTree, '', (path, procedure, handler) =>
    buildProcedure({
      base: options.procedure as unknown as LooseBuilder,
      path,
      procedure,
      handler,
      contract,
    }),
  );
  return t.router(record as Parameters<typeof t.router>[0]) as unknown as RouterOf<
    TContract,
    RequestContextOf<TBuilder>
  >;
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
  const inputOf = async (opts: Record<string, unknown>): Promise<unknown> => {
    if (!parseInput) return undefined;
    const raw = await (opts.getRawInput as () => Promise<unknown>)();
    try {
      return await parseInput(raw);
    } catch (cause) {
      throw new TRPCError({ code: 'BAD_REQUEST', cause });
    }
  };
  const run = (opts: Record<string, unknown>, input: unknown) =>
    handler({ input, ctx: opts.ctx, signal: opts.signal, errors });

  if (procedure.type === 'subscription') {
    // The input is checked before the stream starts (a bad one is a 400, not an event); each event
    // is checked against the output schema, not the iterable as a whole.
    async function* events(opts: Record<string, unknown>, input: unknown) {
      try {
        for await (const event of run(opts, input) as AsyncIterable<unknown>)
          yield await checkedOutput(parseOutput, event);
      } catch (error) {
        throw undeclaredAsInternal(error, declared, path);
      }
    }
    return builder.subscription(async (opts) => events(opts, await inputOf(opts)));
  }
  const call = async (opts: Record<string, unknown>) => {
    const input = await inputOf(opts);
    let output: unknown;
    try {
      output = await run(opts, input);
    } catch (error) {
      throw undeclaredAsInternal(error, declared, path);
    }
    return checkedOutput(parseOutput, output);
  };
  return procedure.type === 'query' ? builder.query(call) : builder.mutation(call);
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
