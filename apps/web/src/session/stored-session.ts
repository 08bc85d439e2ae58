import type { Session } from '@charter/contract';
import * as z from 'zod';

/** A log-in as this app keeps it between page loads, shared by every tab of the origin. */
export const StoredSession = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** When the access token stops working, on this browser's clock (see `localExpiry`). */
  accessExpiresAt: z.number(),
  /** When the session ends however often it is refreshed, on the server's clock. */
  sessionExpiresAt: z.number(),
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
});
export type StoredSession = z.infer<typeof StoredSession>;

/** The storage key; one session per origin. */
export const sessionKey = 'charter.session';

/** A session from `auth.logIn`, `auth.signUp` or `auth.refresh`, received at `receivedAt` (this browser's clock). */
export function toStoredSession(session: Session, receivedAt: number): StoredSession {
  return {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    accessExpiresAt: localExpiry(session, receivedAt),
    sessionExpiresAt: session.refreshTokenExpiresAt.getTime(),
    user: { id: session.user.id, email: session.user.email, name: session.user.name },
  };
}

/**
 * When the access token expires on this browser's clock, which may be minutes off the server's:
 * its lifetime (`exp - iat` of the JWT) counted from when it arrived. A token that is not a JWT we
 * can read falls back to `expiresAt` as the server wrote it.
 */
export function localExpiry(session: Pick<Session, 'accessToken' | 'expiresAt'>, receivedAt: number): number {
  const lifetimeSeconds = jwtLifetimeSeconds(session.accessToken);
  return lifetimeSeconds === undefined ? session.expiresAt.getTime() : receivedAt + lifetimeSeconds * 1000;
}

function jwtLifetimeSeconds(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))) as unknown;
    const { iat, exp } = (claims ?? {}) as { iat?: unknown; exp?: unknown };
    return typeof iat === 'number' && typeof exp === 'number' && exp > iat ? exp - iat : undefined;
  } catch {
    return undefined;
  }
}

export function readStoredSession(storage: Pick<Storage, 'getItem'>): StoredSession | null {
  const text = storage.getItem(sessionKey);
  if (!text) return null;
  try {
    const parsed = StoredSession.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
