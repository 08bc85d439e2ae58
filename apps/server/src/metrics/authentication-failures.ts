import { Counter, type Registry } from 'prom-client';
import type { RequestContext } from '../calls/request-context.ts';
import { readCredential } from '../middleware/credentials.ts';
import type { RefusalObserver } from './call-metrics.ts';
import { outcomeOf } from './call-metrics.ts';

/**
 * Counts requests refused 401 by the policy, by the kind of credential presented (none, malformed,
 * bearer, apiKey, basic), read from the request's own headers as the policy reads them. Once per
 * request, as the policy checks a credential once per request (a refused batch is one failure).
 */
export function authenticationFailures(registry: Registry): RefusalObserver {
  const failures = new Counter({
    name: 'charter_authentication_failures_total',
    help: 'Requests refused 401 for their credential, by the kind of credential presented.',
    labelNames: ['credential'] as const,
    registers: [registry],
  });
  const counted = new WeakSet<object>();
  return (call, error) => {
    // A public procedure checks no credential: its 401s (a wrong password at log-in) are its own answer.
    if (call.meta?.auth === 'public' || outcomeOf(error) !== 'UNAUTHORIZED' || counted.has(call.ctx)) return;
    counted.add(call.ctx);
    const { authorization, apiKey } = call.ctx as Partial<RequestContext>;
    failures.inc({ credential: readCredential({ authorization, apiKey }).kind });
  };
}
