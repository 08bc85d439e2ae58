import { type ApiEvent, events } from '@charter/contract';

/** An event a webhook delivered, with its `webhook-id`: the same on every attempt, so handle each id once. */
export type WebhookEvent = ApiEvent & { id: string };

/** Request headers as `fetch` (a `Headers`), Node.js (`req.headers`) or a plain object give them. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookOptions {
  /** How far the `webhook-timestamp` may be from this clock, in seconds, before it is a replay. @default 300 */
  toleranceSeconds?: number;
  /** The time now; tests move it. @default () => new Date() */
  now?: () => Date;
}

/** Why a request is not a webhook to trust: answer it with 400 or 401 and act on nothing in it. */
export type WebhookFailure =
  | 'missing-header'
  | 'invalid-secret'
  | 'invalid-timestamp'
  | 'stale-timestamp'
  | 'invalid-signature'
  | 'invalid-event';

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly reason: WebhookFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

// Named from the global `crypto`, which Node's types declare too: `CryptoKey` exists only in the DOM lib.
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const secretPrefix = 'whsec_';
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const encoder = new TextEncoder();

/**
 * Checks that a request is a webhook this API signed for your endpoint (Standard Webhooks:
 * HMAC-SHA256 of `id.timestamp.body` with the `whsec_` secret, within the timestamp tolerance),
 * then returns its event, typed and parsed by the contract's catalogue. Give the body exactly as
 * it arrived, before any JSON parsing. Throws a WebhookVerificationError saying what is wrong.
 * @see https://www.standardwebhooks.com
 */
export async function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string | Uint8Array,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  if (typeof body !== 'string' && !(body instanceof Uint8Array))
    throw new TypeError(
      'verifyWebhook needs the raw body (a string or bytes), as it arrived: not parsed JSON',
    );
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  const key = await signingKey(secret);
  checkTimestamp(timestamp, options);

  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const signed = concat(encoder.encode(`${id}.${timestamp}.`), bytes);
  if (!(await anyMatches(key, signatures, signed))) {
    throw new WebhookVerificationError(
      'invalid-signature',
      'No webhook-signature matches this body with this secret: the body was changed on the way (give it as it arrived), or the secret is not this endpoint’s.',
    );
  }
  return { id, ...parseEvent(bytes) };
}

function header(headers: WebhookHeaders, name: string): string {
  const value =
    headers instanceof Headers
      ? headers.get(name)
      : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const text = typeof value === 'string' ? value : value?.join(' ');
  if (!text)
    throw new WebhookVerificationError(
      'missing-header',
      `The request has no ${name} header: it is not a webhook.`,
    );
  return text;
}

async function signingKey(secret: string): Promise<HmacKey> {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  if (encoded.length === 0 || !base64.test(encoded)) {
    throw new WebhookVerificationError(
      'invalid-secret',
      'The secret is not a webhook signing secret (`whsec_` then base64): copy it as the API showed it.',
    );
  }
  const raw = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

function checkTimestamp(timestamp: string, options: VerifyWebhookOptions): void {
  if (!/^\d{1,15}$/.test(timestamp))
    throw new WebhookVerificationError(
      'invalid-timestamp',
      'The webhook-timestamp is not whole seconds since 1970.',
    );
  const tolerance = options.toleranceSeconds ?? 300;
  const now = (options.now?.() ?? new Date()).getTime() / 1000;
  const skew = Math.round(now - Number(timestamp));
  if (Math.abs(skew) > tolerance) {
    throw new WebhookVerificationError(
      'stale-timestamp',
      `The webhook-timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}, beyond the ${tolerance} s tolerance: a replayed request, or a clock out of sync.`,
    );
  }
}

/** Each `v1,<base64>` signature checked by Web Crypto's verify, which compares in constant time. */
async function anyMatches(
  key: HmacKey,
  signatures: string,
  signed: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  for (const entry of signatures.split(' ')) {
    const [version, signature] = entry.split(',', 2);
    // Other versions (v1a: asymmetric) are not this secret's to check.
    if (version !== 'v1' || !signature || !base64.test(signature)) continue;
    const bytes = Uint8Array.from(atob(signature), (char) => char.charCodeAt(0));
    if (await crypto.subtle.verify('HMAC', key, bytes, signed)) return true;
  }
  return false;
}

function parseEvent(bytes: Uint8Array): ApiEvent {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw notAnEvent('The body is not JSON.', error);
  }
  try {
    return events.parse(body);
  } catch (error) {
    throw notAnEvent(error instanceof Error ? error.message : String(error), error);
  }
}

function notAnEvent(why: string, cause: unknown): WebhookVerificationError {
  return new WebhookVerificationError('invalid-event', `Signed, but not an event of this API: ${why}`, {
    cause,
  });
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(head.length + tail.length);
  joined.set(head);
  joined.set(tail, head.length);
  return joined;
}
