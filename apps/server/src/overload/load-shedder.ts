import type { OverloadReason } from './server-overloaded.ts';

/** Past these, new calls are refused; 0 turns a signal off. */
export interface LoadLimits {
  maxCallsInFlight: number;
  maxEventLoopDelayMs: number;
  maxPoolWaiters: number;
}

/** Where the signals are read: each is cheap, read once per call. */
export interface LoadSignals {
  eventLoopDelayMs(): number;
  /** Calls waiting for a database connection (0 without a pool). */
  poolWaiters(): number;
}

/**
 * Decides, per new call, whether the server has room for it: fewer calls in flight than the
 * limit, an event loop keeping up, few calls queued for a database connection. Calls already
 * admitted always finish: refusing new work is what keeps their latency.
 */
export class LoadShedder {
  #inFlight = 0;

  constructor(
    private readonly limits: LoadLimits,
    private readonly signals: LoadSignals,
  ) {}

  /** Calls admitted and not yet settled. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Why a new call would be refused now, or undefined when there is room for it. */
  overloaded(): Exclude<OverloadReason, 'deadline'> | undefined {
    const { maxCallsInFlight, maxEventLoopDelayMs, maxPoolWaiters } = this.limits;
    if (maxCallsInFlight > 0 && this.#inFlight >= maxCallsInFlight) return 'calls-in-flight';
    if (maxEventLoopDelayMs > 0 && this.signals.eventLoopDelayMs() > maxEventLoopDelayMs)
      return 'event-loop-delay';
    if (maxPoolWaiters > 0 && this.signals.poolWaiters() >= maxPoolWaiters) return 'pool-waiters';
    return undefined;
  }

  /** Runs an admitted call, counted in flight until it settles. */
  track<T>(run: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    let work: Promise<T>;
    try {
      work = run();
    } catch (error) {
      this.#inFlight--;
      return Promise.reject(error);
    }
    // Counted down as the work settles, without another promise level on every call.
    work.then(this.#settled, this.#settled);
    return work;
  }

  readonly #settled = () => {
    this.#inFlight--;
  };
}
