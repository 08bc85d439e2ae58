import { builtInErrors } from '@charter/rpc';
import { ContractError } from '@charter/rpc/server';

/** How long a refused caller is told to wait: long enough for a burst to drain, short enough to come back. */
export const overloadRetryAfterSeconds = 2;

/** Why a call was refused: a load signal past its limit, or the call's own deadline. */
export type OverloadReason = 'calls-in-flight' | 'event-loop-delay' | 'pool-waiters' | 'deadline';

/**
 * The server is past capacity (or the call past its deadline): every surface answers 503
 * SERVICE_UNAVAILABLE with `Retry-After`, in its own shape, and the reason goes to the log only.
 */
export class ServerOverloaded extends ContractError<'SERVICE_UNAVAILABLE'> {
  /** What Express and http-errors read as the response status. */
  readonly status = 503;
  readonly statusCode = 503;

  constructor(readonly reason: OverloadReason) {
    super('SERVICE_UNAVAILABLE', builtInErrors.SERVICE_UNAVAILABLE, {
      cause: new Error(`shedding load: ${reason}`),
      retryAfterSeconds: overloadRetryAfterSeconds,
      headers: { 'Retry-After': String(overloadRetryAfterSeconds) },
    });
    this.name = 'ServerOverloaded';
  }
}
