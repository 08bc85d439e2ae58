import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

const resolutionMs = 10;

/**
 * How late the event loop runs, as the mean delay over the last window (Node's own sampler, read
 * and reset once a window): a loop that keeps up reads near 0, a saturated one its typical lag.
 */
export class EventLoopDelay {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: resolutionMs });
  readonly #timer: NodeJS.Timeout;
  #lastMs = 0;

  constructor({ windowMs = 500 }: { windowMs?: number } = {}) {
    this.#histogram.enable();
    this.#timer = setInterval(() => this.#sample(), windowMs);
    this.#timer.unref();
  }

  /** The mean delay of the last window, in milliseconds. */
  get ms(): number {
    return this.#lastMs;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#histogram.disable();
  }

  #sample(): void {
    const { mean } = this.#histogram;
    // Each sample is the sampler's own interval plus the lag: the interval is not delay.
    this.#lastMs = Number.isFinite(mean) ? Math.max(0, mean / 1e6 - resolutionMs) : 0;
    this.#histogram.reset();
  }
}
