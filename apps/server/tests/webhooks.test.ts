import { execFileSync } from 'node:child_process';
import { verifyWebhook } from '@charter/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { webhookPolicy } from '../src/webhooks/policy.ts';
import { startWebhookWorker } from '../src/webhooks/worker.ts';
import { expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import { startReceiver } from './webhooks-receiver.ts';

// Standard Webhooks' signature by an independent implementation: Python's standard library.
const pythonSigner = `
import base64, hashlib, hmac, sys
secret, msg_id, timestamp = sys.argv[1:4]
key = base64.b64decode(secret.removeprefix('whsec_'))
print(base64.b64encode(hmac.new(key, f'{msg_id}.{timestamp}.'.encode() + sys.stdin.buffer.read(), hashlib.sha256).digest()).decode())
`;

function pythonSignature(secret: string, id: string, timestamp: string, body: string): string {
  return `v1,${execFileSync('python3', ['-c', pythonSigner, secret, id, timestamp], { input: body }).toString().trim()}`;
}

const fastRetries = { firstDelayMs: 50, maxDelayMs: 200, windowMs: 60_000 };

describeOnEachDatabase(
  'webhook delivery',
  (server) => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let worker: { stop(): Promise<void> };

    beforeAll(async () => {
      receiver = await startReceiver();
      worker = startWebhookWorker(server().running.services, createLogger({ level: 'silent' }), {
        policy: webhookPolicy(server().env),
        retry: fastRetries,
        pollMs: 50,
      });
    });
    afterAll(async () => {
      await worker.stop();
      await receiver.close();
    });

    async function subscribed(events: ('task.created' | 'task.updated')[] = ['task.created']) {
      const owner = await server().signUp();
      const project = await owner.client.projects.create.mutate({ name: 'Hooked' });
      const { secret, endpoint } = await owner.client.webhooks.create.mutate({
        projectId: project.id,
        url: receiver.url,
        events,
      });
      return { owner, project, secret, endpoint };
    }

    it('sends a task.created signed so that verifyWebhook and Python both verify it', async () => {
      const before = receiver.received.length;
      const { owner, project, secret, endpoint } = await subscribed();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(await owner.client.webhooks.list.query({ projectId: project.id })).toEqual([endpoint]);

      const task = await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Hooked task' });
      const [sent] = (await receiver.waitFor(before + 1)).slice(before);
      if (!sent) throw new Error('nothing was received');
      const id = String(sent.headers['webhook-id']);
      const timestamp = String(sent.headers['webhook-timestamp']);
      expect(sent.headers['webhook-signature']).toBe(pythonSignature(secret, id, timestamp, sent.body));
      expect(await verifyWebhook(secret, sent.headers as Record<string, string>, sent.body)).toEqual({
        id,
        type: 'task.created',
        timestamp: task.createdAt,
        data: task,
      });
    });

    it('retries a receiver that fails three times, with the same webhook-id, until it acknowledges, then stops', async () => {
      const { owner, project, endpoint } = await subscribed();
      const before = receiver.received.length;
      receiver.answer(500, 503, 404);
      await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Retried' });
      const attempts = (await receiver.waitFor(before + 4)).slice(before);
      expect(new Set(attempts.map((attempt) => attempt.headers['webhook-id'])).size).toBe(1);

      await expect
        .poll(() => owner.client.webhooks.deliveries.query({ projectId: project.id, id: endpoint.id }))
        .toMatchObject([
          { status: 'delivered', attempts: 4, lastStatus: 200, lastError: null, nextAttemptAt: null },
        ]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(receiver.received.length).toBe(before + 4);
    });

    it('sends a test event and redelivers it with the same webhook-id', async () => {
      const { owner, project, endpoint } = await subscribed();
      const before = receiver.received.length;
      const { eventId } = await owner.client.webhooks.sendTest.mutate({
        projectId: project.id,
        id: endpoint.id,
      });
      await receiver.waitFor(before + 1);
      const [delivery] = await owner.client.webhooks.deliveries.query({
        projectId: project.id,
        id: endpoint.id,
      });
      expect(delivery).toMatchObject({ eventId, type: 'webhook.test' });
      await expect
        .poll(
          async () =>
            (await owner.client.webhooks.deliveries.query({ projectId: project.id, id: endpoint.id }))[0]
              ?.status,
        )
        .toBe('delivered');
      if (!delivery) throw new Error('no delivery');
      await owner.client.webhooks.redeliver.mutate({
        projectId: project.id,
        id: endpoint.id,
        deliveryId: delivery.id,
      });
      const [first, again] = (await receiver.waitFor(before + 2)).slice(before);
      expect(again?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
      expect(first?.headers['webhook-id']).toBe(eventId);
    });

    it('signs with both secrets during the overlap after a rotation, so either verifies', async () => {
      const { owner, project, secret: old, endpoint } = await subscribed();
      const rotated = await owner.client.webhooks.rotateSecret.mutate({
        projectId: project.id,
        id: endpoint.id,
      });
      expect(rotated.secret).not.toBe(old);
      expect(rotated.previousSecretExpiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
      const before = receiver.received.length;
      await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Rotated' });
      const [sent] = (await receiver.waitFor(before + 1)).slice(before);
      if (!sent) throw new Error('nothing was received');
      expect(String(sent.headers['webhook-signature']).split(' ')).toHaveLength(2);
      const headers = sent.headers as Record<string, string>;
      expect((await verifyWebhook(rotated.secret, headers, sent.body)).type).toBe('task.created');
      expect((await verifyWebhook(old, headers, sent.body)).type).toBe('task.created');
    });

    it('sends nothing to a paused endpoint, nor events it did not subscribe to', async () => {
      const { owner, project, endpoint } = await subscribed(['task.updated']);
      const before = receiver.received.length;
      const task = await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Not heard' });
      await owner.client.webhooks.update.mutate({ projectId: project.id, id: endpoint.id, paused: true });
      await owner.client.tasks.update.mutate({ id: task.id, title: 'Paused' });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(receiver.received.length).toBe(before);
      expect(
        await owner.client.webhooks.deliveries.query({ projectId: project.id, id: endpoint.id }),
      ).toEqual([]);
    });

    it('sends each event once when two workers share the deliveries', async () => {
      const second = startWebhookWorker(server().running.services, createLogger({ level: 'silent' }), {
        policy: webhookPolicy(server().env),
        retry: fastRetries,
        pollMs: 10,
        batch: 2,
      });
      try {
        const { owner, project } = await subscribed();
        const before = receiver.received.length;
        await Promise.all(
          Array.from({ length: 12 }, (_, n) =>
            owner.client.tasks.create.mutate({ projectId: project.id, title: `Shared ${n}` }),
          ),
        );
        const sent = (await receiver.waitFor(before + 12)).slice(before);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(receiver.received.length).toBe(before + 12);
        expect(new Set(sent.map((request) => request.headers['webhook-id'])).size).toBe(12);
      } finally {
        await second.stop();
      }
    });

    it('refuses a member who is not owner or admin with 403, and a stranger with 404', async () => {
      const { owner, project, endpoint } = await subscribed();
      const member = await server().signUp('Member');
      await owner.client.projects.members.add.mutate({
        projectId: project.id,
        email: member.email,
        role: 'member',
      });
      const stranger = await server().signUp('Stranger');
      await expectApiError(member.client.webhooks.list.query({ projectId: project.id }), {
        code: 'FORBIDDEN',
        httpStatus: 403,
      });
      await expectApiError(
        stranger.client.webhooks.delete.mutate({ projectId: project.id, id: endpoint.id }),
        { code: 'NOT_FOUND', httpStatus: 404 },
      );
      expect(await owner.client.webhooks.list.query({ projectId: project.id })).toHaveLength(1);
    });
  },
  { env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } },
);
