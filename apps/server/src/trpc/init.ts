import { initServer } from '@charter/rpc/server';
import type { RequestContext } from './context.ts';

/** tRPC's building blocks for this server, typed with its request context and the contract metadata. */
export const rpc = initServer<RequestContext>();
