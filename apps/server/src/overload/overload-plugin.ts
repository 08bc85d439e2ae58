import type { RpcPlugin } from '@charter/rpc/node';
import type { LoadShedder } from './load-shedder.ts';
import { ServerOverloaded } from './server-overloaded.ts';

export interface OverloadOptions {
  shedder: LoadShedder;
  /** How long a call may take before it is answered 503. */
  deadlineMs: number;
}

/**
 * Refuses a new call at once with 503 and Retry-After when the server is past capacity, and
 * answers 503 to an admitted one past its deadline, on every surface (a refusal before the policy
 * runs: no credential is checked, no budget charged). A live stream is refused when it would open
 * but has no deadline, nor counts in flight: its own caps hold it (STREAMS_PER_*).
 */
export function overloadPlugin({ shedder, deadlineMs }: OverloadOptions): RpcPlugin {
  const deadlines = new Deadlines(deadlineMs);
  return {
    name: 'overload',
    onCall(call, next) {
      const reason = shedder.overloaded();
      if (reason) return Promise.reject(new ServerOverloaded(reason));
      if (call.type === 'subscription') return next();
      return deadlines.run(shedder.track(next));
    },
  };
}

/**
 * Calls past their deadline, found by one coarse timer for them all rather than a timer per call
 * (a timer set and cleared on every call cost the fast path more than the rest of this plugin). A
 * late call is answered within a quarter of the deadline (at most 250 ms) after it.
 */
class Deadlines {
  readonly #pending = new Set<{ due: number; expire: () => void }>();
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly ms: number) {}

  run<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry = {
        due: performance.now() + this.ms,
        expire: () => reject(new ServerOverloaded('deadline')),
      };
      this.#pending.add(entry);
      this.#sweeper ??= setInterval(() => this.#sweep(), Math.min(Math.max(this.ms / 4, 10), 250)).unref();
      work.then(
        (value) => {
          this.#pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.#pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  #sweep(): void {
    const now = performance.now();
    for (const entry of this.#pending) {
      if (entry.due > now) continue;
      this.#pending.delete(entry);
      entry.expire();
    }
    if (this.#pending.size === 0) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }
}
