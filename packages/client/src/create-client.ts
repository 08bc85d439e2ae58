import { type AppRouter, limits } from '@charter/contract';
import { transformer } from '@charter/rpc';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import { EventSource } from 'eventsource';

type MaybePromise<T> = T | Promise<T>;
type HeaderMap = Record<string, string>;

/** A token, or a function asked before each request (so a session can change under one client). */
export type TokenSource = string | (() => MaybePromise<string | null | undefined>);

export type ClientAuth = {
  /** An access token from `auth.logIn` or `auth.signUp`, sent as `Authorization: Bearer`. */
  accessToken: TokenSource;
};

export interface ClientOptions {
  /** The server's base URL, such as `http://127.0.0.1:3000`; calls go to `<url>/trpc`. */
  url: string;
  auth?: ClientAuth;
  /** Extra headers for every request, or a function that returns them. */
  headers?: HeaderMap | (() => MaybePromise<HeaderMap>);
  /** A `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: typeof fetch;
}

export type Client = TRPCClient<AppRouter>;

/**
 * A typed client for the Charter API. Queries and mutations made in the same tick travel in one
 * batched request; subscriptions use server-sent events. Dates and other non-JSON values survive
 * the wire (superjson). Works in Node.js 20+ and browsers.
 */
export function createClient(options: ClientOptions): Client {
  const url = trpcEndpoint(options.url);
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers = async (): Promise<HeaderMap> => ({
    ...(typeof options.headers === 'function' ? await options.headers() : options.headers),
    ...(await authHeaders(options.auth)),
  });

  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          transformer,
          // The `eventsource` package reads the stream with fetch, so unlike the browser's own
          // EventSource it can send an Authorization header.
          EventSource,
          eventSourceOptions: async () => {
            const extra = await headers();
            return {
              fetch: (input, init) => fetchFn(input, { ...init, headers: { ...init?.headers, ...extra } }),
            };
          },
        }),
        false: httpBatchLink({ url, transformer, headers, fetch: fetchFn, maxItems: limits.batchMaxCalls }),
      }),
    ],
  });
}

function trpcEndpoint(base: string): string {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new TypeError(`createClient: url must be an absolute http(s) URL, got "${base}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`createClient: url must use http or https, got "${parsed.protocol}"`);
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}/trpc`;
}

async function authHeaders(auth: ClientAuth | undefined): Promise<HeaderMap> {
  if (!auth) return {};
  const token = typeof auth.accessToken === 'function' ? await auth.accessToken() : auth.accessToken;
  return token ? { authorization: `Bearer ${token}` } : {};
}
