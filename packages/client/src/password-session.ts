import type { AppRouter, Session } from '@charter/contract';
import { isTRPCClientError, type TRPCClient } from '@trpc/client';

export interface PasswordSessionOptions {
  /** Renew when fewer than this many milliseconds of the access token remain. @default 30000 */
  renewBeforeMs?: number;
  /** Told of every new session (after log-in or refresh), e.g. to log out later. */
  onSession?: (session: Session) => void;
  now?: () => number;
}

/**
 * A log-in kept fresh for a client: logs in on first use, refreshes shortly before the access
 * token expires, and logs in again when the session was ended elsewhere. Concurrent callers share
 * one renewal.
 */
export class PasswordSession {
  private current: Session | undefined;
  private renewing: Promise<Session> | undefined;

  constructor(
    private readonly credentials: { email: string; password: string },
    private readonly api: TRPCClient<AppRouter>,
    private readonly options: PasswordSessionOptions = {},
  ) {}

  /** A current access token, renewing first if it is about to expire. */
  async accessToken(): Promise<string> {
    const now = this.options.now?.() ?? Date.now();
    const session = this.current;
    if (session && session.expiresAt.getTime() - now > (this.options.renewBeforeMs ?? 30_000))
      return session.accessToken;
    return (await this.renew()).accessToken;
  }

  /** After the server refused `rejected`: a new token, unless another call already renewed. */
  async afterRejection(rejected: string | undefined): Promise<string> {
    if (this.current && this.current.accessToken !== rejected) return this.current.accessToken;
    return (await this.renew()).accessToken;
  }

  private renew(): Promise<Session> {
    this.renewing ??= this.obtain().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async obtain(): Promise<Session> {
    const previous = this.current;
    this.current = undefined;
    let session: Session | undefined;
    if (previous) {
      try {
        session = await this.api.auth.refresh.mutate({ refreshToken: previous.refreshToken });
      } catch (error) {
        // An ended session (logged out, reused token, expired) means logging in again; anything else is real.
        if (!isTRPCClientError(error) || error.data?.httpStatus !== 401) throw error;
      }
    }
    session ??= await this.api.auth.logIn.mutate(this.credentials);
    this.current = session;
    this.options.onSession?.(session);
    return session;
  }
}
