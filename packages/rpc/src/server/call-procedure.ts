import {
  type AnyProcedure,
  getTRPCErrorFromUnknown,
  middlewareMarker,
  type ProcedureCallOptions,
  TRPCError,
} from '@trpc/server/unstable-core-do-not-import';

// The parts of tRPC's middleware protocol this walks, without its generic bookkeeping.
type CallOptions = ProcedureCallOptions<unknown>;
type Result = { ok: true; data: unknown } | { ok: false; error: TRPCError };
interface NextOptions {
  ctx?: object;
  input?: unknown;
  getRawInput?: CallOptions['getRawInput'];
}
type Middleware = (options: Record<string, unknown>) => Promise<Result | undefined>;

/**
 * Calls a tRPC procedure as calling it directly would (`procedure(options)`): its middlewares in
 * order, each given the call's options and a `next` that passes a changed context or input on,
 * a thrown error turned into a failed result. tRPC's build copies the options at every level with
 * a compiled object-spread helper, a tenth of Charter's hot path (docs/decisions/013); this copies
 * them with the language's own spread. The paths that serve procedures without a tRPC adapter
 * (the fast path, REST) call through here.
 */
export async function callProcedure(procedure: AnyProcedure, options: CallOptions): Promise<unknown> {
  const definition = procedure._def as unknown as { middlewares: Middleware[]; meta: unknown };
  const result = await callFrom(0, definition, options as unknown as Record<string, unknown>);
  if (!result) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'No result from middlewares - did you forget to `return next()`?',
    });
  }
  if (!result.ok) throw result.error;
  return result.data;
}

async function callFrom(
  index: number,
  definition: { middlewares: Middleware[]; meta: unknown },
  options: Record<string, unknown>,
): Promise<Result | undefined> {
  try {
    const middleware = definition.middlewares[index] as Middleware;
    return await middleware({
      ...options,
      meta: definition.meta,
      input: options.input,
      next: (next?: NextOptions) =>
        callFrom(index + 1, definition, {
          ...options,
          ctx: next?.ctx ? { ...(options.ctx as object), ...next.ctx } : options.ctx,
          input: next && 'input' in next ? next.input : options.input,
          getRawInput: next?.getRawInput ?? options.getRawInput,
        }),
    });
  } catch (cause) {
    return { ok: false, error: getTRPCErrorFromUnknown(cause), marker: middlewareMarker } as Result;
  }
}
