import type { input } from 'zod/v4/core';
import type { Namespace } from '../contract.ts';
import type { ParsedInput, ProcedureLike } from '../procedure.ts';
import type { ErrorFactories } from './contract-error.ts';

export interface HandlerOptions<P extends ProcedureLike, TContext> {
  /** The input, already validated against the contract. */
  input: ParsedInput<P>;
  ctx: TContext;
  /** Aborted when the caller goes away. */
  signal: AbortSignal | undefined;
  /** The errors this procedure declared in the contract, ready to throw. */
  errors: ErrorFactories<P['meta']['errors'][number]>;
}

/** What a handler returns is checked against the contract's output schema before it is sent. */
type HandlerResult<P extends ProcedureLike> = P['type'] extends 'subscription'
  ? AsyncIterable<input<P['output']>>
  : Promise<input<P['output']>> | input<P['output']>;

export type Handler<P extends ProcedureLike, TContext> = (
  options: HandlerOptions<P, TContext>,
) => HandlerResult<P>;

/**
 * One handler per procedure of the namespace, nested the same way. A missing handler is a type
 * error, and so is one the contract has no procedure for.
 */
export type Handlers<TNamespace extends Namespace, TContext> = {
  [K in keyof TNamespace]: TNamespace[K] extends ProcedureLike
    ? Handler<TNamespace[K], TContext>
    : TNamespace[K] extends Namespace
      ? Handlers<TNamespace[K], TContext>
      : never;
};

/**
 * `T` with every key the contract lacks turned into `never`, at every depth. TypeScript only flags
 * extra properties on object literals written in place; this flags them however the handlers were
 * assembled.
 */
export type ExactHandlers<T, TShape> = {
  [K in keyof T]: K extends keyof TShape
    ? TShape[K] extends (...args: never[]) => unknown
      ? T[K]
      : ExactHandlers<T[K], TShape[K]>
    : never;
};
