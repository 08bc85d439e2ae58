import { contract } from '@charter/contract';
import { implement } from '@charter/rpc/server';
import type { AnyProcedure } from '@trpc/server/unstable-core-do-not-import';
import { handlers } from '../procedures/index.ts';
import { procedure } from './procedure.ts';

/** The tRPC router: the contract, implemented. Fails at startup if a handler is missing or extra. */
export const appRouter = implement(contract, handlers, {
  procedure,
  // Comments keep idle proxies from closing a quiet live-updates stream.
  sse: { ping: { enabled: true, intervalMs: 15_000 } },
});

/** The router's procedures by dotted path, for the paths that call them without a tRPC adapter. */
export const procedureAt = (path: string): AnyProcedure | undefined =>
  Object.hasOwn(procedures, path) ? procedures[path] : undefined;
const procedures = appRouter._def.procedures as unknown as Readonly<Record<string, AnyProcedure>>;
