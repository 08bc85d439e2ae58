import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { createLimiter } from '../rate-limit/limiter.ts';

export interface LoginThrottleOptions {
  /** Failed attempts for one email from one address: the guesser's own budget. */
  perAccountFromAddress: number;
  /** Failed attempts for one email from anywhere: caps guessing spread over many addresses. */
  perAccount: number;
  /** Failed attempts from one address, whatever the email: caps spraying one password at many. */
  perAddress: number;
  windowSeconds: number;
}

export const defaultLoginThrottle: LoginThrottleOptions = {
  perAccountFromAddress: 10,
  perAccount: 100,
  perAddress: 100,
  windowSeconds: 15 * 60,
};

export type LoginGate = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Slows password guessing. Each attempt takes its point before any password is checked, so
 * concurrent guesses cannot slip past the count, and a success gives the points back. The
 * tightest budget is per email *and* address, so a stranger's failures never lock the owner out;
 * emails are counted as typed, so an unknown account is throttled exactly like a real one.
 */
export class LoginThrottle {
  private readonly limiters: {
    key: (email: string, address: string) => string;
    limiter: RateLimiterAbstract;
  }[];

  /** With `redis`, every server process counts the same failures. */
  constructor(options: LoginThrottleOptions = defaultLoginThrottle, redis?: Redis) {
    const limiter = (name: string, points: number) =>
      createLimiter({ keyPrefix: `charter:${name}`, points, windowSeconds: options.windowSeconds }, redis);
    this.limiters = [
      {
        key: (email, address) => `${email}\n${address}`,
        limiter: limiter('login-account-address', options.perAccountFromAddress),
      },
      { key: (email) => email, limiter: limiter('login-account', options.perAccount) },
      { key: (_email, address) => address, limiter: limiter('login-address', options.perAddress) },
    ];
  }

  async attempt(email: string, address: string): Promise<LoginGate> {
    const outcomes = await Promise.allSettled(
      this.limiters.map(({ key, limiter }) => limiter.consume(key(email, address))),
    );
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' && outcome.reason instanceof RateLimiterRes
        ? [outcome.reason.msBeforeNext]
        : [],
    );
    const failure = outcomes.find(
      (outcome) => outcome.status === 'rejected' && !(outcome.reason instanceof RateLimiterRes),
    );
    if (failure?.status === 'rejected') throw failure.reason;
    return refused.length === 0
      ? { ok: true }
      : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...refused) / 1000)) };
  }

  /** Gives back the attempt's points: only failures count. */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all(this.limiters.map(({ key, limiter }) => limiter.reward(key(email, address), 1)));
  }
}
