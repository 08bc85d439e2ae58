import type { ProcedureContext } from '../calls/procedure-context.ts';
import { stillAuthorized } from './auth.ts';

export type WatchEnd = 'expired' | 'revoked';

export interface CredentialWatch {
  /** Aborts when the credential expires or stops being valid. */
  signal: AbortSignal;
  /** Why the signal aborted, if it did. */
  ended(): WatchEnd | undefined;
  stop(): void;
}

/**
 * Keeps checking, while a stream is open, the credential that opened it: it ends at the
 * credential's expiry, and within `recheckMs` of a revocation (key revoked, log-out, OAuth token
 * revoked or its app deleted, scope no longer held).
 */
export function watchCredential(ctx: ProcedureContext, scopes: readonly string[]): CredentialWatch {
  const controller = new AbortController();
  let reason: WatchEnd | undefined;
  const end = (why: WatchEnd) => {
    if (controller.signal.aborted) return;
    reason = why;
    controller.abort();
  };
  const expiresAt = ctx.principal.kind === 'anonymous' ? null : ctx.principal.expiresAt;
  const expiry = expiresAt
    ? setTimeout(() => end('expired'), Math.max(0, expiresAt.getTime() - ctx.services.now().getTime()))
    : undefined;
  const recheck = setInterval(() => {
    stillAuthorized(ctx, scopes).then(
      (valid) => valid || end('revoked'),
      (error: unknown) => ctx.log.warn({ err: error }, 'could not recheck a stream credential'),
    );
  }, ctx.services.credentialRecheckMs);
  return {
    signal: controller.signal,
    ended: () => reason,
    stop: () => {
      clearTimeout(expiry);
      clearInterval(recheck);
    },
  };
}
