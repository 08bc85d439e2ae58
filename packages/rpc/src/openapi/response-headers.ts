import { rateLimitHeaderNames } from '../rate-limit-headers.ts';
import type { HeaderObject, Reference } from './openapi-types.ts';

export const retryAfter = 'Retry-After';
export const wwwAuthenticate = 'WWW-Authenticate';
export const idempotentReplayed = 'Idempotent-Replayed';

const draft = 'draft-ietf-httpapi-ratelimit-headers';

/** The headers responses share, as `components.headers`: rate limits, retries, challenges, and the server's own. */
export function headerComponents(
  responseHeaders: Readonly<Record<string, HeaderObject>> = {},
  /** Whether some operation takes an `Idempotency-Key`, and so may answer a replay. */
  idempotent = false,
): Record<string, HeaderObject> {
  return {
    [rateLimitHeaderNames.state]: {
      description: `What is left of each rate-limit budget the request drew from (r, points) and the seconds until it resets (t), as a structured field list (${draft}).`,
      schema: { type: 'string' },
      example: '"default";r=598;t=41',
    },
    [rateLimitHeaderNames.policy]: {
      description: `Each budget the request drew from: its quota (q, points) per window (w, seconds) (${draft}).`,
      schema: { type: 'string' },
      example: '"default";q=600;w=60',
    },
    [retryAfter]: {
      description: 'Seconds to wait before a retry can succeed; also in the problem as `retryAfterSeconds`.',
      required: true,
      schema: { type: 'integer', minimum: 0 },
    },
    [wwwAuthenticate]: {
      description:
        'The authentication challenge (RFC 9110 §11.6.1; RFC 6750 for bearer tokens, RFC 7617 for Basic). A missing scope is answered with `error="insufficient_scope"` and the scopes needed.',
      schema: { type: 'string' },
      example: 'Bearer realm="api", error="insufficient_scope", scope="notes:write"',
    },
    ...(idempotent
      ? {
          [idempotentReplayed]: {
            description:
              '`true` when the answer is the stored outcome of an earlier call with the same `Idempotency-Key`: the call did not run again.',
            schema: { type: 'string', enum: ['true'] },
          },
        }
      : {}),
    ...responseHeaders,
  };
}

/** References to header components, by header name. */
export function headerRefs(names: readonly string[]): Record<string, Reference> {
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
}

/** The headers on every response: the rate-limit fields and the server's own. */
export function everyResponseHeaders(responseHeaders: Readonly<Record<string, HeaderObject>> = {}) {
  return headerRefs([
    rateLimitHeaderNames.state,
    rateLimitHeaderNames.policy,
    ...Object.keys(responseHeaders),
  ]);
}
