import { execFile, execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { AppRouter } from '@charter/contract';
import { transformer } from '@charter/rpc';
import { createTRPCClient, httpBatchStreamLink } from '@trpc/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from './support/test-server.ts';

/**
 * Answers are compressed as the caller's Accept-Encoding prefers (src/http/compression.ts), on
 * every path the server has (REST, /trpc, the OpenAPI document, docs), from 1 KiB, and never an
 * event stream. Read raw (to see what the wire carried) and by real clients (which decode it).
 */

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as the wire carried it. */
  body: Buffer;
}

/** A GET with node:http, which leaves the body as sent. */
function get(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

function decoded(raw: Raw): string {
  const encoding = raw.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(raw.body).toString();
  if (encoding === 'gzip') return gunzipSync(raw.body).toString();
  return raw.body.toString();
}

const curl = (() => {
  try {
    execFileSync('curl', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('compression', () => {
  let server: TestServer;
  let owner: SignedUp;
  let projectId: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    owner = await server.signUp('Compressed');
    auth = { authorization: `Bearer ${owner.accessToken}` };
    projectId = (await owner.client.projects.create.mutate({ name: 'Big list' })).id;
    for (let index = 0; index < 20; index++)
      await owner.client.tasks.create.mutate({
        projectId,
        title: `A task with a longish title, number ${index}`,
      });
  }, 60_000);
  afterAll(() => server?.close());

  const tasksPath = () => `/api/v1/projects/${projectId}/tasks?limit=100`;

  it('compresses a large REST answer with brotli or gzip, as Accept-Encoding prefers', async () => {
    const plain = await get(`${server.url}${tasksPath()}`, { ...auth, 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);

    for (const [accepted, chosen] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip;q=1', 'gzip'],
    ] as const) {
      const raw = await get(`${server.url}${tasksPath()}`, { ...auth, 'accept-encoding': accepted });
      expect(raw.status).toBe(200);
      expect(raw.headers['content-encoding']).toBe(chosen);
      expect(raw.headers.vary).toContain('Accept-Encoding');
      expect(raw.body.length).toBeLessThan(plain.body.length / 2);
      expect(JSON.parse(decoded(raw))).toEqual(JSON.parse(plain.body.toString()));
    }
  });

  it('leaves an answer under 1 KiB as it is, still varying on Accept-Encoding', async () => {
    const raw = await get(`${server.url}/api/v1/projects/${projectId}`, {
      ...auth,
      'accept-encoding': 'br, gzip',
    });
    expect(raw.status).toBe(200);
    expect(raw.body.length).toBeLessThan(1024);
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.headers.vary).toContain('Accept-Encoding');
    expect(JSON.parse(raw.body.toString())).toMatchObject({ id: projectId });
  });

  it('keeps revalidation: the same ETag compressed or not, and a 304 without a body', async () => {
    const compressed = await get(`${server.url}${tasksPath()}`, { ...auth, 'accept-encoding': 'gzip' });
    const plain = await get(`${server.url}${tasksPath()}`, { ...auth, 'accept-encoding': 'identity' });
    const etag = compressed.headers.etag as string;
    expect(etag).toMatch(/^W\//);
    expect(plain.headers.etag).toBe(etag);
    const revalidated = await get(`${server.url}${tasksPath()}`, {
      ...auth,
      'accept-encoding': 'gzip',
      'if-none-match': etag,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
    expect(revalidated.headers['content-encoding']).toBeUndefined();
  });

  it('is decoded by fetch, on REST, /trpc, the OpenAPI document and the docs', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { projectId, limit: 100 } }));
    for (const [path, headers] of [
      [tasksPath(), auth],
      [`/trpc/tasks.list?input=${input}`, auth],
      ['/api/v1/openapi.json', {}],
      ['/docs/reference', {}],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { headers });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-encoding'), path).toMatch(/^(br|gzip)$/);
      const body = await response.text();
      expect(body.length, path).toBeGreaterThan(1024);
      if (!path.startsWith('/docs')) expect(() => JSON.parse(body), path).not.toThrow();
    }
  });

  it('serves the typed client as before', async () => {
    const page = await owner.client.tasks.list.query({ projectId, limit: 100 });
    expect(page.items).toHaveLength(20);
  });

  it.skipIf(!curl)('is decoded by curl --compressed', async () => {
    // Not execFileSync: the server runs in this process, and must answer while curl waits.
    const { stdout } = await promisify(execFile)('curl', [
      '--silent',
      '--compressed',
      '--include',
      '--header',
      `authorization: ${auth.authorization}`,
      `${server.url}${tasksPath()}`,
    ]);
    const [head = '', body = ''] = stdout.split('\r\n\r\n');
    expect(head.toLowerCase()).toMatch(/content-encoding: (br|gzip)/);
    expect(JSON.parse(body).items).toHaveLength(20);
  });

  it('never compresses an event stream, on REST or tRPC', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { projectId } }));
    for (const path of [
      `/api/v1/projects/${projectId}/tasks/events`,
      `/trpc/tasks.onChange?input=${input}`,
    ]) {
      const controller = new AbortController();
      const response = await fetch(`${server.url}${path}`, {
        headers: { ...auth, accept: 'text/event-stream', 'accept-encoding': 'br, gzip' },
        signal: controller.signal,
      });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain('text/event-stream');
      expect(response.headers.get('content-encoding'), path).toBeNull();
      controller.abort();
    }
  });
});

describe.skipIf(!inject('postgresUrl'))('compressed tRPC jsonl streams [postgres]', () => {
  let server: TestServer;
  let owner: SignedUp;
  let projectId: string;

  beforeAll(async () => {
    server = await startTestServer('postgres');
    owner = await server.signUp('Streamed');
    projectId = (await owner.client.projects.create.mutate({ name: 'Streamed' })).id;
    for (let index = 0; index < 20; index++)
      await owner.client.tasks.create.mutate({
        projectId,
        title: `A task with a longish title, number ${index}`,
      });
  }, 60_000);
  afterAll(() => server?.close());

  it('delivers an early result of a compressed batch while a later one still waits', async () => {
    const encodings: (string | null)[] = [];
    const client = createTRPCClient<AppRouter>({
      links: [
        httpBatchStreamLink({
          url: `${server.url}/trpc`,
          transformer,
          headers: { authorization: `Bearer ${owner.accessToken}` },
          fetch: async (input, init) => {
            const response = await fetch(input, init);
            encodings.push(response.headers.get('content-encoding'));
            return response;
          },
        }),
      ],
    });
    // A transaction of the test's holds the tasks table, so the batch's list waits for it.
    const blocker = new pg.Client({ connectionString: server.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table tasks in access exclusive mode');
      const slow = client.tasks.list.query({ projectId, limit: 100 });
      const early = client.projects.get.query({ id: projectId });
      const first = await Promise.race([
        early.then(() => 'early'),
        slow.then(() => 'slow'),
        new Promise((resolve) => setTimeout(() => resolve('nothing'), 4_000)),
      ]);
      expect(first).toBe('early');
      await blocker.query('rollback');
      expect((await slow).items).toHaveLength(20);
      expect(encodings).toEqual([expect.stringMatching(/^(br|gzip)$/)]);
    } finally {
      await blocker.end();
    }
  });
});
