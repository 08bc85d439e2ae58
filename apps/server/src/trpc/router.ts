import { contract } from '@charter/contract';
import { implement } from '@charter/rpc/server';
import { handlers } from '../procedures/index.ts';
import { procedure } from './procedure.ts';

/** The tRPC router: the contract, implemented. Fails at startup if a handler is missing or extra. */
export const appRouter = implement(contract, handlers, {
  procedure,
  // Comments keep idle proxies from closing a quiet live-updates stream.
  sse: { ping: { enabled: true, intervalMs: 15_000 } },
});
