import type { Principal } from '../calls/principal.ts';

/**
 * Whose Idempotency-Keys these are: each caller's keys are its own, so one caller's key can never
 * replay another's answer. The same account through two credentials (a log-in and an API key) has
 * two scopes, as it has two budgets.
 */
export function keyScopeOf(principal: Principal, clientIp: string): string {
  switch (principal.kind) {
    case 'anonymous':
      return `ip:${clientIp}`;
    case 'user':
      return `user:${principal.userId}`;
    case 'apiKey':
      return `key:${principal.apiKeyId}`;
    case 'oauth':
      return `app:${principal.clientId}:${principal.userId ?? 'app'}`;
  }
}
