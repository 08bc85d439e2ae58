import type { RpcPlugin } from '@charter/rpc/node';
import type { DatabaseHandle } from '../db/database.ts';
import type { Env } from '../env.ts';
import { EventLoopDelay } from './event-loop-delay.ts';
import { LoadShedder } from './load-shedder.ts';
import { overloadPlugin } from './overload-plugin.ts';

export interface OverloadProtection {
  shedder: LoadShedder;
  /** The API handler's plugin that refuses calls past capacity and past their deadline. */
  plugin: RpcPlugin;
  stop(): void;
}

/** The server's load signals and limits (OVERLOAD_*), read from its event loop and database pool. */
export function overloadProtection(env: Env, database: DatabaseHandle): OverloadProtection {
  const eventLoopDelay = new EventLoopDelay();
  const shedder = new LoadShedder(
    {
      maxCallsInFlight: env.OVERLOAD_MAX_CALLS_IN_FLIGHT,
      maxEventLoopDelayMs: env.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
      maxPoolWaiters: env.OVERLOAD_MAX_POOL_WAITERS,
    },
    { eventLoopDelayMs: () => eventLoopDelay.ms, poolWaiters: () => database.pool?.waitingCount ?? 0 },
  );
  return {
    shedder,
    plugin: overloadPlugin({ shedder, deadlineMs: env.OVERLOAD_CALL_DEADLINE_MS }),
    stop: () => eventLoopDelay.stop(),
  };
}
