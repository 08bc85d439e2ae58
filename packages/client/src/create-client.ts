import { type AppRouter, limits, type Session } from '@charter/contract';
import { type RateLimitBudget, transformer } from '@charter/rpc';
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  type Operation,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import { EventSource } from 'eventsource';
import { type DeprecationNotice, reportingDeprecations, warnOnce } from './deprecations.ts';
import { idempotencyKeyHeader, idempotencyKeyLink } from './idempotency.ts';
import { PasswordSession } from './password-session.ts';
import { type RetryOptions, reportingRateLimits, retryAfterLink } from './rate-limits.ts';

type MaybePromise<T> = T | Promise<T>;
type HeaderMap = Record<string, string>;

/** A token, or a function asked before each request (so a session can change under one client). */
export type TokenSource = string | (() => MaybePromise<string | null | undefined>);

/** How the client proves who it is; each is sent as `Authorization: Bearer`. */
export type ClientAuth =
  /** An access token from `auth.logIn`, or a function returning the current one. */
  | { accessToken: TokenSource }
  /** An API key from `apiKeys.create`. */
  | { apiKey: string }
  /** Logs in on first use, refreshes before expiry, and retries a call once after a 401. */
  | { username: string; password: string; onSession?: (session: Session) => void };

export interface ClientOptions {
  /** The server's base URL, such as `http://127.0.0.1:3000`; calls go to `<url>/trpc`. */
  url: string;
  auth?: ClientAuth;
  /** Extra headers for every request, or a function that returns them. */
  headers?: HeaderMap | (() => MaybePromise<HeaderMap>);
  /** A `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: typeof fetch;
  /**
   * Calls refused with TOO_MANY_REQUESTS or SERVICE_UNAVAILABLE are retried after the server's
   * `Retry-After`, and calls that failed on the network after a short backoff, up to `maxRetries`
   * times: queries, and mutations the API runs once per `Idempotency-Key` (the client sends one
   * with every mutation and the same one with its retries). `false` passes every failure on at once.
   */
  retry?: RetryOptions | false;
  /** Told the caller's rate-limit budgets after every response that reports them. */
  onRateLimit?: (budgets: RateLimitBudget[]) => void;
  /**
   * Told when the server says a procedure called is deprecated (it will stop answering after its
   * sunset). By default a warning on the console, once per procedure; `false` says nothing.
   */
  onDeprecation?: ((notice: DeprecationNotice) => void) | false;
  /** The client's clock, in milliseconds (for tests). */
  now?: () => number;
}

export type Client = TRPCClient<AppRouter>;

/**
 * A typed client for the Charter API. Queries and mutations made in the same tick travel in one
 * batched request; subscriptions use server-sent events. Dates and other non-JSON values survive
 * the wire (superjson). Works in Node.js 20+ and browsers.
 */
export function createClient(options: ClientOptions): Client {
  const url = trpcEndpoint(options.url);
  const givenFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const onDeprecation = options.onDeprecation === undefined ? warnOnce() : options.onDeprecation;
  const announcedFetch = onDeprecation ? reportingDeprecations(givenFetch, onDeprecation) : givenFetch;
  const baseFetch = options.onRateLimit
    ? reportingRateLimits(announcedFetch, options.onRateLimit)
    : announcedFetch;
  const session = passwordSessionFor(options, url, baseFetch);
  const bearer = bearerSource(options.auth, session);
  const headers = async (opList?: readonly Operation[]): Promise<HeaderMap> => {
    const token = await bearer();
    return {
      ...(typeof options.headers === 'function' ? await options.headers() : options.headers),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opList ? idempotencyKeyHeader(opList) : {}),
    };
  };
  // With a password session, a 401 means the session ended elsewhere: renew once and retry.
  const fetchFn: typeof fetch = session
    ? async (input, init) => {
        const response = await baseFetch(input, init);
        if (response.status !== 401) return response;
        const rejected = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '');
        const retried = new Headers(init?.headers);
        retried.set('authorization', `Bearer ${await session.afterRejection(rejected)}`);
        return baseFetch(input, { ...init, headers: retried });
      }
    : baseFetch;

  return createTRPCClient<AppRouter>({
    links: [
      idempotencyKeyLink(),
      ...(options.retry === false ? [] : [retryAfterLink(options.retry)]),
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
              fetch: (input, init) => baseFetch(input, { ...init, headers: { ...init?.headers, ...extra } }),
            };
          },
        }),
        false: httpBatchLink({
          url,
          transformer,
          headers: ({ opList }) => headers(opList),
          fetch: fetchFn,
          maxItems: limits.batchMaxCalls,
        }),
      }),
    ],
  });
}

function passwordSessionFor(options: ClientOptions, url: string, fetchFn: typeof fetch) {
  const { auth } = options;
  if (!auth || !('username' in auth)) return undefined;
  // Logging in and refreshing go through a client of their own, without credentials.
  const api = createTRPCClient<AppRouter>({ links: [httpLink({ url, transformer, fetch: fetchFn })] });
  return new PasswordSession({ email: auth.username, password: auth.password }, api, {
    ...(auth.onSession ? { onSession: auth.onSession } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

function bearerSource(
  auth: ClientAuth | undefined,
  session: PasswordSession | undefined,
): () => Promise<string | undefined> {
  if (session) return () => session.accessToken();
  if (!auth) return async () => undefined;
  if ('apiKey' in auth) return async () => auth.apiKey;
  if ('accessToken' in auth) {
    const source = auth.accessToken;
    return async () => (typeof source === 'function' ? ((await source()) ?? undefined) : source);
  }
  return async () => undefined;
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
