/** How long before expiry a token is renewed, at most. */
export const renewLeadMs = 60_000;

/**
 * How long to wait before trading the refresh token: until a minute before the access token
 * expires, or until half its remaining life when that is shorter (short-lived tokens, a late
 * timer), so a renewal always happens while the token still works.
 */
export function refreshDelayMs(accessExpiresAt: number, now: number): number {
  const remaining = accessExpiresAt - now;
  if (remaining <= 0) return 0;
  return Math.max(0, remaining - Math.min(renewLeadMs, remaining / 2));
}

/** Whether a token is too close to expiry to send: it might expire on the way. */
export function isDueForRenewal(accessExpiresAt: number, now: number): boolean {
  return accessExpiresAt - now <= 5_000;
}

/** After a renewal failed for a reason other than an ended session (offline, server down, 429). */
export function retryDelayMs(failures: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, failures - 1));
}
