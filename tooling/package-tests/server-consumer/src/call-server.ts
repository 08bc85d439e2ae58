// Calls the one-file server as its users would, with @trpc/client and fetch; prints what it saw as JSON.
import { type RouterOf, transformer } from '@charter/rpc';
import { createTRPCClient, httpBatchLink, isTRPCClientError } from '@trpc/client';
import type { contract } from './one-file-server.js';

const url = process.argv[2];
if (!url) throw new Error('usage: node build/src/call-server.js <server url>');

const trpc = createTRPCClient<RouterOf<typeof contract>>({
  links: [httpBatchLink({ url: `${url}/trpc`, transformer, headers: { 'x-api-key': 'key-ada' } })],
});
const remindAt = new Date('2030-06-01T09:00:00Z');
const created = await trpc.notes.create.mutate({ text: 'Call Ada', remindAt });
// One batch: a note that exists and one that does not.
const [fetched, missing] = await Promise.allSettled([
  trpc.notes.get.query({ id: created.id }),
  trpc.notes.get.query({ id: 'nope' }),
]);

const rest = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(`${url}/api/v1${path}`, { ...init, headers: { 'x-api-key': 'key-ada', ...init.headers } });
const restJson = await rest('/notes/create', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ text: 'From JSON', remindAt: remindAt.toISOString() }),
});
const restXml = await rest('/notes/create', {
  method: 'POST',
  headers: { 'content-type': 'application/xml', accept: 'application/xml' },
  body: '<input><text>From XML</text></input>',
});
const restGet = await rest(`/notes/get?id=${created.id}`);
const anonymous = await fetch(`${url}/api/v1/notes/get?id=${created.id}`);

// key-reader spends its budget of 20 on queries costing 1 each, until it is refused.
const statuses: number[] = [];
let refused: Response | undefined;
while (!refused && statuses.length < 30) {
  const response = await rest(`/notes/get?id=${created.id}`, { headers: { 'x-api-key': 'key-reader' } });
  statuses.push(response.status);
  if (response.status === 429) refused = response;
}

const openApi = await fetch(`${url}/api/v1/openapi.json`);

console.log(
  JSON.stringify({
    trpc: {
      created,
      remindAtIsDate: created.remindAt instanceof Date,
      fetched: fetched.status === 'fulfilled' ? fetched.value : String(fetched.reason),
      missing:
        missing.status === 'rejected' && isTRPCClientError(missing.reason)
          ? { code: missing.reason.data?.code, httpStatus: missing.reason.data?.httpStatus }
          : 'not refused',
    },
    restJson: { status: restJson.status, body: await restJson.json() },
    restXml: {
      status: restXml.status,
      contentType: restXml.headers.get('content-type'),
      body: await restXml.text(),
    },
    restGet: {
      status: restGet.status,
      rateLimit: restGet.headers.get('ratelimit'),
      body: await restGet.json(),
    },
    anonymous: {
      status: anonymous.status,
      challenge: anonymous.headers.get('www-authenticate'),
      body: await anonymous.json(),
    },
    budget: {
      okBeforeRefusal: statuses.filter((status) => status === 200).length,
      statuses: [...new Set(statuses)],
      retryAfter: refused?.headers.get('retry-after'),
      rateLimit: refused?.headers.get('ratelimit'),
      body: await refused?.json(),
    },
    openApi: {
      status: openApi.status,
      contentType: openApi.headers.get('content-type'),
      document: await openApi.json(),
    },
  }),
);
