import type { ProcedureMeta } from '@charter/rpc';
import type { CallInfo } from '@charter/rpc/server';
import { builtInError } from '@charter/rpc/server';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { authenticationFailures } from './authentication-failures.ts';

const required = { auth: 'required' } as ProcedureMeta;
const callWith = (
  headers: { authorization?: string; apiKey?: string },
  ctx: object = { ...headers },
  meta: ProcedureMeta = required,
): CallInfo => ({ path: 'projects.list', type: 'query', meta, surface: 'trpc', ctx });

const unauthorized = () => builtInError('UNAUTHORIZED');

async function failuresOf(registry: Registry) {
  return (await registry.getSingleMetric('charter_authentication_failures_total')?.get())?.values ?? [];
}

describe('authenticationFailures', () => {
  it('counts a refused credential by its kind', async () => {
    const registry = new Registry();
    const observe = authenticationFailures(registry);
    observe(callWith({}), unauthorized());
    observe(callWith({ apiKey: 'chk_revoked' }), unauthorized());
    observe(callWith({ authorization: 'Bearer chk_unknown' }), unauthorized());
    observe(callWith({ authorization: 'Bearer expired.session.jwt' }), unauthorized());
    observe(callWith({ authorization: `Basic ${btoa('ann@example.com:wrong')}` }), unauthorized());
    observe(callWith({ authorization: 'Digest nonsense' }), unauthorized());
    const byKind = Object.fromEntries(
      (await failuresOf(registry)).map((v) => [v.labels.credential, v.value]),
    );
    expect(byKind).toEqual({ none: 1, apiKey: 2, bearer: 1, basic: 1, malformed: 1 });
  });

  it('counts a refused batch once, as its credential was checked once', async () => {
    const registry = new Registry();
    const observe = authenticationFailures(registry);
    const request = { apiKey: 'chk_revoked' };
    for (let call = 0; call < 3; call++) observe(callWith(request, request), unauthorized());
    expect(await failuresOf(registry)).toEqual([{ labels: { credential: 'apiKey' }, value: 1 }]);
  });

  it('does not count a public procedure’s 401 (a wrong password at log-in), nor other refusals', async () => {
    const registry = new Registry();
    const observe = authenticationFailures(registry);
    observe(callWith({}, {}, { auth: 'public' } as ProcedureMeta), unauthorized());
    observe(callWith({ apiKey: 'chk_read_only' }), builtInError('FORBIDDEN'));
    observe(callWith({ apiKey: 'chk_busy' }), builtInError('TOO_MANY_REQUESTS'));
    expect(await failuresOf(registry)).toEqual([]);
  });
});
