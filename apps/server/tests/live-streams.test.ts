import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamRetryAfterSeconds } from '../src/middleware/stream-slots.ts';
import { type SignedUp, startTestServer, type TestServer } from './support/test-server.ts';

interface OpenStream {
  status: number;
  headers: Headers;
  /** The body read so far, for answers that are not a stream. */
  text(): Promise<string>;
  close(): void;
}

/** Opens an event stream as a browser's EventSource would: resolved when the response starts. */
async function open(url: string, headers: Record<string, string>): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  return {
    status: response.status,
    headers: response.headers,
    text: () => response.text(),
    close: () => controller.abort(),
  };
}

describe('live streams', () => {
  let server: TestServer;
  let ada: SignedUp;
  let bob: SignedUp;
  let adaProject: string;
  let bobProject: string;

  const rest = (who: SignedUp, projectId: string) =>
    open(`${server.url}/api/v1/projects/${projectId}/tasks/events`, {
      authorization: `Bearer ${who.accessToken}`,
    });
  const trpc = (who: SignedUp, projectId: string) =>
    open(
      `${server.url}/trpc/tasks.onChange?input=${encodeURIComponent(JSON.stringify({ json: { projectId } }))}`,
      { authorization: `Bearer ${who.accessToken}` },
    );
  const openFor = (who: SignedUp) => server.running.services.streams.count(`user:${who.user.id}`);

  beforeAll(async () => {
    server = await startTestServer('pglite', { env: { STREAMS_PER_CALLER: '2', STREAMS_PER_ADDRESS: '3' } });
    ada = await server.signUp('Ada');
    bob = await server.signUp('Bob');
    adaProject = (await ada.client.projects.create.mutate({ name: 'Ada' })).id;
    bobProject = (await bob.client.projects.create.mutate({ name: 'Bob' })).id;
  }, 60_000);
  afterAll(() => server.close());

  describe('per caller and per address', () => {
    it('refuses an account its third stream with 429 and Retry-After, on REST and tRPC alike', async () => {
      const held = [await rest(ada, adaProject), await trpc(ada, adaProject)];
      expect(held.map((stream) => stream.status)).toEqual([200, 200]);

      for (const third of [await rest(ada, adaProject), await trpc(ada, adaProject)]) {
        expect(third.status).toBe(429);
        expect(third.headers.get('retry-after')).toBe(String(streamRetryAfterSeconds));
        expect(await third.text()).toContain('Too many live streams are open for this account');
      }

      // A slot frees as soon as a stream closes.
      held[0]?.close();
      await expect.poll(() => openFor(ada)).toBe(1);
      const again = await rest(ada, adaProject);
      expect(again.status).toBe(200);
      for (const stream of [again, ...held]) stream.close();
      await expect.poll(() => openFor(ada)).toBe(0);
    });

    it('ends a typed client subscription past the cap with an error, not a silent wait', async () => {
      const held = [await rest(ada, adaProject), await rest(ada, adaProject)];
      let failure: unknown;
      const subscription = ada.client.tasks.onChange.subscribe(
        { projectId: adaProject },
        {
          onError: (error) => {
            failure = error;
          },
        },
      );
      await expect.poll(() => failure, { timeout: 5_000 }).toBeDefined();
      subscription.unsubscribe();
      for (const stream of held) stream.close();
      await expect.poll(() => openFor(ada)).toBe(0);
    });

    it('refuses an address beyond its cap, whoever calls from it', async () => {
      const held = [await rest(ada, adaProject), await rest(ada, adaProject), await trpc(bob, bobProject)];
      expect(held.map((stream) => stream.status)).toEqual([200, 200, 200]);

      for (const fourth of [await rest(bob, bobProject), await trpc(bob, bobProject)]) {
        expect(fourth.status).toBe(429);
        expect(await fourth.text()).toContain('from this address');
      }

      for (const stream of held) stream.close();
      await expect.poll(() => openFor(ada) + openFor(bob)).toBe(0);
    });

    it('gives the slot back when a stream is refused after it was taken (another user’s project)', async () => {
      const refused = await rest(bob, adaProject);
      expect(refused.status).toBe(404);
      await expect.poll(() => openFor(bob)).toBe(0);
    });
  });

  it('logs nothing at error or above when callers leave their streams (a closed tab is no fault)', async () => {
    const from = server.logs.length;
    const streams = [await rest(ada, adaProject), await trpc(ada, adaProject)];
    for (const stream of streams) stream.close();
    await expect.poll(() => openFor(ada)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = server.logs.slice(from).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  describe('authorization before the response starts', () => {
    it('answers a REST stream of another user’s project with 404 problem details, not 200 and an error event', async () => {
      const stream = await rest(bob, adaProject);
      expect(stream.status).toBe(404);
      expect(stream.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(await stream.text())).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });

    it('starts a REST stream of one’s own project before any event, once it listens', async () => {
      const before = server.running.services.taskEvents.subscriberCount(adaProject);
      const stream = await rest(ada, adaProject);
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      expect(server.running.services.taskEvents.subscriberCount(adaProject)).toBe(before + 1);
      stream.close();
    });
  });
});
