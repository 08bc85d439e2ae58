import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface LoginThrottleOptions {
  /** Failed attempts per account (by email, whether or not it exists) in `windowSeconds`. */
  perAccount: number;
  /** Failed attempts per client address in `windowSeconds`. */
  perAddress: number;
  windowSeconds: number;
}

export const defaultLoginThrottle: LoginThrottleOptions = {
  perAccount: 10,
  perAddress: 100,
  windowSeconds: 15 * 60,
};

/**
 * Slows password guessing: after too many failures for one email, or from one address, further
 * attempts are refused until the window passes, before any password is checked. The key is the
 * email as typed, so an unknown account is throttled exactly like a real one.
 */
export class LoginThrottle {
  private readonly byAccount: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(private readonly options: LoginThrottleOptions = defaultLoginThrottle) {
    this.byAccount = new RateLimiterMemory({
      keyPrefix: 'login-account',
      points: options.perAccount,
      duration: options.windowSeconds,
    });
    this.byAddress = new RateLimiterMemory({
      keyPrefix: 'login-address',
      points: options.perAddress,
      duration: options.windowSeconds,
    });
  }

  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  async retryAfterSeconds(email: string, address: string): Promise<number> {
    const [account, client] = await Promise.all([this.byAccount.get(email), this.byAddress.get(address)]);
    const blocked = [
      [account, this.options.perAccount],
      [client, this.options.perAddress],
    ] as const;
    const waits = blocked
      .filter(([state, limit]) => state !== null && state.consumedPoints >= limit)
      .map(([state]) => Math.ceil((state?.msBeforeNext ?? 0) / 1000));
    return Math.max(0, ...waits);
  }

  async failed(email: string, address: string): Promise<void> {
    await Promise.all([this.byAccount.penalty(email, 1), this.byAddress.penalty(address, 1)]);
  }

  async succeeded(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}
