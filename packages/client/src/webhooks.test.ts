import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from './webhooks.ts';

// An independent implementation of the Standard Webhooks signature: Python's standard library.
const pythonSigner = `
import base64, hashlib, hmac, sys
secret, msg_id, timestamp = sys.argv[1:4]
body = sys.stdin.buffer.read()
key = base64.b64decode(secret.removeprefix('whsec_'))
mac = hmac.new(key, msg_id.encode() + b'.' + timestamp.encode() + b'.' + body, hashlib.sha256).digest()
print(base64.b64encode(mac).decode())
`;

function pythonSignature(secret: string, id: string, timestamp: string, body: string): string {
  return `v1,${execFileSync('python3', ['-c', pythonSigner, secret, id, timestamp], { input: body }).toString().trim()}`;
}

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const otherSecret = 'whsec_dGhpcyBpcyBub3QgdGhlIGVuZHBvaW50J3Mga2V5';
const id = '0f4c5a2e-7d1b-4c8e-9a36-2b5e8d0c1f47';
const sentAt = new Date('2030-03-03T09:00:00.000Z');
const timestamp = String(sentAt.getTime() / 1000);
const task = {
  id: '9a0f3d6c-5e1b-4a72-b4d8-1e7c2f9a6b03',
  projectId: 'c1a5e0d2-4b7f-4c39-8e16-2f0d9a3b7c54',
  title: 'Book the venue – Zürich 🎉',
  description: null,
  status: 'in_progress',
  dueDate: '2030-03-08T12:00:00.000Z',
  labels: ['venue'],
  assigneeId: null,
  createdBy: '3f6c2a1e-8b4d-4e2f-9a7c-5d1b0e6f4a21',
  createdAt: '2030-03-02T11:00:00.000Z',
  updatedAt: '2030-03-03T08:59:59.000Z',
};
const body = JSON.stringify({ type: 'task.updated', timestamp: '2030-03-03T08:59:59.000Z', data: task });
const signed = {
  'webhook-id': id,
  'webhook-timestamp': timestamp,
  'webhook-signature': pythonSignature(secret, id, timestamp, body),
};
const at = (date: Date) => ({ now: () => date });

async function failure(verifying: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await verifying.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof WebhookVerificationError))
    throw new Error(`expected a WebhookVerificationError, got ${error}`);
  return error;
}

describe('verifyWebhook', () => {
  it('accepts a body Python signed, and returns its event typed, Dates as Dates', async () => {
    const event = await verifyWebhook(secret, signed, body, at(sentAt));
    expect(event).toEqual({
      id,
      type: 'task.updated',
      timestamp: new Date('2030-03-03T08:59:59.000Z'),
      data: {
        ...task,
        dueDate: new Date(task.dueDate),
        createdAt: new Date(task.createdAt),
        updatedAt: new Date(task.updatedAt),
      },
    });
  });

  it('agrees with the reference example of the Standard Webhooks libraries, a body that is no event of ours', async () => {
    const headers = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };
    const then = at(new Date(1614265330_000));
    // The signature holds, so what fails is the event: not one of the catalogue.
    const error = await failure(verifyWebhook(secret, headers, '{"test": 2432232314}', then));
    expect(error.reason).toBe('invalid-event');
    expect((await failure(verifyWebhook(secret, headers, '{"test": 2432232315}', then))).reason).toBe(
      'invalid-signature',
    );
  });

  it('takes fetch Headers, header names in any case, and the body as bytes', async () => {
    const bytes = new TextEncoder().encode(body);
    expect((await verifyWebhook(secret, new Headers(signed), bytes, at(sentAt))).id).toBe(id);
    const shouted = Object.fromEntries(
      Object.entries(signed).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect((await verifyWebhook(secret, shouted, body, at(sentAt))).type).toBe('task.updated');
  });

  it('accepts a request while its secret is rotated: any one signature of several may match', async () => {
    const rotating = `${pythonSignature(otherSecret, id, timestamp, body)} ${signed['webhook-signature']}`;
    const headers = { ...signed, 'webhook-signature': rotating };
    expect((await verifyWebhook(secret, headers, body, at(sentAt))).id).toBe(id);
    expect((await verifyWebhook(otherSecret, headers, body, at(sentAt))).id).toBe(id);
  });

  it('accepts a secret given without its whsec_ prefix', async () => {
    expect((await verifyWebhook(secret.slice('whsec_'.length), signed, body, at(sentAt))).id).toBe(id);
  });

  it('refuses a body changed by one character', async () => {
    const changed = body.replace('in_progress', 'done');
    const error = await failure(verifyWebhook(secret, signed, changed, at(sentAt)));
    expect(error.reason).toBe('invalid-signature');
    expect(error.message).toMatch(/^No webhook-signature matches this body with this secret/);
  });

  it('refuses a body signed with another secret, or with the id or timestamp changed', async () => {
    expect((await failure(verifyWebhook(otherSecret, signed, body, at(sentAt)))).reason).toBe(
      'invalid-signature',
    );
    const otherId = { ...signed, 'webhook-id': `${id}0` };
    expect((await failure(verifyWebhook(secret, otherId, body, at(sentAt)))).reason).toBe(
      'invalid-signature',
    );
    const later = { ...signed, 'webhook-timestamp': String(Number(timestamp) + 1) };
    expect((await failure(verifyWebhook(secret, later, body, at(sentAt)))).reason).toBe('invalid-signature');
  });

  it('ignores signatures of other versions and ones that are not base64', async () => {
    const [, signature] = signed['webhook-signature'].split(',');
    for (const value of [`v1a,${signature}`, `v2,${signature}`, 'v1,%%%', 'v1', '']) {
      const error = await failure(
        verifyWebhook(secret, { ...signed, 'webhook-signature': value }, body, at(sentAt)),
      );
      expect(error.reason).toBe(value === '' ? 'missing-header' : 'invalid-signature');
    }
  });

  it('refuses a timestamp more than five minutes away, either way, and another tolerance when asked', async () => {
    const after = (seconds: number) => at(new Date(sentAt.getTime() + seconds * 1000));
    expect((await verifyWebhook(secret, signed, body, after(300))).id).toBe(id);
    expect((await verifyWebhook(secret, signed, body, after(-300))).id).toBe(id);
    const old = await failure(verifyWebhook(secret, signed, body, after(301)));
    expect([old.reason, old.message]).toEqual([
      'stale-timestamp',
      'The webhook-timestamp is 301 s old, beyond the 300 s tolerance: a replayed request, or a clock out of sync.',
    ]);
    expect((await failure(verifyWebhook(secret, signed, body, after(-301)))).message).toMatch(
      /301 s in the future/,
    );
    const strict = { ...after(61), toleranceSeconds: 60 };
    expect((await failure(verifyWebhook(secret, signed, body, strict))).reason).toBe('stale-timestamp');
  });

  it('refuses a timestamp that is not whole seconds', async () => {
    for (const value of ['1.5e9', `${timestamp}.0`, '-1', 'now']) {
      const headers = { ...signed, 'webhook-timestamp': value };
      expect((await failure(verifyWebhook(secret, headers, body, at(sentAt)))).reason).toBe(
        'invalid-timestamp',
      );
    }
  });

  it('refuses a request without each of the three headers, naming the one missing', async () => {
    for (const name of Object.keys(signed)) {
      const { [name]: _missing, ...rest } = signed as Record<string, string>;
      const error = await failure(verifyWebhook(secret, rest, body, at(sentAt)));
      expect([error.reason, error.message]).toEqual([
        'missing-header',
        `The request has no ${name} header: it is not a webhook.`,
      ]);
    }
  });

  it('refuses a secret that is not whsec_ and base64', async () => {
    for (const bad of ['whsec_', 'whsec_not base64!', 'hunter2']) {
      const error = await failure(verifyWebhook(bad, signed, body, at(sentAt)));
      expect(error.reason).toBe('invalid-secret');
    }
  });

  it('refuses a signed body that is not an event of the catalogue, saying why', async () => {
    const sign = (text: string) => ({
      ...signed,
      'webhook-signature': pythonSignature(secret, id, timestamp, text),
    });
    const unknown = JSON.stringify({ type: 'task.archived', timestamp: '2030-03-03T09:00:00Z', data: {} });
    const notJson = 'task.updated';
    const invalid = JSON.stringify({
      type: 'task.deleted',
      timestamp: '2030-03-03T09:00:00Z',
      data: { id: 'x' },
    });
    const errors = await Promise.all(
      [unknown, notJson, invalid].map((text) => failure(verifyWebhook(secret, sign(text), text, at(sentAt)))),
    );
    expect(errors.map((error) => error.reason)).toEqual(['invalid-event', 'invalid-event', 'invalid-event']);
    expect(errors.map((error) => error.message)).toEqual([
      'Signed, but not an event of this API: Unknown event type "task.archived".',
      'Signed, but not an event of this API: The body is not JSON.',
      expect.stringMatching(
        /^Signed, but not an event of this API: The task\.deleted event's data is not valid: data\.id: .*data\.projectId: /,
      ),
    ]);
  });

  it('refuses a body already parsed, which can no longer be checked', async () => {
    await expect(verifyWebhook(secret, signed, JSON.parse(body), at(sentAt))).rejects.toThrow(
      'verifyWebhook needs the raw body (a string or bytes), as it arrived: not parsed JSON',
    );
  });
});
