import type { AppRouter } from '@charter/contract';
import { limits } from '@charter/contract';
import { transformer } from '@charter/rpc';
import {
  createTRPCClient,
  httpBatchLink,
  httpBatchStreamLink,
  httpLink,
  httpSubscriptionLink,
  isTRPCClientError,
  splitLink,
  type TRPCLink,
} from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize, transportHeaders } from './support/normalize.ts';
import { budgets, startTestServer, type TestServer } from './support/test-server.ts';

/**
 * The fast path must be indistinguishable from tRPC's official adapter: the same scenario runs
 * through every link @trpc/client offers against a server with the fast path and one without, and
 * every answer, error and header must match (ids, times and tokens aside, which differ by nature).
 */

interface Exchange {
  status: number;
  headers: Record<string, string>;
}

/** A fetch that records each exchange's status and headers, as the wire carried them. */
function recordingFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!transportHeaders.has(name)) headers[name] = value;
    });
    exchanges.push({ status: response.status, headers });
    return response;
  };
}

type LinkName = 'httpLink' | 'httpBatchLink' | 'httpBatchStreamLink' | 'httpSubscriptionLink';

function clientFor(server: TestServer, linkName: LinkName, exchanges: Exchange[], token?: string) {
  const url = `${server.url}/trpc`;
  const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const fetchFn = recordingFetch(exchanges);
  const links: Record<Exclude<LinkName, 'httpSubscriptionLink'>, () => TRPCLink<AppRouter>> = {
    httpLink: () => httpLink({ url, transformer, headers, fetch: fetchFn }),
    httpBatchLink: () =>
      httpBatchLink({ url, transformer, headers, fetch: fetchFn, maxItems: limits.batchMaxCalls }),
    httpBatchStreamLink: () => httpBatchStreamLink({ url, transformer, headers, fetch: fetchFn }),
  };
  const terminal = links[linkName === 'httpSubscriptionLink' ? 'httpBatchLink' : linkName]();
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          transformer,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetchFn(input, { ...init, headers: { ...init?.headers, ...headers() } }),
          }),
        }),
        false: terminal,
      }),
    ],
  });
}

const settle = (promise: Promise<unknown>) =>
  promise.then(
    (data) => ({ data }),
    (error: unknown) =>
      isTRPCClientError(error)
        ? { error: { message: error.message, data: error.data } }
        : { thrown: String(error) },
  );

/** The same calls, through one link, against one server: what came back, and what the wire carried. */
async function scenario(server: TestServer, linkName: LinkName) {
  const exchanges: Exchange[] = [];
  const anonymous = clientFor(server, linkName, exchanges);
  const signUp = await anonymous.auth.signUp.mutate({
    email: `${linkName.toLowerCase()}@example.com`,
    password: 'correct horse battery',
    name: linkName,
  });
  const me = clientFor(server, linkName, exchanges, signUp.accessToken);
  const project = await me.projects.create.mutate({ name: 'Same either way' });
  const transcript: unknown[] = [signUp, project];
  // Batching links send each group as one request: its queries in one, its mutations in another.
  // Two requests in flight at once are answered and charged in whatever order they arrive, which
  // would make the exchanges (their RateLimit headers) differ run to run: one group at a time, and
  // one call at a time through httpLink, which sends every call on its own.
  const groups = [
    [
      () => settle(me.auth.me.query()),
      () => settle(me.projects.get.query({ id: '00000000-0000-4000-8000-000000000000' })),
    ],
    [
      () =>
        settle(
          me.tasks.create.mutate({
            projectId: project.id,
            title: 'Due',
            dueDate: new Date('2030-01-02T03:04:05Z'),
          }),
        ),
      () => settle(me.projects.create.mutate({ name: '' })),
    ],
  ];
  for (const group of groups) {
    transcript.push(
      linkName === 'httpLink'
        ? await oneAfterAnother(group)
        : await Promise.all(group.map((start) => start())),
    );
  }
  transcript.push(
    await settle(me.tasks.list.query({ projectId: project.id, sort: 'dueDate', order: 'asc' })),
    await settle(anonymous.auth.me.query()),
    await settle(me.system.echo.query({ message: 'x'.repeat(limits.echoMessageMaxLength + 1) })),
  );
  if (linkName === 'httpSubscriptionLink') {
    const changes: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      const subscription = me.tasks.onChange.subscribe(
        { projectId: project.id },
        {
          onStarted: () => {
            // The stream is open; a change made now must come through it.
            setTimeout(
              () => me.tasks.create.mutate({ projectId: project.id, title: 'Live' }).catch(reject),
              200,
            );
          },
          onData: (change) => {
            changes.push(change);
            subscription.unsubscribe();
            resolve();
          },
          onError: reject,
        },
      );
    });
    transcript.push(changes);
  }
  return { transcript, exchanges };
}

async function oneAfterAnother(calls: (() => Promise<unknown>)[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const call of calls) results.push(await call());
  return results;
}

/** A request as a hostile or unusual client sends it, and the whole answer. */
async function raw(
  server: TestServer,
  init: { path: string; method?: string; headers?: Record<string, string>; body?: string },
) {
  const response = await fetch(`${server.url}/trpc/${init.path}`, {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!transportHeaders.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

describe('the tRPC fast path against the official adapter', () => {
  let fast: TestServer;
  let official: TestServer;

  beforeAll(async () => {
    const env = { RATE_LIMITS: budgets({ default: '1000/60s', anonymous: '1000/60s', auth: '1000/60s' }) };
    [fast, official] = await Promise.all([
      startTestServer('pglite', { env }),
      startTestServer('pglite', { env, fastPath: false }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([fast?.close(), official?.close()]);
  });

  it.each(['httpLink', 'httpBatchLink', 'httpBatchStreamLink', 'httpSubscriptionLink'] as const)(
    'answers every call through %s exactly as the official adapter does',
    async (linkName) => {
      const viaFast = await scenario(fast, linkName);
      const viaOfficial = await scenario(official, linkName);
      expect(normalize(viaFast.transcript)).toEqual(normalize(viaOfficial.transcript));
      expect(normalize(viaFast.exchanges)).toEqual(normalize(viaOfficial.exchanges));
    },
  );

  const json = { 'content-type': 'application/json' };
  it.each([
    ['a malformed JSON body', { path: 'projects.create', method: 'POST', headers: json, body: '{"json":' }],
    ['an empty POST body', { path: 'projects.create', method: 'POST', headers: json, body: '' }],
    ['a GET to a mutation', { path: 'projects.create' }],
    ['a POST to a query', { path: 'auth.me', method: 'POST', headers: json, body: '{}' }],
    ['an unknown procedure', { path: 'projects.nothing' }],
    ['a malformed path', { path: 'auth.me%E0%A4%A' }],
    [
      'a path with a dot segment',
      { path: 'x/../system.echo?input=%7B%22json%22%3A%7B%22message%22%3A%22a%22%7D%7D' },
    ],
    [
      'a percent-encoded path',
      { path: 'system%2Eecho?input=%7B%22json%22%3A%7B%22message%22%3A%22a%22%7D%7D' },
    ],
    ['a path with a space', { path: 'system echo' }],
    [
      'a batch over the limit',
      {
        path: `${Array(limits.batchMaxCalls + 1)
          .fill('auth.me')
          .join(',')}?batch=1&input=%7B%7D`,
      },
    ],
    [
      'a batch mixing queries and mutations',
      { path: 'auth.me,projects.create?batch=1', method: 'POST', headers: json, body: '{}' },
    ],
    ['a batch input that is not an object', { path: 'auth.me,auth.me?batch=1&input=%5B1%5D' }],
    ['a batch of two unknown procedures', { path: 'a.b,c.d?batch=1&input=%7B%7D' }],
    [
      'a body over the size limit',
      {
        path: 'projects.create',
        method: 'POST',
        headers: json,
        body: `{"json":{"name":"${'x'.repeat(limits.requestBodyMaxBytes)}"}}`,
      },
    ],
    [
      'a plain-text body (left to Express)',
      { path: 'projects.create', method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' },
    ],
    ['a HEAD request (left to Express)', { path: 'auth.me', method: 'HEAD' }],
    [
      'a preflight request',
      {
        path: 'auth.me',
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
      },
    ],
    ['a cross-origin call', { path: 'auth.me', headers: { origin: 'https://app.example' } }],
    ['a caller-chosen request id', { path: 'auth.me', headers: { 'x-request-id': 'trace-123' } }],
  ] as const)('answers %s exactly as the official adapter does', async (_name, init) => {
    const [viaFast, viaOfficial] = [await raw(fast, init), await raw(official, init)];
    expect(normalize(viaFast)).toEqual(normalize(viaOfficial));
  });
});
