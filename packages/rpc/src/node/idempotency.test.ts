import { createTRPCClient, httpBatchLink, httpBatchStreamLink, isTRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RouterOf } from '../router-type.ts';
import { memoryIdempotencyStore } from '../server/memory-idempotency-store.ts';
import type { notesContract } from '../test-fixtures/notes-contract.ts';
import {
  createdNotes,
  type NotesContext,
  type NotesPrincipal,
  type NotesServer,
  notesPolicy,
  serveNotes,
} from '../test-fixtures/notes-server.ts';
import { transformer } from '../transformer.ts';

const servers: NotesServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
beforeEach(() => {
  createdNotes.length = 0;
});

async function serve(fastPath = true) {
  const store = memoryIdempotencyStore<NotesPrincipal, NotesContext>({
    scopeOf: (principal) => (principal.kind === 'key' ? `key:${principal.key}` : 'anonymous'),
  });
  const server = await serveNotes({ policy: { ...notesPolicy([], 100), idempotency: store }, fastPath });
  servers.push(server);
  return server;
}

const create = (url: string, text: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/v1/notes/create`, {
    method: 'POST',
    headers: { 'x-api-key': 'key-all', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ text }),
  });

describe('a mutation with an Idempotency-Key', () => {
  it('runs once: a retry with the same key gets the first answer, marked as a replay', async () => {
    const { url } = await serve();
    const first = await create(url, 'call Ada', { 'idempotency-key': '"k-1"' });
    const again = await create(url, 'call Ada', { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(createdNotes).toEqual(['call Ada']);
  });

  it('replays across surfaces: a key first sent over REST, retried over tRPC', async () => {
    const { url } = await serve();
    await create(url, 'once', { 'idempotency-key': 'k-2' });
    const client = createTRPCClient<RouterOf<typeof notesContract>>({
      links: [
        httpBatchLink({
          url: `${url}/trpc`,
          transformer,
          headers: { 'x-api-key': 'key-all', 'idempotency-key': 'k-2' },
        }),
      ],
    });
    expect(await client.notes.create.mutate({ text: 'once' })).toMatchObject({
      text: 'once',
      remindAt: null,
    });
    expect(createdNotes).toEqual(['once']);
  });

  it('refuses the same key with another input (422 IDEMPOTENCY_KEY_REUSED), running nothing', async () => {
    const { url } = await serve();
    await create(url, 'first', { 'idempotency-key': 'k-3' });
    const other = await create(url, 'second', { 'idempotency-key': 'k-3' });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(createdNotes).toEqual(['first']);
  });

  it("keeps each caller's keys apart", async () => {
    const { url } = await serve();
    await create(url, 'mine', { 'idempotency-key': 'k-4' });
    const client = createTRPCClient<RouterOf<typeof notesContract>>({
      links: [
        httpBatchLink({
          url: `${url}/trpc`,
          transformer,
          headers: { 'x-api-key': 'key-read', 'idempotency-key': 'k-4' },
        }),
      ],
    });
    // key-read may not create: its own call runs (and is refused), it does not replay key-all's.
    const error = await client.notes.create.mutate({ text: 'mine' }).catch((caught: unknown) => caught);
    expect(isTRPCClientError(error) && error.data?.appCode).toBe('FORBIDDEN');
  });

  it('runs concurrent repeats once: the second waits for the first and replays it', async () => {
    const { url } = await serve();
    const answers = await Promise.all([
      create(url, 'slow', { 'idempotency-key': 'k-5' }),
      create(url, 'slow', { 'idempotency-key': 'k-5' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers.map((answer) => answer.headers.get('idempotent-replayed')).sort()).toEqual([null, 'true']);
    expect(createdNotes).toEqual(['slow']);
  });

  it('stores no failure: a call that failed (and so changed nothing) runs again when retried', async () => {
    const { url } = await serve();
    expect((await create(url, 'locked', { 'idempotency-key': 'k-6' })).status).toBe(409);
    expect(
      (await create(url, 'locked', { 'idempotency-key': 'k-6' })).headers.get('idempotent-replayed'),
    ).toBeNull();
  });

  it("charges a replay 1, not the procedure's cost", async () => {
    const { url } = await serve();
    const first = await create(url, 'cost', { 'idempotency-key': 'k-7' });
    const again = await create(url, 'cost', { 'idempotency-key': 'k-7' });
    expect(first.headers.get('ratelimit')).toBe('"notes";r=95;t=60');
    expect(again.headers.get('ratelimit')).toBe('"notes";r=94;t=60');
  });

  it.each([true, false])(
    'gives each call of a tRPC batch its own key, in order (fast path %s)',
    async (fastPath) => {
      const { url } = await serve(fastPath);
      const batch = () =>
        createTRPCClient<RouterOf<typeof notesContract>>({
          links: [
            httpBatchLink({
              url: `${url}/trpc`,
              transformer,
              headers: { 'x-api-key': 'key-all', 'idempotency-key': '"a", "b"' },
            }),
          ],
        }).notes.create;
      const client = batch();
      const first = await Promise.all([client.mutate({ text: 'A' }), client.mutate({ text: 'B' })]);
      const retried = batch();
      const again = await Promise.all([retried.mutate({ text: 'A' }), retried.mutate({ text: 'B' })]);
      expect(first.map((note) => note.text)).toEqual(['A', 'B']);
      expect(again).toEqual(first);
      expect(createdNotes).toEqual(['A', 'B']);
    },
  );

  it("works through tRPC's adapter too (httpBatchStreamLink)", async () => {
    const { url } = await serve();
    const client = createTRPCClient<RouterOf<typeof notesContract>>({
      links: [
        httpBatchStreamLink({
          url: `${url}/trpc`,
          transformer,
          headers: { 'x-api-key': 'key-all', 'idempotency-key': 'k-8' },
        }),
      ],
    });
    await client.notes.create.mutate({ text: 'streamed' });
    await client.notes.create.mutate({ text: 'streamed' });
    expect(createdNotes).toEqual(['streamed']);
  });

  it.each([
    ['an empty key', '""'],
    ['a key with a space', 'two words'],
    ['a key past 255 characters', 'k'.repeat(256)],
    ['two keys for one call', '"a", "b"'],
  ])('refuses %s with 400, running nothing', async (_name, header) => {
    const { url } = await serve();
    const response = await create(url, 'never', { 'idempotency-key': header });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'BAD_REQUEST' });
    expect(createdNotes).toEqual([]);
  });

  it('is ignored by a query', async () => {
    const { url } = await serve();
    const response = await fetch(`${url}/api/v1/notes/get?id=n1`, {
      headers: { 'x-api-key': 'key-read', 'idempotency-key': 'not even, a valid one' },
    });
    expect(response.status).toBe(200);
  });
});
