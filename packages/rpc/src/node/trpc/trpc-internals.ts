/**
 * Everything the toolkit reads of tRPC beyond its public API, in one file: how tRPC shapes an error
 * for the wire, which status a response gets, and the router's transformer. The conformance suite
 * (./trpc-conformance.test.ts) compares every link's exchanges with tRPC's own adapter byte for byte,
 * so a tRPC release that changes any of this fails it. Run against @trpc/server 11.25.x (last: 11.25.2);
 * the suite refuses another installed version until it has been run against it and this range updated.
 */
import type { AnyTRPCRouter } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  isAsyncIterable,
  isObject,
  type TRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';

/** The @trpc/server releases the conformance suite was run against: the peer range may be wider. */
export const conformedTrpcVersions = '11.25.x';

export { getErrorShape, getHTTPStatusCode, isAsyncIterable, isObject, type TRPCResponse };

/** The router's root config: its transformer and error formatter, as tRPC's adapters read them. */
export function routerConfigOf(router: AnyTRPCRouter) {
  return router._def._config;
}
