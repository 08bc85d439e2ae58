import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { webhookPolicy } from '../src/webhooks/policy.ts';
import { secretBoxOf } from '../src/webhooks/secret-box.ts';
import { newSigningSecret } from '../src/webhooks/signing.ts';
import { startWebhookWorker } from '../src/webhooks/worker.ts';
import { expectApiError } from './support/api-error.ts';
import { budgets, startTestServer, type TestServer } from './support/test-server.ts';
import { startReceiver } from './webhooks-receiver.ts';

describe('webhook SSRF safety', () => {
  // http allowed (so what is refused is the address), and of private hosts only 127.0.0.2.
  let local: TestServer;
  // Neither: https to public addresses only, as a server without WEBHOOK_* settings.
  let strict: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: { stop(): Promise<void> };

  beforeAll(async () => {
    receiver = await startReceiver();
    local = await startTestServer('pglite', {
      env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.2', RATE_LIMITS: budgets() },
    });
    strict = await startTestServer('pglite', { env: { RATE_LIMITS: budgets() } });
    worker = startWebhookWorker(local.running.services, createLogger({ level: 'silent' }), {
      policy: webhookPolicy(local.env),
      retry: { firstDelayMs: 60_000, maxDelayMs: 60_000, windowMs: 3_600_000 },
      pollMs: 50,
      timeoutMs: 300,
    });
  }, 60_000);
  afterAll(async () => {
    await worker.stop();
    await Promise.all([local.close(), strict.close(), receiver.close()]);
  });

  async function project(server: TestServer) {
    const owner = await server.signUp();
    return { owner, project: await owner.client.projects.create.mutate({ name: 'Guarded' }) };
  }

  it.each([
    ['loopback', () => receiver.url],
    ['a private network', () => 'http://10.0.0.7/hooks'],
    ['cloud metadata (link-local)', () => 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', () => 'http://[::1]/hooks'],
    ['IPv4-mapped loopback', () => 'http://[::ffff:127.0.0.1]/hooks'],
    ['a name that resolves to loopback', () => `http://localhost:${receiver.port}/hooks`],
    ['unspecified', () => 'http://0.0.0.0/hooks'],
  ])('refuses a URL to %s with 400, storing nothing', async (_, url) => {
    const {
      owner,
      project: { id },
    } = await project(local);
    const error = await expectApiError(
      owner.client.webhooks.create.mutate({ projectId: id, url: url(), events: ['task.created'] }),
      { code: 'BAD_REQUEST', httpStatus: 400 },
    );
    expect(error.message).toMatch(/public addresses only/);
    expect(await owner.client.webhooks.list.query({ projectId: id })).toEqual([]);
  });

  it('refuses http:// with 400 unless WEBHOOK_ALLOW_HTTP is set', async () => {
    const {
      owner,
      project: { id },
    } = await project(strict);
    await expectApiError(
      owner.client.webhooks.create.mutate({
        projectId: id,
        url: 'http://hooks.example.com/',
        events: ['task.created'],
      }),
      { code: 'BAD_REQUEST', httpStatus: 400, message: 'The URL must be https://.' },
    );
  });

  it('refuses at send an endpoint whose host now resolves to loopback, and never connects', async () => {
    const {
      owner,
      project: { id },
    } = await project(local);
    // As if the name had resolved to a public address at registration, and to loopback since.
    const box = await secretBoxOf(local.running.services.db);
    const endpointId = randomUUID();
    await local.running.services.db
      .insertInto('webhook_endpoints')
      .values({
        id: endpointId,
        project_id: id,
        url: `http://localhost:${receiver.port}/hooks`,
        events: ['task.created'],
        secret: box.seal(newSigningSecret()),
      })
      .execute();
    const before = receiver.received.length;
    await owner.client.tasks.create.mutate({ projectId: id, title: 'Not for localhost' });
    await expect
      .poll(async () => (await owner.client.webhooks.deliveries.query({ projectId: id, id: endpointId }))[0])
      .toMatchObject({
        status: 'pending',
        attempts: 1,
        lastStatus: null,
        lastError: expect.stringMatching(/^Refused: .*127\.0\.0\.1|::1/),
      });
    expect(receiver.received.length).toBe(before);
  });

  it('follows no redirect: a 307 is a failed attempt, and its Location is never called', async () => {
    const {
      owner,
      project: { id },
    } = await project(local);
    const redirecting = createServer((_req, res) => res.writeHead(307, { location: receiver.url }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.2', resolve));
    try {
      const { port } = redirecting.address() as AddressInfo;
      const endpointId = await endpointTo(id, `http://127.0.0.2:${port}/hooks`);
      const before = receiver.received.length;
      await owner.client.tasks.create.mutate({ projectId: id, title: 'Redirected' });
      await expect
        .poll(
          async () => (await owner.client.webhooks.deliveries.query({ projectId: id, id: endpointId }))[0],
        )
        .toMatchObject({ status: 'pending', attempts: 1, lastStatus: 307, lastError: 'Answered 307' });
      expect(receiver.received.length).toBe(before);
    } finally {
      redirecting.closeAllConnections();
      redirecting.close();
    }
  });

  it('gives up on a receiver that does not answer in time, and retries later', async () => {
    const {
      owner,
      project: { id },
    } = await project(local);
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.2', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const endpointId = await endpointTo(id, `http://127.0.0.2:${port}/hooks`);
      await owner.client.tasks.create.mutate({ projectId: id, title: 'Unanswered' });
      await expect
        .poll(
          async () => (await owner.client.webhooks.deliveries.query({ projectId: id, id: endpointId }))[0],
        )
        .toMatchObject({
          status: 'pending',
          attempts: 1,
          lastStatus: null,
          lastError: 'No answer within 300 ms',
        });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  /** An endpoint written directly: this server refuses loopback URLs through the API, as it should. */
  async function endpointTo(projectId: string, url: string): Promise<string> {
    const box = await secretBoxOf(local.running.services.db);
    const id = randomUUID();
    await local.running.services.db
      .insertInto('webhook_endpoints')
      .values({
        id,
        project_id: projectId,
        url,
        events: ['task.created'],
        secret: box.seal(newSigningSecret()),
      })
      .execute();
    return id;
  }
});
