import { createHmac, randomBytes } from 'node:crypto';

const prefix = 'whsec_';

/** A new signing secret as receivers get it: `whsec_` then 32 random bytes in base64 (Standard Webhooks). */
export function newSigningSecret(): string {
  return `${prefix}${randomBytes(32).toString('base64')}`;
}

/**
 * The `webhook-signature` header: one `v1,<base64 HMAC-SHA256>` of `${id}.${timestamp}.${body}`
 * per secret, space-separated, so receivers holding either secret verify during a rotation.
 */
export function signatureHeader(options: {
  secrets: readonly string[];
  id: string;
  timestamp: number;
  body: string;
}): string {
  const signed = `${options.id}.${options.timestamp}.${options.body}`;
  return options.secrets
    .map((secret) => {
      const key = Buffer.from(secret.slice(prefix.length), 'base64');
      return `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
    })
    .join(' ');
}
