import { randomUUID } from 'node:crypto';
import { type Client, createClient } from '@charter/client';
import { describe, expect, it } from 'vitest';
import { restartableDatabases } from './support/restartable-databases.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';
import { taskFor, taskLoad } from './support/task-load.ts';
import { budgets } from './support/test-server.ts';

// docs/reliability.md states what these prove.

const { freshDataDir, backends } = restartableDatabases();

/** A user and a project on a fresh server process, ready to take load. */
async function startWithProject(database: Record<string, string>) {
  const env = { ...database, RATE_LIMITS: budgets(), SHUTDOWN_GRACE_SECONDS: '30' };
  const server = await startServerProcess(env);
  const { accessToken } = await createClient({ url: server.url }).auth.signUp.mutate({
    email: `load-${randomUUID()}@example.com`,
    password: 'load test password',
    name: 'Load',
  });
  const project = await createClient({ url: server.url, auth: { accessToken } }).projects.create.mutate({
    name: 'Under load',
  });
  return { env, server, accessToken, projectId: project.id };
}

async function allTasks(client: Client, projectId: string) {
  const tasks = [];
  let cursor: string | undefined;
  do {
    const page = await client.tasks.list.query({ projectId, limit: 100, ...(cursor ? { cursor } : {}) });
    tasks.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return tasks;
}

/** Starts the server again on the same database and reads back every task of the project. */
async function tasksAfterRestart(env: Record<string, string>, accessToken: string, projectId: string) {
  const again: ServerProcess = await startServerProcess(env);
  try {
    return await allTasks(createClient({ url: again.url, auth: { accessToken } }), projectId);
  } finally {
    expect(await again.stop()).toBe(0);
  }
}

describe('SIGTERM under load', () => {
  it('drops no request it accepted: each is answered in full or its connection refused, and only answered ones were written', async () => {
    const { env, server, accessToken, projectId } = await startWithProject({ DATA_DIR: freshDataDir() });
    const load = taskLoad({ url: server.url, accessToken, projectId, connections: 64, prefix: 'term' });
    // Every connection carried an answer first: a connection the kernel queued and the server never
    // took is reset when the listener closes, which is "never accepted" (docs/reliability.md).
    await expect.poll(() => load.warmConnections(), { timeout: 20_000 }).toBe(64);
    await expect.poll(() => load.answeredCount(), { timeout: 20_000 }).toBeGreaterThan(200);

    const exited = server.stop('SIGTERM');
    const outcome = await load.finished;
    expect(await exited).toBe(0);

    expect(outcome.dropped).toEqual([]);
    expect(new Set(outcome.answered.values())).toEqual(new Set([201]));
    expect(outcome.refused.length).toBeGreaterThan(0);
    const stored = (await tasksAfterRestart(env, accessToken, projectId)).map((task) => task.title);
    expect(stored.sort()).toEqual([...outcome.answered.keys()].sort());
  }, 120_000);
});

describe.each(backends)('kill -9 under load on %s', (_backend, database) => {
  it('keeps every acknowledged write after a restart, and every row it holds is whole', async () => {
    const { env, server, accessToken, projectId } = await startWithProject(await database());
    const load = taskLoad({ url: server.url, accessToken, projectId, connections: 32, prefix: 'kill' });
    await expect.poll(() => load.answeredCount(), { timeout: 20_000 }).toBeGreaterThan(200);

    await server.stop('SIGKILL');
    const outcome = await load.finished;

    const acknowledged = [...outcome.answered].filter(([, status]) => status === 201).map(([title]) => title);
    expect(acknowledged.length).toBeGreaterThan(200);
    const stored = await tasksAfterRestart(env, accessToken, projectId);
    const storedTitles = new Set(stored.map((task) => task.title));
    expect(acknowledged.filter((title) => !storedTitles.has(title))).toEqual([]);
    // A row the load did not hear back about may be there or not; whatever is there is whole.
    for (const task of stored) {
      expect({ title: task.title, description: task.description, labels: task.labels }).toEqual(
        taskFor(task.title),
      );
    }
  }, 120_000);
});

describe.each(backends)('kill -9 under load with Idempotency-Keys on %s', (_backend, database) => {
  it('lets every create be retried after a restart: each happens exactly once, acknowledged ones as answered', async () => {
    const { env, server, accessToken, projectId } = await startWithProject(await database());
    const load = taskLoad({
      url: server.url,
      accessToken,
      projectId,
      connections: 32,
      prefix: 'retry',
      idempotencyKeys: true,
    });
    await expect.poll(() => load.answeredCount(), { timeout: 20_000 }).toBeGreaterThan(200);
    await server.stop('SIGKILL');
    const outcome = await load.finished;
    // Whatever was sent may or may not have run before the kill: the caller cannot know, so it retries.
    const sent = [...outcome.answered.keys(), ...outcome.dropped.map(({ title }) => title)];
    expect(outcome.dropped.length).toBeGreaterThan(0);

    const again: ServerProcess = await startServerProcess(env);
    try {
      const client = createClient({ url: again.url, auth: { accessToken } });
      const retry = async (title: string) => {
        const response = await fetch(`${again.url}/api/v1/projects/${projectId}/tasks`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json',
            'idempotency-key': title,
          },
          body: JSON.stringify(taskFor(title)),
        });
        return { title, status: response.status, replayed: response.headers.get('idempotent-replayed') };
      };
      // The load's 32 callers each retry what they sent, one call at a time.
      const retried: Awaited<ReturnType<typeof retry>>[] = [];
      for (let start = 0; start < sent.length; start += 32)
        retried.push(...(await Promise.all(sent.slice(start, start + 32).map(retry))));
      expect(retried.filter(({ status }) => status !== 201)).toEqual([]);
      // Every acknowledged create is replayed, not run again.
      const acknowledged = new Set(
        [...outcome.answered].filter(([, status]) => status === 201).map(([title]) => title),
      );
      expect(retried.filter(({ title, replayed }) => acknowledged.has(title) && replayed !== 'true')).toEqual(
        [],
      );
      const stored = (await allTasks(client, projectId)).map((task) => task.title);
      expect(stored.length).toBe(new Set(stored).size);
      expect(new Set(stored)).toEqual(new Set(sent));
    } finally {
      expect(await again.stop()).toBe(0);
    }
  }, 180_000);
});
