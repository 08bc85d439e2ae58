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
import trpcPackage from '@trpc/server/package.json' with { type: 'json' };
import { EventSource } from 'eventsource';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouterOf } from '../../router-type.ts';
import {
  type CorsOrigins,
  type ServerKind,
  serveConformance,
  serverKinds,
} from '../../test-fixtures/conformance-servers.ts';
import type { notesContract } from '../../test-fixtures/notes-contract.ts';
import type { NotesServer } from '../../test-fixtures/notes-server.ts';
import { type Exchange, recorded, recordingFetch } from '../../test-fixtures/recorded-exchanges.ts';
import {
  json,
  misreadRequests,
  type RawRequest,
  unusualRequests,
} from '../../test-fixtures/unusual-trpc-requests.ts';
import { transformer } from '../../transformer.ts';
import { conformedTrpcVersions } from './trpc-internals.ts';

/**
 * The handler must be indistinguishable, on the wire, from tRPC serving the same router: the same
 * scenario runs through every link of @trpc/client against the handler with its fast path, the
 * handler with every tRPC request through tRPC's adapter, and tRPC's own standalone adapter, and
 * every exchange must match byte for byte: status, headers and the body's text.
 */

type NotesRouter = RouterOf<typeof notesContract>;
type LinkName = 'httpLink' | 'httpBatchLink' | 'httpBatchStreamLink' | 'httpSubscriptionLink';

const origin = 'https://app.example';

/**
 * The one header the handler knowingly sends otherwise than tRPC: for an origin list, CORS sets
 * `Vary: Origin`, which tRPC's adapter overwrites with its own `Vary: trpc-accept, accept`; the
 * handler keeps it on both its paths, so that a cache does not hand one origin's
 * Access-Control-Allow-Origin to another. Taken back out of its answers here, and pinned by its own
 * test at the end.
 */
const fastPathVary = 'Origin, trpc-accept, accept';
const trpcVary = 'trpc-accept, accept';

function asTrpcAnswers(kind: ServerKind, exchange: Exchange): Exchange {
  if (kind === "tRPC's standalone adapter" || exchange.headers.vary !== fastPathVary) return exchange;
  return { ...exchange, headers: { ...exchange.headers, vary: trpcVary } };
}

function clientFor(server: NotesServer, linkName: LinkName, exchanges: Promise<Exchange>[], apiKey?: string) {
  const url = `${server.url}/trpc`;
  const headers = { origin, ...(apiKey ? { 'x-api-key': apiKey } : {}) };
  const fetchFn = recordingFetch(exchanges);
  const links: Record<Exclude<LinkName, 'httpSubscriptionLink'>, () => TRPCLink<NotesRouter>> = {
    httpLink: () => httpLink({ url, transformer, headers, fetch: fetchFn }),
    httpBatchLink: () => httpBatchLink({ url, transformer, headers, fetch: fetchFn }),
    httpBatchStreamLink: () => httpBatchStreamLink({ url, transformer, headers, fetch: fetchFn }),
  };
  return createTRPCClient<NotesRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          transformer,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetchFn(input, { ...init, headers: { ...init?.headers, ...headers } }),
          }),
        }),
        false: links[linkName === 'httpSubscriptionLink' ? 'httpBatchLink' : linkName](),
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

/**
 * A batching link sends each group as one request. Calls in flight at once are charged in the
 * order they arrive, which would make RateLimit differ run to run: one group at a time, and one
 * call at a time through httpLink, which sends every call on its own.
 */
async function inTurn(linkName: LinkName, group: (() => Promise<unknown>)[]): Promise<unknown[]> {
  if (linkName !== 'httpLink') return Promise.all(group.map((start) => settle(start() as Promise<unknown>)));
  const results: unknown[] = [];
  for (const start of group) results.push(await settle(start() as Promise<unknown>));
  return results;
}

/** Subscribes until the stream ends (or fails), and gives what came through. */
function subscription(
  subscribe: (handlers: {
    onData(value: unknown): void;
    onError(error: unknown): void;
    onComplete(): void;
  }) => { unsubscribe(): void },
): Promise<unknown[]> {
  return new Promise((resolve) => {
    const seen: unknown[] = [];
    const handle = subscribe({
      onData: (value) => seen.push({ data: value }),
      onError: (error) => {
        seen.push(isTRPCClientError(error) ? { error: error.message, data: error.data } : String(error));
        handle.unsubscribe();
        resolve(seen);
      },
      onComplete: () => resolve(seen),
    });
  });
}

/** The same calls through one link against one server: what the client got, and every exchange. */
async function scenario(server: NotesServer, linkName: LinkName) {
  const exchanges: Promise<Exchange>[] = [];
  const all = clientFor(server, linkName, exchanges, 'key-all').notes;
  const readOnly = clientFor(server, linkName, exchanges, 'key-read').notes;
  const anonymous = clientFor(server, linkName, exchanges).notes;
  const remindAt = new Date('2031-02-03T04:05:06.789Z');
  const transcript: unknown[] = [];
  if (linkName === 'httpSubscriptionLink') {
    transcript.push(
      await subscription((handlers) => readOnly.onChange.subscribe({ count: 3 }, handlers)),
      await subscription((handlers) => anonymous.onChange.subscribe({ count: 1 }, handlers)),
      await subscription((handlers) => all.onChange.subscribe({ count: 9 }, handlers)),
    );
  }
  const groups: (() => Promise<unknown>)[][] = [
    // Successes, a Date through superjson both ways; a keyed and a public query in one batch.
    [() => all.get.query({ id: 'n1' }), () => all.tags.list.query()],
    [() => anonymous.tags.list.query()],
    [() => all.create.mutate({ text: 'call Ada', remindAt })],
    // Success and failure side by side: a catalogue 404, an unexpected throw (500, its message kept back).
    [
      () => all.get.query({ id: 'n2' }),
      () => all.get.query({ id: 'missing' }),
      () => all.get.query({ id: 'crash' }),
    ],
    // Validation issues (400: too short, too long), a contract error (409).
    [
      () => all.create.mutate({ text: '' }),
      () => all.create.mutate({ text: 'locked' }),
      () => all.create.mutate({ text: 'x'.repeat(21), remindAt }),
    ],
    // No credential (401, with the challenge), a missing scope (403, naming it).
    [() => anonymous.get.query({ id: 'n1' })],
    [() => readOnly.create.mutate({ text: 'not mine to write' })],
    // Past the budget: 429 with Retry-After.
    [() => all.create.mutate({ text: 'one' }), () => all.create.mutate({ text: 'two' })],
    [() => all.create.mutate({ text: 'three' })],
  ];
  for (const group of groups) transcript.push(await inTurn(linkName, group));
  return { transcript, exchanges: await Promise.all(exchanges) };
}

/** A request as an unusual or hostile client sends it, and the whole answer. */
async function raw(server: NotesServer, init: RawRequest): Promise<Exchange> {
  const response = await fetch(`${server.url}/trpc/${init.path}`, {
    method: init.method ?? 'GET',
    headers: { origin, 'x-api-key': 'key-all', ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  return recorded(`${init.method ?? 'GET'} ${init.path}`, response);
}

describe('the tRPC release', () => {
  it('is one the conformance suite was run against', () => {
    const range = new RegExp(`^${conformedTrpcVersions.replaceAll('.', '\\.').replaceAll('x', '\\d+')}$`);
    expect(
      trpcPackage.version,
      `@trpc/server ${trpcPackage.version} is installed, but trpc-internals.ts reads tRPC's internals as of ${conformedTrpcVersions}: run this conformance suite against it, then update conformedTrpcVersions and the comment there`,
    ).toMatch(range);
  });
});

const corsSettings: [string, CorsOrigins][] = [
  ["CORS allowing '*'", '*'],
  ['CORS with an origin list', [origin, 'https://admin.example']],
];

const running: NotesServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** The three servers, fresh, so each starts with a whole budget. */
async function serveAll(origins: CorsOrigins, budget?: number): Promise<Record<ServerKind, NotesServer>> {
  const started = await Promise.all(serverKinds.map((kind) => serveConformance(kind, origins, budget)));
  running.push(...started);
  return Object.fromEntries(serverKinds.map((kind, index) => [kind, started[index]])) as Record<
    ServerKind,
    NotesServer
  >;
}

/** Each server's exchanges beside those of tRPC's standalone adapter, the reference. */
function expectAlike(answers: Record<ServerKind, { transcript?: unknown; exchanges: Exchange[] }>) {
  const reference = answers["tRPC's standalone adapter"];
  for (const kind of serverKinds) {
    const { transcript, exchanges } = answers[kind];
    expect(
      { transcript, exchanges: exchanges.map((exchange) => asTrpcAnswers(kind, exchange)) },
      `${kind} against tRPC's own server`,
    ).toEqual(reference);
  }
}

describe.each(corsSettings)('the tRPC wire under %s, against tRPC itself', (_name, origins) => {
  it.each(['httpLink', 'httpBatchLink', 'httpBatchStreamLink', 'httpSubscriptionLink'] as const)(
    'answers every call through %s byte for byte as tRPC does',
    async (linkName) => {
      const servers = await serveAll(origins);
      const runs = {} as Record<ServerKind, Awaited<ReturnType<typeof scenario>>>;
      for (const kind of serverKinds) runs[kind] = await scenario(servers[kind], linkName);
      expectAlike(runs);
      // What the scenario means to hold, seen once: each failure it sets out to cause, caused.
      const { transcript } = runs['fast path'];
      const statuses = JSON.stringify(transcript).match(/"httpStatus":\d+/g);
      expect(new Set(statuses)).toEqual(
        new Set([400, 401, 403, 404, 409, 429, 500].map((status) => `"httpStatus":${status}`)),
      );
    },
  );

  it('answers unusual and hostile requests byte for byte as tRPC does', async () => {
    // A budget that lasts the whole table: each request is answered for what it is, not refused 429.
    const servers = await serveAll(origins, 1000);
    const answers = {} as Record<ServerKind, Record<string, Exchange>>;
    for (const kind of serverKinds) {
      answers[kind] = {};
      for (const [name, , init] of unusualRequests) answers[kind][name] = await raw(servers[kind], init);
    }
    for (const [name] of unusualRequests) {
      const exchanges = (kind: ServerKind) => [answers[kind][name] as Exchange];
      expectAlike({
        'fast path': { exchanges: exchanges('fast path') },
        "handler through tRPC's adapter": { exchanges: exchanges("handler through tRPC's adapter") },
        "tRPC's standalone adapter": { exchanges: exchanges("tRPC's standalone adapter") },
      });
    }
    const reference = answers["tRPC's standalone adapter"];
    expect(Object.fromEntries(unusualRequests.map(([name]) => [name, reference[name]?.status]))).toEqual(
      Object.fromEntries(unusualRequests.map(([name, status]) => [name, status])),
    );
    expect(reference['no credential']?.headers['www-authenticate']).toBe('ApiKey realm="notes"');
    // CORS ran on every server: an allowed origin is named, another is not.
    expect(reference['an unknown procedure']?.headers['access-control-allow-origin']).toBe(
      origins === '*' ? '*' : origin,
    );
    expect(reference['a call from an origin not on the list']?.headers['access-control-allow-origin']).toBe(
      origins === '*' ? '*' : undefined,
    );
    expect(reference['a credential without the scope']?.headers['www-authenticate']).toBe(
      'ApiKey realm="notes", scope="notes:write"',
    );
  });
});

describe('where the handler knowingly answers otherwise than tRPC', () => {
  it('refuses, on both of its paths alike, the input tRPC would misread (known differences)', async () => {
    const servers = await serveAll('*');
    for (const [name, ours, trpcs, init] of misreadRequests) {
      const [fast, adapter, trpc] = [
        await raw(servers['fast path'], init),
        await raw(servers["handler through tRPC's adapter"], init),
        await raw(servers["tRPC's standalone adapter"], init),
      ];
      expect(asTrpcAnswers('fast path', fast), name).toEqual(adapter);
      expect({ name, ours: fast.status, trpcs: trpc.status }).toEqual({ name, ours, trpcs });
      // What tRPC made of it: a character the caller never sent.
      expect(trpc.body, name).toContain('\uFFFD');
    }
  });

  it('answers Idempotency-Keys alike on both of its paths (tRPC itself reads none)', async () => {
    const servers = await serveAll('*');
    const keyed = (key: string, text: string, path = 'notes.create') => ({
      path,
      method: 'POST',
      headers: { ...json, 'idempotency-key': key },
      body: path.includes('batch=1')
        ? `{"0":{"json":{"text":"${text}"}},"1":{"json":{"text":"b"}}}`
        : `{"json":{"text":"${text}"}}`,
    });
    const requests = [
      keyed('k-1', 'first'),
      keyed('k-1', 'first'),
      keyed('k-1', 'another'),
      keyed('"k 2"', 'malformed'),
      keyed('k-3', 'one key for two calls', 'notes.create,notes.create?batch=1'),
      keyed('k-4, k-5', 'a', 'notes.create,notes.create?batch=1'),
      keyed('k-4, k-5', 'a', 'notes.create,notes.create?batch=1'),
    ];
    const answers: Record<string, Exchange[]> = {};
    for (const kind of ['fast path', "handler through tRPC's adapter"] as const) {
      answers[kind] = [];
      for (const init of requests) answers[kind].push(await raw(servers[kind], init));
    }
    expect(answers['fast path']).toEqual(answers["handler through tRPC's adapter"]);
    expect(
      answers['fast path']?.map(({ status, headers }) => [status, headers['idempotent-replayed']]),
    ).toEqual([
      [200, undefined],
      [200, 'true'],
      [422, undefined],
      [400, undefined],
      [400, undefined],
      [200, undefined],
      [200, 'true'],
    ]);
  });

  // Extra slashes and segments around a procedure's path, and the status tRPC's standalone adapter answers.
  const slashCases = [
    ['notes.tags.list/', 200],
    ['notes.tags.list//', 200],
    ['a/notes.tags.list', 404],
    ['/notes.tags.list', 404],
  ] as const;

  it("reads a procedure's path as tRPC's standalone adapter does, slashes and all, on the fast path", async () => {
    const servers = await serveAll('*');
    for (const [path, status] of slashCases) {
      const [fast, trpc] = [
        await raw(servers['fast path'], { path }),
        await raw(servers["tRPC's standalone adapter"], { path }),
      ];
      expect(fast, path).toEqual(trpc);
      expect(trpc.status, path).toBe(status);
    }
  });

  it("reads a procedure's path as tRPC's standalone adapter does through tRPC's adapter too", async () => {
    const servers = await serveAll('*');
    for (const [path, status] of slashCases) {
      const answer = await raw(servers["handler through tRPC's adapter"], { path });
      expect(answer.status, path).toBe(status);
    }
  });

  it("keeps CORS's Vary: Origin on both of the handler's paths, which tRPC's adapter overwrites", async () => {
    const servers = await serveAll(corsSettings[1]?.[1] as CorsOrigins);
    const varies: Record<string, string | undefined> = {};
    for (const kind of serverKinds) {
      const answer = await raw(servers[kind], { path: 'notes.tags.list' });
      varies[kind] = answer.headers.vary;
    }
    expect(varies).toEqual({
      'fast path': fastPathVary,
      "handler through tRPC's adapter": fastPathVary,
      "tRPC's standalone adapter": trpcVary,
    });
  });
});
