import type { $ZodType, input, output } from 'zod/v4/core';

export type ProcedureType = 'query' | 'mutation' | 'subscription';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where the REST bridge serves a procedure; path parameters are written `{name}`. */
export interface RestRoute {
  method: HttpMethod;
  path: string;
}

/** A worked example for the docs; the contract's tests check each one against its schemas. */
export interface ProcedureExample<TInput = unknown, TOutput = unknown> {
  title: string;
  input: TInput;
  output?: TOutput;
}

/**
 * Why and until when a procedure is being retired. Dates are ISO 8601 (`2026-12-01`). The OpenAPI
 * document and the docs print it; the server may announce it to callers (Deprecation, Sunset).
 */
export interface Deprecation {
  /** When it was deprecated. */
  since: string;
  /** When it stops answering; absent while no date is set. */
  sunset?: string;
  /** The dotted path of the procedure to call instead, e.g. `tasks.search`. */
  replacement?: string;
  /** Why, in a sentence for callers. */
  reason: string;
}

/**
 * A procedure's policy and documentation. Middleware enforces it (auth, scopes, cost), the REST
 * bridge routes by it, and the OpenAPI document and docs print it.
 */
export interface ProcedureMeta {
  summary: string;
  description?: string;
  /** `public`: anyone may call. `required`: the caller must authenticate. */
  auth: 'public' | 'required';
  /** Scopes the caller's credential must carry (all of them). */
  scopes: readonly string[];
  /** What one call costs against the caller's rate-limit budget. @default 1 */
  cost: number;
  /**
   * A named budget the call also draws from, on top of the caller's own: e.g. `auth`, a small
   * per-address budget for log-in and sign-up. The server defines the names.
   */
  budget?: string;
  rest?: RestRoute;
  /** Catalogue codes the handler may return, beyond the built-in ones. */
  errors: readonly string[];
  examples: readonly ProcedureExample[];
  /** `false`, or the deprecation's details (`true` when a contract states none). */
  deprecated: boolean | Deprecation;
  /**
   * Whether a call may carry an `Idempotency-Key`, so that a retry returns the first call's result
   * instead of running again: `required` or `accepted` (mutations only). Absent: `ignored`.
   */
  idempotency?: Exclude<Idempotency, 'ignored'>;
  /** `false` keeps the procedure from AI agents: it is no MCP tool. Subscriptions never are. @default true */
  mcp?: boolean;
}

/** How a procedure treats an `Idempotency-Key`. */
export type Idempotency = 'required' | 'accepted' | 'ignored';

/** How a procedure treats an `Idempotency-Key`. */
export function idempotencyOf(procedure: { meta: ProcedureMeta }): Idempotency {
  return procedure.meta.idempotency ?? 'ignored';
}

/**
 * What the types read of a schema: zod's input and output types. Bounding type parameters by this,
 * not by `$ZodType`, spares the checker relating every schema's zod internals to `$ZodType` (a
 * fifth of the type-check cost of a large contract: `pnpm bench:types`).
 */
export interface SchemaTypes {
  readonly _zod: { readonly input: unknown; readonly output: unknown };
}

/** A procedure as the contract states it: kind, schemas and metadata, and no implementation. */
export interface Procedure<
  TType extends ProcedureType = ProcedureType,
  TInput extends SchemaTypes | undefined = $ZodType | undefined,
  TOutput extends SchemaTypes = $ZodType,
  TErrorCode extends string = string,
> {
  readonly '~procedure': true;
  readonly type: TType;
  readonly input: TInput;
  /** For a subscription, the schema of each event it emits. */
  readonly output: TOutput;
  readonly meta: ProcedureMeta & { readonly errors: readonly TErrorCode[] };
}

/** Any procedure, as runtime code reads it: its schemas are zod schemas. */
export type AnyProcedure = Procedure<ProcedureType, $ZodType | undefined, $ZodType, string>;
/** Any procedure, as types match one (see SchemaTypes). */
export type ProcedureLike = Procedure<ProcedureType, SchemaTypes | undefined, SchemaTypes, string>;

/** What a caller sends: the schema's input type, or nothing for a procedure without input. */
export type ProcedureInput<P extends ProcedureLike> = P['input'] extends SchemaTypes
  ? input<P['input']>
  : undefined;
/** What a handler receives after validation. */
export type ParsedInput<P extends ProcedureLike> = P['input'] extends SchemaTypes
  ? output<P['input']>
  : undefined;
/** What a caller receives (for a subscription: each event). */
export type ProcedureOutput<P extends ProcedureLike> = output<P['output']>;

export function isProcedure(value: unknown): value is AnyProcedure {
  return typeof value === 'object' && value !== null && '~procedure' in value;
}

/** Whether agents see the procedure as an MCP tool: queries and mutations, unless `mcp: false`. */
export const isMcpTool = (procedure: { type: ProcedureType; meta: ProcedureMeta }): boolean =>
  procedure.type !== 'subscription' && procedure.meta.mcp !== false;

/** An MCP tool's name: the procedure's path with dots as underscores (`tasks_create`), as MCP names allow. */
export const mcpToolName = (path: string): string => path.replaceAll('.', '_');
