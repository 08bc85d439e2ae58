import { connect } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachDatabase } from './support/each-database.ts';
import { type SignedUp, startTestServer, type TestServer } from './support/test-server.ts';

/**
 * Strings from outside that reach the database without a contract schema (credentials, cursors,
 * tokens) and bodies that are not what they claim to be: each refused with a 4xx, nothing changed.
 * PostgreSQL refuses NUL in text, so a NUL that got through would be a 500.
 */

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;
const cursorOf = (payload: Record<string, unknown>) =>
  Buffer.from(JSON.stringify(payload)).toString('base64url');

interface Answer {
  status: number;
  text: string;
}

/** A request as sent, body bytes and all. */
async function send(
  server: TestServer,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  return { status: response.status, text: await response.text() };
}

/** A request over a plain socket, for what fetch will not send: a raw NUL in a header. */
function sendRaw(server: TestServer, head: string): Promise<number> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.end(head));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0)));
  });
}

async function countTasks(server: TestServer, projectId: string): Promise<number> {
  const { rows } = await sql<{
    count: string;
  }>`select count(*) as count from tasks where project_id = ${projectId}`.execute(server.running.services.db);
  return Number(rows[0]?.count);
}

const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify({ json: input }));

describeOnEachDatabase('hostile input', (server) => {
  let me: SignedUp;
  let projectId: string;
  let tasksBefore: number;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    me = await server().signUp('Hostile');
    bearer = { authorization: `Bearer ${me.accessToken}` };
    projectId = (await me.client.projects.create.mutate({ name: 'Keep me' })).id;
    await me.client.tasks.create.mutate({ projectId, title: 'Keep me too' });
    tasksBefore = await countTasks(server(), projectId);
  });

  // Every case must leave the project as it was.
  afterAll(async () => {
    expect(await countTasks(server(), projectId)).toBe(tasksBefore);
  });

  const createTask = (headers: Record<string, string>) => ({
    trpc: () =>
      send(server(), '/trpc/tasks.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ json: { projectId, title: 'Not made' } }),
      }),
    rest: () =>
      send(server(), `/api/v1/projects/${projectId}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ title: 'Not made' }),
      }),
  });

  describe.each([
    ['a NUL in the Basic user name', () => ({ authorization: basic(`${me.email}\0:${me.password}`) })],
    ['a NUL in the Basic password', () => ({ authorization: basic(`${me.email}:${me.password}\0`) })],
    ['a percent-encoded NUL in the Basic user name', () => ({ authorization: basic(`${me.email}%00:x`) })],
    [
      'a Basic pair that is not UTF-8',
      () => ({ authorization: `Basic ${latin1('ad\u00e9:x').toString('base64')}` }),
    ],
    [
      'a percent-encoded NUL in X-API-Key',
      () => ({ 'x-api-key': `chk_0123456789abcdef_%00${'a'.repeat(40)}` }),
    ],
    ['a percent-encoded NUL in a bearer token', () => ({ authorization: 'Bearer abc%00def' })],
  ])('%s', (_name, headers) => {
    it('is refused with 401 on tRPC, and nothing is made', async () => {
      expect((await createTask(headers()).trpc()).status).toBe(401);
    });
    it('is refused with 401 on REST, and nothing is made', async () => {
      expect((await createTask(headers()).rest()).status).toBe(401);
    });
  });

  it.each([
    ['Authorization', 'Basic YQ==\0'],
    ['X-API-Key', 'chk_\0'],
  ])('refuses a raw NUL in the %s header with 400', async (name, value) => {
    for (const path of ['/trpc/tasks.create', `/api/v1/projects/${projectId}/tasks`]) {
      const body = '{"title":"Not made"}';
      const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${name}: ${value}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
      expect(await sendRaw(server(), head)).toBe(400);
    }
  });

  describe('a cursor holding a NUL', () => {
    const forged = () =>
      cursorOf({ s: 'title', o: 'asc', k: 'Keep\u0000', i: '00000000-0000-4000-8000-000000000000' });

    it('is refused with 400 INVALID_CURSOR on tRPC', async () => {
      const input = trpcInput({ projectId, sort: 'title', order: 'asc', cursor: forged() });
      const answer = await send(server(), `/trpc/tasks.list?input=${input}`, { headers: bearer });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('INVALID_CURSOR');
    });

    it('is refused with 400 INVALID_CURSOR on REST', async () => {
      const answer = await send(
        server(),
        `/api/v1/projects/${projectId}/tasks?sort=title&order=asc&cursor=${forged()}`,
        { headers: bearer },
      );
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('INVALID_CURSOR');
    });

    it('is refused with 400 on the projects list too', async () => {
      const cursor = cursorOf({
        s: 'createdAt',
        o: 'desc',
        k: '\u0000',
        i: '00000000-0000-4000-8000-000000000000',
      });
      const answer = await send(server(), `/api/v1/projects?cursor=${cursor}`, { headers: bearer });
      expect(answer.status).toBe(400);
    });
  });

  it.each([
    ['raw', `chr_\u0000${'a'.repeat(42)}`],
    ['percent-encoded', `chr_%00${'a'.repeat(40)}`],
  ])('refuses a refresh token holding a %s NUL with a 4xx on both surfaces', async (_kind, refreshToken) => {
    const trpc = await send(server(), '/trpc/auth.refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { refreshToken } }),
    });
    const rest = await send(server(), '/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    for (const status of [trpc.status, rest.status]) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
  });

  describe('a body that is not UTF-8', () => {
    const notUtf8 = (prefix: string, suffix: string) =>
      Buffer.concat([Buffer.from(prefix), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(suffix)]);

    it('is refused with 400 BAD_REQUEST on tRPC, not stored with U+FFFD', async () => {
      const answer = await send(server(), '/trpc/tasks.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer },
        body: notUtf8(`{"json":{"projectId":"${projectId}","title":"`, '"}}'),
      });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('not valid UTF-8');
    });

    it('is refused with 400 on tRPC when percent-encoded in ?input=', async () => {
      const answer = await send(
        server(),
        `/trpc/tasks.list?input=${trpcInput({ projectId, label: 'x' }).replace('x', '%E9')}`,
        { headers: bearer },
      );
      expect(answer.status).toBe(400);
    });

    it('is refused with 400 problem details as REST JSON', async () => {
      const answer = await send(server(), `/api/v1/projects/${projectId}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer },
        body: notUtf8('{"title":"', '"}'),
      });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('not valid UTF-8');
    });

    it('is refused with 400 problem details as REST XML', async () => {
      const answer = await send(server(), `/api/v1/projects/${projectId}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', ...bearer },
        body: notUtf8('<input><title>', '</title></input>'),
      });
      expect(answer.status).toBe(400);
      expect(answer.text).toMatch(/not valid UTF-8/i);
    });

    it('is refused with 400 in a REST query string', async () => {
      const answer = await send(server(), `/api/v1/projects/${projectId}/tasks?label=caf%E9`, {
        headers: bearer,
      });
      expect(answer.status).toBe(400);
    });
  });

  describe('a body in another charset', () => {
    it('is refused with 415 as JSON, on both surfaces', async () => {
      const headers = { 'content-type': 'application/json; charset=iso-8859-1', ...bearer };
      const trpc = await send(server(), '/trpc/tasks.create', {
        method: 'POST',
        headers,
        body: JSON.stringify({ json: { projectId, title: 'Not made' } }),
      });
      const rest = await send(server(), `/api/v1/projects/${projectId}/tasks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ title: 'Not made' }),
      });
      expect([trpc.status, rest.status]).toEqual([415, 415]);
    });

    it('is refused with 415 as XML in an encoding no decoder reads', async () => {
      const answer = await send(server(), `/api/v1/projects/${projectId}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', ...bearer },
        body: latin1('<?xml version="1.0" encoding="EBCDIC-CP-US"?><input><title>x</title></input>'),
      });
      expect(answer.status).toBe(415);
    });
  });

  describe('XML in the encoding it declares', () => {
    let otherProject: string;
    beforeAll(async () => {
      otherProject = (await me.client.projects.create.mutate({ name: 'Latin-1' })).id;
    });

    it.each([
      ['its declaration', 'application/xml', '<?xml version="1.0" encoding="ISO-8859-1"?>'],
      ['the charset of its media type', 'application/xml; charset=ISO-8859-1', '<?xml version="1.0"?>'],
    ])('is read in the encoding %s names and stored as sent', async (_where, contentType, declaration) => {
      const answer = await send(server(), `/api/v1/projects/${otherProject}/tasks`, {
        method: 'POST',
        headers: { 'content-type': contentType, accept: 'application/json', ...bearer },
        body: latin1(`${declaration}<input><title>Caf\u00e9 cr\u00e8me</title></input>`),
      });
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.text).title).toBe('Café crème');
    });
  });
});

describe('hostile input through tRPC’s official adapter (front door off)', () => {
  let server: TestServer;
  let me: SignedUp;
  let projectId: string;

  beforeAll(async () => {
    server = await startTestServer('pglite', { fastPath: false });
    me = await server.signUp('Adapter');
    projectId = (await me.client.projects.create.mutate({ name: 'Keep me' })).id;
  }, 60_000);
  afterAll(() => server.close());

  it('refuses a body that is not UTF-8 with 400 BAD_REQUEST and makes nothing', async () => {
    const answer = await send(server, '/trpc/tasks.create', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${me.accessToken}` },
      body: Buffer.concat([
        Buffer.from(`{"json":{"projectId":"${projectId}","title":"caf`),
        Buffer.from([0xe9]),
        Buffer.from('"}}'),
      ]),
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.json.data.code).toBe('BAD_REQUEST');
    expect(await countTasks(server, projectId)).toBe(0);
  });

  it('refuses ?input= that is not UTF-8 once percent-decoded with 400, after authentication as tRPC reads input', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { projectId, label: 'x' } })).replace('x', '%E9');
    const anonymous = await send(server, `/trpc/tasks.list?input=${input}`);
    expect(anonymous.status).toBe(401);
    const answer = await send(server, `/trpc/tasks.list?input=${input}`, {
      headers: { authorization: `Bearer ${me.accessToken}` },
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('not valid UTF-8');
  });

  it('refuses JSON in another charset with 415 and makes nothing', async () => {
    const answer = await send(server, '/trpc/tasks.create', {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=iso-8859-1',
        authorization: `Bearer ${me.accessToken}`,
      },
      body: JSON.stringify({ json: { projectId, title: 'Not made' } }),
    });
    expect(answer.status).toBe(415);
    expect(await countTasks(server, projectId)).toBe(0);
  });

  it('still serves a valid body it has read ahead of the adapter', async () => {
    const answer = await send(server, '/trpc/tasks.create', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${me.accessToken}` },
      body: JSON.stringify({ json: { projectId, title: 'Café ✓' } }),
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).result.data.json.title).toBe('Café ✓');
  });
});
