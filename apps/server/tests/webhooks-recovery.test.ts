import { afterEach, beforeAll, expect, it } from 'vitest';
import { dispatchPendingEvents } from '../src/events/outbox-dispatch.ts';
import { createLogger } from '../src/logger.ts';
import { claimDueDeliveries } from '../src/webhooks/delivery-queue.ts';
import { fanOut } from '../src/webhooks/fan-out.ts';
import { setWebhookPolicy, webhookPolicy } from '../src/webhooks/policy.ts';
import { startWebhookWorker, type WebhookWorkerOptions } from '../src/webhooks/worker.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import { startReceiver } from './webhooks-receiver.ts';

describeOnEachDatabase(
  'webhook delivery recovery',
  (server) => {
    const cleanups: (() => Promise<void>)[] = [];
    // What the worker registers when it starts: webhooks.create reads it to accept 127.0.0.1.
    beforeAll(() => setWebhookPolicy(server().running.services, webhookPolicy(server().env)));
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });

    async function setUp() {
      const receiver = await startReceiver();
      cleanups.push(receiver.close);
      const owner = await server().signUp();
      const project = await owner.client.projects.create.mutate({ name: 'Recovering' });
      const { endpoint } = await owner.client.webhooks.create.mutate({
        projectId: project.id,
        url: receiver.url,
        events: ['task.created'],
      });
      const log = () => owner.client.webhooks.deliveries.query({ projectId: project.id, id: endpoint.id });
      return { receiver, owner, project, endpoint, log };
    }

    function startWorker(options: Omit<WebhookWorkerOptions, 'policy'>) {
      const worker = startWebhookWorker(server().running.services, createLogger({ level: 'silent' }), {
        policy: webhookPolicy(server().env),
        pollMs: 25,
        ...options,
      });
      cleanups.push(worker.stop);
    }

    it('gives up after the retry window, marks the endpoint failing, and clears the mark on the next success', async () => {
      startWorker({ retry: { firstDelayMs: 50, maxDelayMs: 100, windowMs: 400 } });
      const { receiver, owner, project, endpoint, log } = await setUp();
      receiver.answer(...Array.from({ length: 100 }, () => 500));
      await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Never acknowledged' });
      await expect.poll(async () => (await log())[0]?.status, { timeout: 10_000 }).toBe('failed');
      const [given] = await log();
      expect(given).toMatchObject({ lastStatus: 500, nextAttemptAt: null, deliveredAt: null });
      expect(given?.attempts).toBeGreaterThan(1);
      const [failing] = await owner.client.webhooks.list.query({ projectId: project.id });
      expect(failing?.failingSince).toBeInstanceOf(Date);

      receiver.answerOk();
      await owner.client.webhooks.sendTest.mutate({ projectId: project.id, id: endpoint.id });
      await expect
        .poll(
          async () => (await owner.client.webhooks.list.query({ projectId: project.id }))[0]?.failingSince,
          {
            timeout: 10_000,
          },
        )
        .toBeNull();
    });

    it('resends, with the same webhook-id, a delivery whose claiming process died before sending', async () => {
      const { receiver, owner, project, log } = await setUp();
      await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Claimed by the dead' });
      const { db } = server().running.services;
      // A process fans out and claims, then is killed before it sends: its lease is all that is left.
      await dispatchPendingEvents(db, {
        limit: 100,
        dispatch: (trx, events) => fanOut(trx, events, new Date()),
      });
      const [claimed] = await claimDueDeliveries(db, { now: new Date(), limit: 10, leaseMs: 300 });
      if (!claimed) throw new Error('nothing was claimed');
      startWorker({ timeoutMs: 100 });
      const [sent] = await receiver.waitFor(1);
      expect(sent?.headers['webhook-id']).toBe(claimed.eventId);
      await expect.poll(async () => (await log())[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    });
  },
  { env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } },
);
