import type { Session } from '@charter/contract';
import { describe, expect, it, vi } from 'vitest';
import { isDueForRenewal, refreshDelayMs, retryDelayMs } from './refresh-timing.ts';
import { SessionStore, type SessionStoreOptions } from './session-store.ts';
import { localExpiry, sessionKey } from './stored-session.ts';

const user = {
  id: 'u1',
  email: 'ada@example.com',
  name: 'Ada',
  plan: 'default' as const,
  createdAt: new Date(0),
};

/** An unsigned JWT-shaped token whose claims say it lives `lifetimeSeconds`, issued at `iat` (server clock). */
function token(name: string, iat: number, lifetimeSeconds = 900): string {
  const claims = btoa(JSON.stringify({ iat, exp: iat + lifetimeSeconds })).replace(/=+$/, '');
  return `eyJhbGciOiJFUzI1NiJ9.${claims}.${name}`;
}

function session(name: string, serverNow: number, lifetimeSeconds = 900): Session {
  return {
    accessToken: token(name, Math.floor(serverNow / 1000), lifetimeSeconds),
    tokenType: 'Bearer',
    expiresAt: new Date(serverNow + lifetimeSeconds * 1000),
    refreshToken: `refresh-${name}`,
    refreshTokenExpiresAt: new Date(serverNow + 30 * 86_400_000),
    user,
  };
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

/** A lock shared by the "tabs" of one test, like navigator.locks.request with one name. */
function sharedLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

function world(start = Date.UTC(2030, 2, 4, 9)) {
  let now = start;
  const storage = memoryStorage();
  const exclusive = sharedLock();
  const traded: string[] = [];
  let issued = 0;
  const server = {
    refresh: vi.fn(async (refreshToken: string): Promise<Session | null> => {
      if (traded.includes(refreshToken)) return null; // a reuse: the server ends the session
      traded.push(refreshToken);
      await Promise.resolve();
      issued += 1;
      return session(`renewed${issued}`, now);
    }),
    logOut: vi.fn(async () => undefined),
  };
  const tab = (extra: Partial<SessionStoreOptions> = {}) =>
    new SessionStore({
      storage,
      exclusive,
      now: () => now,
      setTimer: () => undefined,
      clearTimer: () => undefined,
      ...server,
      ...extra,
    });
  return {
    storage,
    server,
    tab,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

describe('refresh timing', () => {
  it('renews a minute before a 15-minute token expires', () => {
    expect(refreshDelayMs(900_000, 0)).toBe(840_000);
  });

  it('renews halfway through the remaining life of a short-lived token', () => {
    expect(refreshDelayMs(60_000, 0)).toBe(30_000);
    expect(refreshDelayMs(10_000, 0)).toBe(5_000);
  });

  it('renews at once when the token has expired already', () => {
    expect(refreshDelayMs(1_000, 5_000)).toBe(0);
  });

  it('does not send a token in its last seconds', () => {
    expect(isDueForRenewal(10_000, 4_000)).toBe(false);
    expect(isDueForRenewal(10_000, 5_000)).toBe(true);
  });

  it('backs off after failed renewals, or waits as long as the server asked', () => {
    expect([1, 2, 3, 10].map((failures) => retryDelayMs(failures))).toEqual([2_000, 4_000, 8_000, 60_000]);
    expect(retryDelayMs(1, 42)).toBe(42_000);
  });
});

describe('localExpiry', () => {
  it("counts the token's lifetime from its arrival, so a browser clock that is off does not matter", () => {
    const serverNow = Date.UTC(2030, 2, 4, 9);
    const browserNow = serverNow - 10 * 60_000; // the browser runs ten minutes slow
    expect(localExpiry(session('a', serverNow), browserNow)).toBe(browserNow + 900_000);
  });

  it('falls back to the expiry the server wrote when the token is not a readable JWT', () => {
    const s = { ...session('a', 0), accessToken: 'opaque' };
    expect(localExpiry(s, 123)).toBe(s.expiresAt.getTime());
  });
});

describe('SessionStore', () => {
  it('keeps a log-in across a reload, in storage', () => {
    const w = world();
    w.tab().start(session('first', w.now()));
    const reloaded = w.tab();
    expect(reloaded.current()?.user.email).toBe('ada@example.com');
  });

  it('sends the current token while it is fresh, without refreshing', async () => {
    const w = world();
    const tab = w.tab();
    tab.start(session('first', w.now()));
    expect(await tab.accessToken()).toBe(tab.current()?.accessToken);
    expect(w.server.refresh).not.toHaveBeenCalled();
  });

  it('refreshes a token about to expire before sending it', async () => {
    const w = world();
    const tab = w.tab();
    tab.start(session('first', w.now()));
    w.advance(899_000);
    expect(await tab.accessToken()).toContain('renewed1');
    expect(w.server.refresh).toHaveBeenCalledWith('refresh-first');
  });

  it('trades a refresh token once when many calls need a new token at the same time', async () => {
    const w = world();
    const tab = w.tab();
    tab.start(session('first', w.now()));
    w.advance(900_000);
    const tokens = await Promise.all([tab.accessToken(), tab.accessToken(), tab.accessToken()]);
    expect(new Set(tokens).size).toBe(1);
    expect(w.server.refresh).toHaveBeenCalledTimes(1);
  });

  it('trades a refresh token once when two tabs renew at the same time: the second adopts the first one’s', async () => {
    const w = world();
    w.tab().start(session('first', w.now()));
    const [a, b] = [w.tab(), w.tab()];
    w.advance(900_000);
    const [tokenA, tokenB] = await Promise.all([a.accessToken(), b.accessToken()]);
    expect(tokenA).toBe(tokenB);
    expect(w.server.refresh).toHaveBeenCalledTimes(1);
    expect(b.current()).not.toBeNull();
  });

  it('retries a refused call with a token another tab renewed meanwhile, without refreshing', async () => {
    const w = world();
    const tab = w.tab();
    tab.start(session('first', w.now()));
    const rejected = tab.current()?.accessToken ?? '';
    w.tab().start(session('other', w.now()));
    tab.syncFromStorage();
    expect(await tab.afterRejection(rejected)).toContain('other');
    expect(w.server.refresh).not.toHaveBeenCalled();
  });

  it('ends the session when the server refuses the refresh token', async () => {
    const w = world();
    const tab = w.tab();
    tab.start(session('first', w.now()));
    w.server.refresh.mockResolvedValueOnce(null);
    expect(await tab.afterRejection(tab.current()?.accessToken ?? '')).toBeUndefined();
    expect(tab.current()).toBeNull();
    expect(tab.endReason()).toBe('ended');
    expect(w.storage.getItem(sessionKey)).toBeNull();
  });

  it('keeps the session when a refresh fails for another reason (offline), and tries again later', async () => {
    const w = world();
    const timers: number[] = [];
    const tab = w.tab({ setTimer: (_run, ms) => timers.push(ms) });
    tab.start(session('first', w.now()));
    w.server.refresh.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    w.advance(900_000);
    await expect(tab.accessToken()).rejects.toThrow('Failed to fetch');
    expect(tab.current()).not.toBeNull();
    expect(timers.at(-1)).toBe(2_000);
  });

  it('schedules the renewal a minute before expiry, and again after each renewal', async () => {
    const w = world();
    const timers: { run: () => void; ms: number }[] = [];
    const tab = w.tab({ setTimer: (run, ms) => timers.push({ run, ms }) });
    tab.start(session('first', w.now()));
    expect(timers.at(-1)?.ms).toBe(840_000);
    w.advance(840_000);
    timers.at(-1)?.run();
    await vi.waitFor(() => expect(tab.current()?.accessToken).toContain('renewed1'));
    expect(timers.at(-1)?.ms).toBe(840_000);
  });

  it('logs out on the server and in every tab', async () => {
    const w = world();
    const a = w.tab();
    a.start(session('first', w.now()));
    const b = w.tab();
    const seen = vi.fn();
    b.subscribe(seen);
    await a.logOut();
    expect(w.server.logOut).toHaveBeenCalledWith('refresh-first');
    b.syncFromStorage();
    expect(b.current()).toBeNull();
    expect(b.endReason()).toBe('logged-out');
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('forgets a stored session past its end, and ignores a corrupt one', () => {
    const w = world();
    w.tab().start(session('first', w.now()));
    w.advance(31 * 86_400_000);
    expect(w.tab().current()).toBeNull();
    w.storage.setItem(sessionKey, '{"not":"a session"');
    expect(w.tab().current()).toBeNull();
  });
});
