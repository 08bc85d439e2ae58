import type { IncomingMessage } from 'node:http';
import { builtInError } from '../server/built-in-error.ts';

// Visible ASCII but for `"`, `,` and `\`: a UUID, a ULID, a hash in hex or base64url all fit.
const keyPattern = /^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]{1,255}$/;

/** One key as a caller gave it outside a header (an MCP tool call's `_meta`): refused (400) if malformed. */
export function idempotencyKeyOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !keyPattern.test(value))
    throw builtInError(
      'BAD_REQUEST',
      'The idempotencyKey is malformed: 1 to 255 visible ASCII characters (a UUID).',
    );
  return value;
}

/**
 * The keys of a request's `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header: a
 * structured-field string, `"…"`, or a bare token): one for a call, and for a tRPC batch a list,
 * one per call in the order of the calls. Undefined without the header; a malformed one is a 400.
 */
export function idempotencyKeysOf(req: IncomingMessage, calls: number): (string | undefined)[] | undefined {
  const header = req.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const keys = (Array.isArray(header) ? header.join(',') : header).split(',').map((item) => {
    const trimmed = item.trim();
    const key =
      trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
        ? trimmed.slice(1, -1)
        : trimmed;
    if (!keyPattern.test(key)) {
      throw builtInError(
        'BAD_REQUEST',
        'The Idempotency-Key header is malformed: send one key of 1 to 255 visible ASCII characters (a UUID), quoted or not, and for a tRPC batch one per call, separated by commas.',
      );
    }
    return key;
  });
  if (keys.length !== calls) {
    throw builtInError(
      'BAD_REQUEST',
      `The Idempotency-Key header has ${keys.length} key${keys.length === 1 ? '' : 's'} for ${calls} call${calls === 1 ? '' : 's'}: send one per call, in the order of the calls.`,
    );
  }
  return keys;
}
