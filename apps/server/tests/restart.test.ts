import { randomUUID } from 'node:crypto';
import { type Client, createClient } from '@charter/client';
import { describe, expect, it } from 'vitest';
import { restartableDatabases } from './support/restartable-databases.ts';
import { spawnServer, startServerProcess } from './support/server-process.ts';

const { freshDataDir, backends } = restartableDatabases();

/** Writes projects, members and tasks of every shape, then reads all of it back. */
async function seed(client: Client) {
  const teammate = await client.auth.signUp.mutate({
    email: `mate-${randomUUID()}@example.com`,
    password: 'teammate password',
    name: 'Mate',
  });
  for (const [i, name] of ['Alpha', 'Beta'].entries()) {
    const project = await client.projects.create.mutate({ name, description: `Project ${i}` });
    await client.projects.members.add.mutate({
      projectId: project.id,
      email: teammate.user.email,
      role: 'member',
    });
    await client.tasks.create.mutate({
      projectId: project.id,
      title: 'Dated',
      dueDate: new Date(Date.UTC(2031, i, 2, 3, 4, 5, 6)),
      labels: ['x', 'y'],
    });
    await client.tasks.create.mutate({
      projectId: project.id,
      title: 'Assigned',
      assigneeId: teammate.user.id,
      status: 'done',
    });
  }
}

async function everything(client: Client) {
  const projects = (await client.projects.list.query({ limit: 100 })).items;
  return Promise.all(
    projects.map(async (project) => ({
      project,
      members: await client.projects.members.list.query({ projectId: project.id }),
      tasks: (await client.tasks.list.query({ projectId: project.id, limit: 100 })).items,
    })),
  );
}

describe.each(backends)('a server restarted on the same %s database', (_backend, configure) => {
  it('keeps every account, project, member and task, and the sessions it issued', async () => {
    const env = await configure();
    const first = await startServerProcess(env);
    const email = `owner-${randomUUID()}@example.com`;
    const session = await createClient({ url: first.url }).auth.signUp.mutate({
      email,
      password: 'owner password',
      name: 'Owner',
    });
    const before = await everything(await seedAs(first.url, session.accessToken));
    expect(before).toHaveLength(2);
    expect(before.flatMap((entry) => entry.tasks)).toHaveLength(4);

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output()).toContain('Charter API stopped');

    const second = await startServerProcess(env);
    try {
      // The signing key is in the database, so a token from before the restart still works.
      const after = await everything(
        createClient({ url: second.url, auth: { accessToken: session.accessToken } }),
      );
      expect(after).toEqual(before);
      const again = await createClient({ url: second.url }).auth.logIn.mutate({
        email,
        password: 'owner password',
      });
      expect(again.user.id).toBe(session.user.id);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});

async function seedAs(url: string, accessToken: string) {
  const client = createClient({ url, auth: { accessToken } });
  await seed(client);
  return client;
}

describe('the server process', () => {
  it('refuses a second server on a data directory that is in use, naming the holder', async () => {
    const dataDir = freshDataDir();
    const first = await startServerProcess({ DATA_DIR: dataDir });
    try {
      const second = spawnServer({ DATA_DIR: dataDir });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`is in use by process ${first.child.pid}`);
      expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: 'ok' });
    } finally {
      await first.stop();
    }
  });

  it('refuses to start with a bad setting, saying which and why', async () => {
    const run = spawnServer({ DATA_DIR: freshDataDir(), PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Invalid configuration:');
    expect(run.output()).toContain('PORT="eighty": must be a whole number from 0 to 65535');
    expect(run.output()).toContain('LOG_LEVEL="chatty": must be one of');
  });

  it('stops promptly on SIGTERM with a live-updates stream open, ending the stream', async () => {
    const server = await startServerProcess({ DATA_DIR: freshDataDir(), SHUTDOWN_GRACE_SECONDS: '30' });
    const { accessToken } = await createClient({ url: server.url }).auth.signUp.mutate({
      email: `live-${randomUUID()}@example.com`,
      password: 'live password',
      name: 'Live',
    });
    const client = createClient({ url: server.url, auth: { accessToken } });
    const project = await client.projects.create.mutate({ name: 'Streaming' });
    let started = false;
    const subscription = client.tasks.onChange.subscribe(
      { projectId: project.id },
      { onStarted: () => (started = true) },
    );
    await expect.poll(() => started).toBe(true);

    const stoppedAt = Date.now();
    expect(await server.stop('SIGTERM')).toBe(0);
    subscription.unsubscribe();
    expect(Date.now() - stoppedAt).toBeLessThan(2_000); // far inside the 30 s grace and the 5 s keep-alive: nothing waited
  });
});
