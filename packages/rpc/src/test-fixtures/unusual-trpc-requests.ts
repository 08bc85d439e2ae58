// Requests as an unusual or hostile client sends them over the tRPC wire, for the conformance
// suite (node/trpc/trpc-conformance.test.ts): each with the status tRPC's own adapter answers.
import { gzipSync } from 'node:zlib';
import { conformanceLimits } from './conformance-servers.ts';

/** What a raw request is: its path under /trpc/ with the query, and how it is sent. */
export interface RawRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** A value as `?input=` carries it. */
export const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));
/** The content type of a tRPC call's body. */
export const json = { 'content-type': 'application/json' };

/** Each request, the status tRPC answers it with, and what it is sent as. */
export const unusualRequests = [
  ['an unknown procedure', 404, { path: 'notes.nothing' }],
  ['a batch of unknown procedures', 404, { path: `a.b,c.d?batch=1&input=${input({})}` }],
  [
    'no credential',
    401,
    { path: `notes.get?input=${input({ json: { id: 'n1' } })}`, headers: { 'x-api-key': '' } },
  ],
  [
    'a credential without the scope',
    403,
    {
      path: 'notes.create',
      method: 'POST',
      headers: { ...json, 'x-api-key': 'key-read' },
      body: '{"json":{"text":"a"}}',
    },
  ],
  ['a GET to a mutation', 405, { path: `notes.create?input=${input({ json: { text: 'a' } })}` }],
  [
    'a POST to a query',
    405,
    { path: 'notes.get', method: 'POST', headers: json, body: '{"json":{"id":"n1"}}' },
  ],
  ['a malformed JSON body', 400, { path: 'notes.create', method: 'POST', headers: json, body: '{"json":' }],
  ['malformed JSON in ?input=', 400, { path: 'notes.get?input=%7B%22json%22' }],
  ['an empty POST body', 400, { path: 'notes.create', method: 'POST', headers: json, body: '' }],
  [
    'a body over the size limit',
    413,
    {
      path: 'notes.create',
      method: 'POST',
      headers: json,
      body: JSON.stringify({ json: { text: 'x'.repeat(conformanceLimits.maxBodyBytes) } }),
    },
  ],
  [
    'a batch mixing a query and a mutation',
    400,
    { path: 'notes.get,notes.create?batch=1', method: 'POST', headers: json, body: '{}' },
  ],
  [
    'a batch of queries of different kinds (public, keyed, failing)',
    207,
    {
      path: `notes.tags.list,notes.get,notes.get?batch=1&input=${input({ 1: { json: { id: 'n1' } }, 2: { json: { id: 'missing' } } })}`,
    },
  ],
  [
    'a batch past maxBatchCalls',
    400,
    {
      path: `${Array(conformanceLimits.maxBatchCalls + 1)
        .fill('notes.tags.list')
        .join(',')}?batch=1&input=${input({})}`,
    },
  ],
  ['a batch input that is not an object', 400, { path: `notes.get,notes.get?batch=1&input=${input([1])}` }],
  ['a percent-encoded path', 200, { path: `notes%2Eget?input=${input({ json: { id: 'n1' } })}` }],
  ['a path that is not UTF-8', 400, { path: 'notes.get%E0%A4%A' }],
  ['a path with a dot segment', 200, { path: `x/../notes.get?input=${input({ json: { id: 'n1' } })}` }],
  ['a path with a space', 404, { path: 'notes get' }],
  [
    'a plain-text body',
    415,
    { path: 'notes.create', method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' },
  ],
  ['a HEAD request', 204, { path: 'notes.tags.list', method: 'HEAD' }],
  [
    'a call from an origin not on the list',
    200,
    { path: 'notes.tags.list', headers: { origin: 'https://elsewhere.example' } },
  ],
  [
    'a mutation with ?input= as well as a body (the body wins)',
    200,
    {
      path: `notes.create?input=${input({ json: { text: 'query' } })}`,
      method: 'POST',
      headers: json,
      body: '{"json":{"text":"body"}}',
    },
  ],
  [
    'a JSON body after a byte order mark',
    200,
    { path: 'notes.create', method: 'POST', headers: json, body: '\uFEFF{"json":{"text":"a"}}' },
  ],
  [
    'a POST without a content type',
    415,
    { path: 'notes.create', method: 'POST', body: '{"json":{"text":"a"}}' },
  ],
  [
    'a batch body with an input for a call it does not make',
    200,
    {
      path: 'notes.create?batch=1',
      method: 'POST',
      headers: json,
      body: '{"0":{"json":{"text":"a"}},"5":{"json":{"text":"z"}}}',
    },
  ],
  ['a batch without inputs', 207, { path: 'notes.get,notes.tags.list?batch=1' }],
  [
    'a single call whose body is an array',
    400,
    { path: 'notes.create', method: 'POST', headers: json, body: '[1,2]' },
  ],
  [
    "input without superjson's envelope",
    400,
    { path: 'notes.create', method: 'POST', headers: json, body: '{"text":"a"}' },
  ],
  [
    'superjson meta naming a path the input lacks',
    200,
    {
      path: 'notes.create',
      method: 'POST',
      headers: json,
      body: '{"json":{"text":"a"},"meta":{"values":{"nope.deep":["Date"]}}}',
    },
  ],
  [
    'superjson meta reaching for __proto__',
    400,
    {
      path: 'notes.create',
      method: 'POST',
      headers: json,
      body: '{"json":{"text":"a"},"meta":{"values":{"__proto__.x":["Date"]}}}',
    },
  ],
  [
    'a Date that is not one',
    400,
    {
      path: 'notes.create',
      method: 'POST',
      headers: json,
      body: '{"json":{"text":"a","remindAt":"nope"},"meta":{"values":{"remindAt":["Date"]}}}',
    },
  ],
  [
    'deeply nested input',
    400,
    { path: `notes.get?input=${encodeURIComponent(`{"json":${'['.repeat(2000)}${']'.repeat(2000)}}`)}` },
  ],
  [
    'a method override header',
    405,
    {
      path: 'notes.tags.list',
      method: 'POST',
      headers: { ...json, 'x-http-method-override': 'GET' },
      body: '',
    },
  ],
  [
    'a streamed batch of mutations, one failing',
    200,
    {
      path: 'notes.create,notes.create?batch=1',
      method: 'POST',
      headers: { ...json, 'trpc-accept': 'application/jsonl' },
      body: '{"0":{"json":{"text":"a"}},"1":{"json":{"text":""}}}',
    },
  ],
  // tRPC answers a subscription 200 and its refusal as an event: the stream has begun.
  [
    'a subscription without a credential',
    200,
    { path: `notes.onChange?input=${input({ json: { count: 1 } })}`, headers: { 'x-api-key': '' } },
  ],
  [
    'a preflight request',
    204,
    { path: 'notes.get', method: 'OPTIONS', headers: { 'access-control-request-method': 'GET' } },
  ],
] as const satisfies readonly (readonly [string, number, RawRequest])[];

/**
 * Where the handler is stricter than tRPC, on purpose (./strict-input.ts): tRPC reads input that is
 * not UTF-8 as U+FFFD, and a body in another charset as UTF-8, so it would store what the caller
 * never sent. Each: the handler's status, tRPC's, and the request.
 */
export const misreadRequests = [
  [
    'input that is not UTF-8 once percent-decoded',
    400,
    200,
    { path: `notes.get?input=${'%7B%22json%22%3A%7B%22id%22%3A%22%FF%22%7D%7D'}` },
  ],
  [
    'a JSON body in another charset',
    415,
    200,
    {
      path: 'notes.create',
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: Buffer.from('{"json":{"text":"caf\u00e9"}}', 'latin1'),
    },
  ],
  [
    'a gzip-encoded body (tRPC inflates none, and reads the bytes as text)',
    400,
    400,
    {
      path: 'notes.create',
      method: 'POST',
      headers: { ...json, 'content-encoding': 'gzip' },
      body: gzipSync('{"json":{"text":"a"}}'),
    },
  ],
  ['a stray percent in ?input=', 400, 400, { path: 'notes.get?input=%E0%A4%A' }],
] as const satisfies readonly (readonly [string, number, number, RawRequest])[];
