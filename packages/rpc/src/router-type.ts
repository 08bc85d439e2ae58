import type {
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
  TRPCSubscriptionProcedure,
} from '@trpc/server';
import type { AnyContract, Namespace } from './contract.ts';
import type { ErrorShape } from './error-shape.ts';
import type { ProcedureInput, ProcedureLike, ProcedureMeta, ProcedureOutput } from './procedure.ts';

export type ErrorShapeOf<TContract extends AnyContract> = ErrorShape<keyof TContract['errors'] & string>;

interface ProcedureTypes<P extends ProcedureLike, TErrorShape, TOutput> {
  input: ProcedureInput<P>;
  output: TOutput;
  meta: ProcedureMeta;
  errorShape: TErrorShape;
}

type TrpcProcedureOf<P extends ProcedureLike, TErrorShape> = P['type'] extends 'query'
  ? TRPCQueryProcedure<ProcedureTypes<P, TErrorShape, ProcedureOutput<P>>>
  : P['type'] extends 'mutation'
    ? TRPCMutationProcedure<ProcedureTypes<P, TErrorShape, ProcedureOutput<P>>>
    : TRPCSubscriptionProcedure<
        ProcedureTypes<P, TErrorShape, AsyncIterable<ProcedureOutput<P>, void, unknown>>
      >;

/** The tRPC record (procedures by name) that a namespace of the contract stands for. */
export type RouterRecordOf<TNamespace extends Namespace, TErrorShape> = {
  [K in keyof TNamespace]: TNamespace[K] extends ProcedureLike
    ? TrpcProcedureOf<TNamespace[K], TErrorShape>
    : TNamespace[K] extends Namespace
      ? RouterRecordOf<TNamespace[K], TErrorShape>
      : never;
};

export interface RootTypesOf<TContract extends AnyContract, TContext extends object> {
  ctx: TContext;
  meta: ProcedureMeta;
  errorShape: ErrorShapeOf<TContract>;
  transformer: true;
}

/**
 * The tRPC router type a server built with `implement()` has, computed from the contract alone:
 * give it to `createTRPCClient` and the client is typed without importing any server code.
 */
export type RouterOf<TContract extends AnyContract, TContext extends object = object> = TRPCBuiltRouter<
  RootTypesOf<TContract, TContext>,
  RouterRecordOf<TContract['procedures'], ErrorShapeOf<TContract>>
>;
