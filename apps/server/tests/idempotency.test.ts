import { randomUUID } from 'node:crypto';
import { createClient } from '@charter/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteExpiredKeys } from '../src/idempotency/database-idempotency-store.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describeOnEachDatabase('idempotent retries', (server) => {
  /** A project of a new user, and REST calls as that user. */
  async function owner() {
    const { client, accessToken } = await server().signUp('Retrier');
    const project = await client.projects.create.mutate({ name: 'Retries' });
    const post = (path: string, body: unknown, key?: string) =>
      fetch(`${server().url}/api/v1${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          ...(key === undefined ? {} : { 'idempotency-key': key }),
        },
        body: JSON.stringify(body),
      });
    const taskCount = async () =>
      (await client.tasks.list.query({ projectId: project.id, limit: 100 })).items.length;
    return { client, accessToken, project, post, taskCount };
  }

  it('creates one task for a create sent twice with one key, answering the second from the first', async () => {
    const { project, post, taskCount } = await owner();
    const key = randomUUID();
    const first = await post(`/projects/${project.id}/tasks`, { title: 'Once' }, key);
    const again = await post(`/projects/${project.id}/tasks`, { title: 'Once' }, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await again.json()).toEqual(await first.json());
    expect(await taskCount()).toBe(1);
  });

  it('creates one task when the same key comes concurrently: the second waits and replays', async () => {
    const { project, post, taskCount } = await owner();
    const key = randomUUID();
    const answers = await Promise.all(
      [1, 2, 3].map(() => post(`/projects/${project.id}/tasks`, { title: 'Raced' }, key)),
    );
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as { id: string }[];
    expect(new Set(bodies.map((body) => body.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    expect(await taskCount()).toBe(1);
  });

  it('replays a key first sent over REST to a tRPC retry', async () => {
    const { project, post, accessToken, taskCount } = await owner();
    const key = randomUUID();
    const created = (await (
      await post(`/projects/${project.id}/tasks`, { title: 'Either way' }, key)
    ).json()) as {
      id: string;
    };
    const response = await fetch(`${server().url}/trpc/tasks.create`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ json: { projectId: project.id, title: 'Either way' } }),
    });
    expect(response.headers.get('idempotent-replayed')).toBe('true');
    expect(
      ((await response.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id,
    ).toBe(created.id);
    expect(await taskCount()).toBe(1);
  });

  it('refuses the key with another input (422), creating nothing', async () => {
    const { project, post, taskCount } = await owner();
    const key = randomUUID();
    await post(`/projects/${project.id}/tasks`, { title: 'First' }, key);
    const other = await post(`/projects/${project.id}/tasks`, { title: 'Second' }, key);
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await taskCount()).toBe(1);
  });

  it('keeps nothing of a call that failed: its retry runs, and can succeed', async () => {
    const { client, project, post, taskCount } = await owner();
    const key = randomUUID();
    const { user: strangerUser, email: strangerEmail } = await server().signUp('Stranger');
    const stranger = strangerUser.id;
    const refused = await post(
      `/projects/${project.id}/tasks`,
      { title: 'Assigned', assigneeId: stranger },
      key,
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'ASSIGNEE_NOT_A_MEMBER' });
    await client.projects.members.add.mutate({ projectId: project.id, email: strangerEmail, role: 'member' });
    const retried = await post(
      `/projects/${project.id}/tasks`,
      { title: 'Assigned', assigneeId: stranger },
      key,
    );
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await taskCount()).toBe(1);
  });

  it("keeps each caller's keys apart", async () => {
    const alice = await owner();
    const bob = await owner();
    const key = randomUUID();
    await alice.post(`/projects/${alice.project.id}/tasks`, { title: 'Mine' }, key);
    const theirs = await bob.post(`/projects/${bob.project.id}/tasks`, { title: 'Mine' }, key);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect([await alice.taskCount(), await bob.taskCount()]).toEqual([1, 1]);
  });

  it('writes the stored answer in the transaction of the call: a key is kept only with its task', async () => {
    const { project, post } = await owner();
    const key = randomUUID();
    const created = (await (await post(`/projects/${project.id}/tasks`, { title: 'Kept' }, key)).json()) as {
      id: string;
    };
    const stored = await server()
      .running.services.db.selectFrom('idempotency_keys')
      .select(['procedure', 'output'])
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(stored.procedure).toBe('tasks.create');
    expect(JSON.parse(stored.output).json.id).toBe(created.id);
  });

  it('ignores a key on a mutation whose answer carries a secret, storing nothing', async () => {
    const key = randomUUID();
    const response = await fetch(`${server().url}/api/v1/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({
        email: `${key}@example.com`,
        password: 'correct horse battery staple',
        name: 'Secret',
      }),
    });
    expect(response.status).toBe(200);
    const stored = await server()
      .running.services.db.selectFrom('idempotency_keys')
      .select('key')
      .where('key', '=', key)
      .execute();
    expect(stored).toEqual([]);
  });
});

describeOnEachDatabase('@charter/client and idempotent retries', (server) => {
  it('retries a create whose answer was lost on the way, with the same key: one task, and its answer', async () => {
    const { accessToken, client: owner } = await server().signUp('Flaky network');
    const project = await owner.projects.create.mutate({ name: 'Lossy' });
    let dropped = 0;
    // The server answers, but the answer never arrives: the first create's response is lost.
    const lossyFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes('tasks.create') && dropped++ === 0) throw new TypeError('fetch failed');
      return response;
    };
    const client = createClient({ url: server().url, auth: { accessToken }, fetch: lossyFetch });
    const task = await client.tasks.create.mutate({ projectId: project.id, title: 'Despite the network' });
    expect(dropped).toBe(2);
    const { items } = await owner.tasks.list.query({ projectId: project.id });
    expect(items.map((item) => item.id)).toEqual([task.id]);
  });

  it('makes a double submit one call when the form gives both the same key', async () => {
    const { accessToken, client: owner } = await server().signUp('Double clicker');
    const project = await owner.projects.create.mutate({ name: 'Clicks' });
    const client = createClient({ url: server().url, auth: { accessToken } });
    const idempotencyKey = randomUUID();
    const input = { projectId: project.id, title: 'Clicked twice' };
    const [first, second] = await Promise.all([
      client.tasks.create.mutate(input, { context: { idempotencyKey } }),
      client.tasks.create.mutate(input, { context: { idempotencyKey } }),
    ]);
    expect(second).toEqual(first);
    expect((await owner.tasks.list.query({ projectId: project.id })).items).toHaveLength(1);
  });

  it('does not retry a mutation that takes no key (its answer carries a secret)', async () => {
    let calls = 0;
    const failing: typeof fetch = async (input, init) => {
      calls++;
      await fetch(input, init);
      throw new TypeError('fetch failed');
    };
    const client = createClient({ url: server().url, fetch: failing });
    const email = `${randomUUID()}@example.com`;
    await expect(
      client.auth.signUp.mutate({ email, password: 'correct horse battery staple', name: 'Once' }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});

describe('an Idempotency-Key, once it expires', () => {
  let now = new Date();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { now: () => now });
  });
  afterAll(() => server.close());

  it('is kept 24 hours, then taken anew for another call, and swept away', async () => {
    const { client } = await server.signUp('Expiring');
    const project = await client.projects.create.mutate({ name: 'Expiry' });
    // An API key, which outlives the day an access token would not.
    const { key } = await client.apiKeys.create.mutate({ name: 'expiry', scopes: ['tasks:write'] });
    const create = (title: string, idempotencyKey = 'k') =>
      fetch(`${server.url}/api/v1/projects/${project.id}/tasks`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify({ title }),
      });
    expect((await create('Monday')).status).toBe(201);
    now = new Date(now.getTime() + 23 * 3600_000);
    expect((await create('Tuesday')).status).toBe(422);
    now = new Date(now.getTime() + 2 * 3600_000);
    const later = await create('Tuesday');
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    // Expired keys stay until a keyed call, at most once an hour, sweeps them.
    now = new Date(now.getTime() + 25 * 3600_000);
    const keys = async () =>
      (await server.running.services.db.selectFrom('idempotency_keys').select('key').execute()).map(
        (row) => row.key,
      );
    expect(await keys()).toContain('k');
    await create('Wednesday', 'other');
    await expect.poll(keys).not.toContain('k');
    expect(await deleteExpiredKeys(server.running.services.db, now)).toBe(0);
  });
});

describe('IDEMPOTENCY_KEY_TTL_SECONDS', () => {
  let now = new Date();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { now: () => now, env: { IDEMPOTENCY_KEY_TTL_SECONDS: '600' } });
  });
  afterAll(() => server.close());

  it('sets how long a key is kept', async () => {
    const { client } = await server.signUp('Short memory');
    const project = await client.projects.create.mutate({ name: 'Ten minutes' });
    const { key } = await client.apiKeys.create.mutate({ name: 'ttl', scopes: ['tasks:write'] });
    const create = (title: string) =>
      fetch(`${server.url}/api/v1/projects/${project.id}/tasks`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json', 'idempotency-key': 'ttl-key' },
        body: JSON.stringify({ title }),
      });
    expect((await create('First')).status).toBe(201);
    now = new Date(now.getTime() + 9 * 60_000);
    expect((await create('Second')).status).toBe(422);
    now = new Date(now.getTime() + 2 * 60_000);
    expect((await create('Second')).status).toBe(201);
  });
});
