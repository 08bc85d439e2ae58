import { type Client, type ClientError, createClient } from '@charter/client';
import type { TaskChange } from '@charter/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachDatabase } from './support/each-database.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/** Subscribes, waits until the server is listening for this project, and collects what arrives. */
async function follow(server: TestServer, client: Client, projectId: string) {
  const received: TaskChange[] = [];
  const waiters: (() => void)[] = [];
  let failure: ClientError | undefined;
  const before = server.running.services.taskEvents.subscriberCount(projectId);
  const subscription = client.tasks.onChange.subscribe(
    { projectId },
    {
      onData: (change) => {
        received.push(change);
        for (const wake of waiters.splice(0)) wake();
      },
      onError: (error) => {
        failure = error;
      },
    },
  );
  await expect.poll(() => server.running.services.taskEvents.subscriberCount(projectId)).toBe(before + 1);
  return {
    received,
    get failure() {
      return failure;
    },
    async next(count: number): Promise<TaskChange[]> {
      await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(count);
      return received.slice(0, count);
    },
    stop: () => subscription.unsubscribe(),
  };
}

describeOnEachDatabase('live task changes', (server) => {
  it('streams creates, updates and deletes made by another member, with Dates intact', async () => {
    const owner = await server().signUp('Owner');
    const teammate = await server().signUp('Teammate');
    const project = await owner.client.projects.create.mutate({ name: 'Live' });
    await owner.client.projects.members.add.mutate({
      projectId: project.id,
      email: teammate.email,
      role: 'member',
    });

    const feed = await follow(server(), owner.client, project.id);
    const dueDate = new Date('2032-02-02T02:02:02.002Z');
    const task = await teammate.client.tasks.create.mutate({
      projectId: project.id,
      title: 'Fresh',
      dueDate,
    });
    const updated = await teammate.client.tasks.update.mutate({ id: task.id, status: 'done' });
    await teammate.client.tasks.delete.mutate({ id: task.id });

    const [created, changed, deleted] = await feed.next(3);
    expect(created).toMatchObject({ type: 'created', task });
    expect(created?.type === 'created' && created.task.dueDate).toEqual(dueDate);
    expect(changed).toMatchObject({ type: 'updated', task: updated });
    expect(deleted).toMatchObject({ type: 'deleted', taskId: task.id });
    expect(deleted?.occurredAt).toBeInstanceOf(Date);
    feed.stop();
    await expect.poll(() => server().running.services.taskEvents.subscriberCount(project.id)).toBe(0);
  });

  it('sends each project’s changes only to that project’s subscribers', async () => {
    const owner = await server().signUp('Owner');
    const a = await owner.client.projects.create.mutate({ name: 'A' });
    const b = await owner.client.projects.create.mutate({ name: 'B' });
    const feed = await follow(server(), owner.client, a.id);
    await owner.client.tasks.create.mutate({ projectId: b.id, title: 'in B' });
    const inA = await owner.client.tasks.create.mutate({ projectId: a.id, title: 'in A' });
    const [only] = await feed.next(1);
    expect(only).toMatchObject({ type: 'created', task: { id: inA.id } });
    expect(feed.received).toHaveLength(1);
    feed.stop();
  });

  it('ends the stream of a member who is removed, and sends them nothing more', async () => {
    const owner = await server().signUp('Owner');
    const leaver = await server().signUp('Leaver');
    const project = await owner.client.projects.create.mutate({ name: 'Shrinking' });
    await owner.client.projects.members.add.mutate({
      projectId: project.id,
      email: leaver.email,
      role: 'viewer',
    });
    let completed = false;
    const received: TaskChange[] = [];
    const subscription = leaver.client.tasks.onChange.subscribe(
      { projectId: project.id },
      { onData: (change) => received.push(change), onComplete: () => (completed = true) },
    );
    await expect.poll(() => server().running.services.taskEvents.subscriberCount(project.id)).toBe(1);

    await owner.client.projects.members.remove.mutate({ projectId: project.id, userId: leaver.user.id });
    await expect.poll(() => completed).toBe(true);
    await owner.client.tasks.create.mutate({ projectId: project.id, title: 'After they left' });
    expect(received).toEqual([]);
    expect(server().running.services.taskEvents.subscriberCount(project.id)).toBe(0);
    subscription.unsubscribe();
  });

  it('refuses to stream a project to a non-member, and leaves no listener behind', async () => {
    const owner = await server().signUp('Owner');
    const stranger = await server().signUp('Stranger');
    const project = await owner.client.projects.create.mutate({ name: 'Closed' });
    const errors: string[] = [];
    const subscription = stranger.client.tasks.onChange.subscribe(
      { projectId: project.id },
      {
        onConnectionStateChange: (state) => {
          if (state.error) errors.push(state.error.message);
        },
        onError: (error) => errors.push(error.message),
      },
    );
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    subscription.unsubscribe();
    expect(errors[0]).toBe('Not found.');
    expect(server().running.services.taskEvents.subscriberCount(project.id)).toBe(0);
  });
});

describe('a live stream and the credential that opened it', () => {
  let now = new Date();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { now: () => now, env: { ACCESS_TOKEN_TTL_SECONDS: '60' } });
  });
  afterAll(() => server.close());

  it('ends with UNAUTHORIZED when the access token expires, for the caller to resubscribe with a fresh one', async () => {
    now = new Date(Math.floor(Date.now() / 1000) * 1000); // tokens count whole seconds
    const owner = await server.signUp('Owner');
    const project = await owner.client.projects.create.mutate({ name: 'Expiring' });
    now = new Date(now.getTime() + 59_500); // half a second of the token's minute left
    const errors: string[] = [];
    const subscription = owner.client.tasks.onChange.subscribe(
      { projectId: project.id },
      { onError: (error) => errors.push(`${error.data?.appCode}: ${error.message}`) },
    );
    await expect
      .poll(() => errors[0], { timeout: 5_000 })
      .toBe('UNAUTHORIZED: The access token has expired; reconnect with a new one.');
    subscription.unsubscribe();
  });
});

describe('a live stream whose credential is revoked', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { credentialRecheckMs: 200 });
  });
  afterAll(() => server.close());

  /** Opens a stream as `client` and resolves with how it ended. */
  async function streamEnding(
    client: ReturnType<TestServer['client']>,
    projectId: string,
    revoke: () => Promise<unknown>,
  ) {
    const ending = new Promise<string>((resolve) => {
      const subscription = client.tasks.onChange.subscribe(
        { projectId },
        {
          onError: (error) => {
            subscription.unsubscribe();
            resolve(`${error.data?.appCode}: ${error.message}`);
          },
        },
      );
    });
    await expect.poll(() => server.running.services.taskEvents.subscriberCount(projectId)).toBe(1);
    await revoke();
    return ending;
  }

  it('ends a stream opened with an API key soon after the key is revoked', async () => {
    const owner = await server.signUp('Owner');
    const project = await owner.client.projects.create.mutate({ name: 'Watched' });
    const { key, apiKey } = await owner.client.apiKeys.create.mutate({
      name: 'stream',
      scopes: ['tasks:read'],
    });
    const viaKey = createClient({ url: server.url, auth: { apiKey: key } });
    const ended = await streamEnding(viaKey, project.id, () =>
      owner.client.apiKeys.revoke.mutate({ id: apiKey.id }),
    );
    expect(ended).toBe('UNAUTHORIZED: The credential is no longer valid; the stream has ended.');
    expect(server.running.services.taskEvents.subscriberCount(project.id)).toBe(0);
  });

  it('ends the streams of a session that logs out', async () => {
    const { email, password } = await server.signUp('Leaving');
    const session = await server.client().auth.logIn.mutate({ email, password });
    const client = server.client(session.accessToken);
    const project = await client.projects.create.mutate({ name: 'Left' });
    const ended = await streamEnding(client, project.id, () =>
      server.client().auth.logOut.mutate({ refreshToken: session.refreshToken }),
    );
    expect(ended).toBe('UNAUTHORIZED: The credential is no longer valid; the stream has ended.');
  });
});
