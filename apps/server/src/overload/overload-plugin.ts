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
  return {
    name: 'overload',
    onCall(call, next) {
      const reason = shedder.overloaded();
      if (reason) return Promise.reject(new ServerOverloaded(reason));
      if (call.type === 'subscription') return next();
      return withDeadline(shedder.track(next), deadlineMs);
    },
  };
}

/** The call's outcome, or ServerOverloaded('deadline') once `ms` pass; the work itself runs on. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ServerOverloaded('deadline')), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
