import { initContract } from '@charter/rpc';
import { errors } from './errors.ts';
import { scopes } from './scopes.ts';

/** Builds this API's procedures, bound to its error catalogue and scopes. */
export const c = initContract({ errors, scopes });
