import { initContract } from '@charter/rpc';
import { errors } from './errors.ts';
import { scopes } from './scopes.ts';

/**
 * Builds this API's procedures, bound to its error catalogue and scopes. Every mutation takes an
 * `Idempotency-Key` unless it says otherwise: those whose answer carries a secret (a token, an API
 * key, a client secret) do not, since replaying it would mean storing it.
 */
export const c = initContract({ errors, scopes, idempotency: 'accepted' });
