import type { Logger } from 'pino';
import { dispatchPendingEvents } from '../events/outbox-dispatch.ts';
import type { Services } from '../services.ts';
import { defaultRetryPolicy, type RetryPolicy } from './backoff.ts';
import { type ClaimedDelivery, claimDueDeliveries } from './delivery-queue.ts';
import { recordAttempt } from './delivery-result.ts';
import { fanOut } from './fan-out.ts';
import { setWebhookPolicy, strictPolicy, type WebhookPolicy } from './policy.ts';
import { secretBoxOf } from './secret-box.ts';
import { type SendOutcome, send } from './send.ts';
import { signatureHeader } from './signing.ts';
import { RefusedTarget, resolveTarget } from './target.ts';

export interface WebhookWorkerOptions {
  /** Which receivers may be called (WEBHOOK_* settings); also what `webhooks.create` accepts. */
  policy?: WebhookPolicy;
  retry?: RetryPolicy;
  /** How long an idle worker waits before looking again. @default 1000 */
  pollMs?: number;
  /** @default 10000 */
  timeoutMs?: number;
  /** Deliveries sent at once per turn. @default 20 */
  batch?: number;
}

/**
 * Delivers the webhook outbox: fans events out to their endpoints' deliveries, claims the due ones,
 * sends them signed outside any transaction, and records each attempt. Several processes may run one.
 */
export function startWebhookWorker(
  services: Services,
  log: Logger,
  options: WebhookWorkerOptions = {},
): { stop(): Promise<void> } {
  const policy = options.policy ?? strictPolicy;
  const retry = options.retry ?? defaultRetryPolicy;
  const pollMs = options.pollMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batch = options.batch ?? 20;
  setWebhookPolicy(services, policy);
  const { db } = services;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let turn: Promise<void> = Promise.resolve();

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    const opened = await secretBoxOf(db);
    const secrets = delivery.sealedSecrets.map((sealed) => opened.open(sealed));
    const timestamp = Math.floor(Date.now() / 1000);
    let outcome: SendOutcome;
    try {
      // Checked again at every attempt: what a name resolves to can change after registration.
      const target = await resolveTarget(delivery.url, policy);
      outcome = await send(target, {
        headers: {
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader({
            secrets,
            id: delivery.eventId,
            timestamp,
            body: delivery.body,
          }),
        },
        body: delivery.body,
        timeoutMs,
      });
    } catch (error) {
      const refused = error instanceof RefusedTarget;
      outcome = {
        ok: false,
        status: null,
        latencyMs: 0,
        error: `${refused ? 'Refused: ' : ''}${(error as Error).message}`,
      };
    }
    const result = await recordAttempt(db, { delivery, outcome, now: services.now(), retry });
    if (result === 'failed')
      log.warn(
        { deliveryId: delivery.id, endpointId: delivery.endpointId },
        'Webhook delivery given up; endpoint marked failing',
      );
  }

  async function work(): Promise<boolean> {
    const fannedOut = await dispatchPendingEvents(db, {
      limit: 100,
      dispatch: (trx, events) => fanOut(trx, events, services.now()),
    });
    const claimed = await claimDueDeliveries(db, {
      now: services.now(),
      limit: batch,
      // Past the send's deadline, so no other process retries a delivery still being sent.
      leaseMs: timeoutMs * 3,
    });
    await Promise.all(claimed.map(deliver));
    return fannedOut > 0 || claimed.length > 0;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      turn = work()
        .then((busy) => schedule(busy ? 0 : pollMs))
        .catch((error: unknown) => {
          log.warn({ err: error }, 'Webhook worker turn failed; retrying');
          schedule(pollMs);
        });
    }, delayMs);
  }
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await turn;
    },
  };
}
