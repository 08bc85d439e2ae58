/**
 * Everything the toolkit reads of tRPC beyond its public API, in one file: how tRPC shapes an error
 * for the wire, which status a response gets, and the router's transformer. The conformance suite
 * (./trpc-conformance.test.ts) compares every link's exchanges with tRPC's own adapter byte for byte,
 * so a tRPC release that changes any of this fails it. Run against @trpc/server 11.25.x.
 */
import type { AnyTRPCRouter } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  isAsyncIterable,
  isObject,
  type TRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';

export { getErrorShape, getHTTPStatusCode, isAsyncIterable, isObject, type TRPCResponse };

/** The router's root config: its transformer and error formatter, as tRPC's adapters read them. */
export function routerConfigOf(router: AnyTRPCRouter) {
  return router._def._config;
}
