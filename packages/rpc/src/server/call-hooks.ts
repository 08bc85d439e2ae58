import type { ProcedureMeta, ProcedureType } from '../procedure.ts';

/** One call as a hook sees it. */
export interface CallInfo {
  /** The procedure's dotted path. */
  path: string;
  type: ProcedureType;
  meta: ProcedureMeta | undefined;
  /** Which surface it came by: `trpc`, `rest`, ... */
  surface: string;
  /** The request's context, as `createContext` made it. */
  ctx: object;
}

/**
 * Runs around every call — one per call of a batch — with the policy inside it, so it sees
 * refusals too: `next()` runs the call and settles as the call does. For metrics, traces and the
 * like.
 */
export type CallHook = (call: CallInfo, next: () => Promise<unknown>) => Promise<unknown>;

/** Runs `run` inside the hooks, the first outermost; with none, just `run`. */
export function aroundCall(
  hooks: readonly CallHook[],
  call: CallInfo,
  run: () => Promise<unknown>,
): Promise<unknown> {
  if (hooks.length === 0) return run();
  const at = (index: number): Promise<unknown> =>
    index === hooks.length ? run() : (hooks[index] as CallHook)(call, () => at(index + 1));
  return at(0);
}
