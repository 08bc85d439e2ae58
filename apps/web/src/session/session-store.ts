import type { Session } from '@charter/contract';
import { isDueForRenewal, refreshDelayMs, retryDelayMs } from './refresh-timing.ts';
import { readStoredSession, type StoredSession, sessionKey, toStoredSession } from './stored-session.ts';

/** Why there is no session: never logged in, logged out, or ended by the server (expired, revoked). */
export type SessionEnd = 'none' | 'logged-out' | 'ended';

export interface SessionStoreOptions {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Trades a refresh token; `null` when the server refused it (the session is over). Throws otherwise. */
  refresh(refreshToken: string): Promise<Session | null>;
  /** Ends the session on the server. */
  logOut(refreshToken: string): Promise<void>;
  /** Runs `task` while no other tab runs one (the Web Locks API), so a refresh token is traded once. */
  exclusive?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Seconds the server asked to wait, when a refresh was refused for a while (429). */
  retryAfterSecondsOf?(error: unknown): number | undefined;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

type Listener = () => void;

/**
 * The browser's log-in: kept in storage so a reload or a new tab stays logged in, renewed before
 * the access token expires, and shared by every tab, which take turns to refresh so a refresh
 * token is never presented twice (a reuse would revoke the session).
 */
export class SessionStore {
  private session: StoredSession | null;
  private ended: SessionEnd = 'none';
  private renewing: Promise<StoredSession | null> | undefined;
  private timer: unknown;
  private failures = 0;
  private readonly listeners = new Set<Listener>();
  private readonly now: () => number;

  constructor(private readonly options: SessionStoreOptions) {
    this.now = options.now ?? Date.now;
    this.session = this.unexpired(readStoredSession(options.storage));
    this.schedule();
  }

  /** The current session, or null; the same object until it changes (for useSyncExternalStore). */
  readonly current = (): StoredSession | null => this.session;

  /** Why the last session ended, for the log-in page to say so. */
  readonly endReason = (): SessionEnd => this.ended;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** After a log-in or sign-up. */
  start(session: Session): void {
    this.save(toStoredSession(session, this.now()));
  }

  /** An access token to send now: renewed first if it is about to expire; undefined when logged out. */
  async accessToken(): Promise<string | undefined> {
    const session = this.session;
    if (!session) return undefined;
    if (!isDueForRenewal(session.accessExpiresAt, this.now())) return session.accessToken;
    return (await this.renew(session))?.accessToken;
  }

  /** After the server refused `rejected` (401): a token to retry with, or undefined if the session is over. */
  async afterRejection(rejected: string): Promise<string | undefined> {
    const session = this.session;
    if (!session) return undefined;
    if (session.accessToken !== rejected) return session.accessToken;
    return (await this.renew(session))?.accessToken;
  }

  /** Logs out here, on the server and in every tab. */
  async logOut(): Promise<void> {
    const token = this.session?.refreshToken;
    this.clear('logged-out');
    if (!token) return;
    // Another tab may have rotated the token a moment ago; the server revokes the session either way.
    await this.options.logOut(token).catch(() => undefined);
  }

  /** Another tab wrote the session (the `storage` event): follow it. */
  syncFromStorage(): void {
    const stored = this.unexpired(readStoredSession(this.options.storage));
    if (stored?.accessToken === this.session?.accessToken) return;
    if (!stored && this.session) this.ended = 'logged-out';
    this.session = stored;
    this.failures = 0;
    this.schedule();
    this.emit();
  }

  /** Stops the renewal timer (tests, hot reload). */
  dispose(): void {
    if (this.timer === undefined) return;
    if (this.options.clearTimer) this.options.clearTimer(this.timer);
    else clearTimeout(this.timer as ReturnType<typeof setTimeout>);
    this.timer = undefined;
  }

  private renew(seen: StoredSession): Promise<StoredSession | null> {
    this.renewing ??= this.exclusive(() => this.renewOnce(seen)).finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewOnce(seen: StoredSession): Promise<StoredSession | null> {
    // Read again under the lock: another tab may have renewed (or logged out) meanwhile.
    const stored = this.unexpired(readStoredSession(this.options.storage));
    if (!stored) {
      this.clear(this.session ? 'ended' : 'none');
      return null;
    }
    if (stored.refreshToken !== seen.refreshToken) {
      this.adopt(stored);
      return stored;
    }
    let renewed: Session | null;
    try {
      renewed = await this.options.refresh(stored.refreshToken);
    } catch (error) {
      this.failures += 1;
      this.schedule(retryDelayMs(this.failures, this.options.retryAfterSecondsOf?.(error)));
      throw error;
    }
    if (!renewed) {
      this.clear('ended');
      return null;
    }
    const next = toStoredSession(renewed, this.now());
    this.save(next);
    return next;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.options.exclusive ? this.options.exclusive(task) : task();
  }

  private unexpired(session: StoredSession | null): StoredSession | null {
    return session && session.sessionExpiresAt > this.now() ? session : null;
  }

  private save(session: StoredSession): void {
    this.options.storage.setItem(sessionKey, JSON.stringify(session));
    this.adopt(session);
  }

  private adopt(session: StoredSession): void {
    this.session = session;
    this.ended = 'none';
    this.failures = 0;
    this.schedule();
    this.emit();
  }

  private clear(reason: SessionEnd): void {
    this.options.storage.removeItem(sessionKey);
    const changed = this.session !== null;
    this.session = null;
    this.ended = reason;
    this.schedule();
    if (changed) this.emit();
  }

  private schedule(delayMs?: number): void {
    this.dispose();
    const session = this.session;
    if (!session) return;
    const wait = delayMs ?? refreshDelayMs(session.accessExpiresAt, this.now());
    this.timer = (this.options.setTimer ?? setTimeout)(() => {
      this.timer = undefined;
      if (this.session) this.renew(this.session).catch(() => undefined);
    }, wait);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
