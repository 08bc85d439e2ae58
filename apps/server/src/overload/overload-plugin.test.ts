import type { CallInfo } from '@charter/rpc/server';
import { describe, expect, it } from 'vitest';
import { LoadShedder } from './load-shedder.ts';
import { overloadPlugin } from './overload-plugin.ts';
import { ServerOverloaded } from './server-overloaded.ts';

const call = (type: CallInfo['type']): CallInfo => ({
  path: 'x.y',
  type,
  meta: undefined,
  surface: 'rest',
  ctx: {},
});
const shedderOf = (maxCallsInFlight: number) =>
  new LoadShedder(
    { maxCallsInFlight, maxEventLoopDelayMs: 0, maxPoolWaiters: 0 },
    { eventLoopDelayMs: () => 0, poolWaiters: () => 0 },
  );

describe('overloadPlugin', () => {
  it('refuses a call past capacity with ServerOverloaded, before running it', async () => {
    const shedder = shedderOf(1);
    const { onCall } = overloadPlugin({ shedder, deadlineMs: 1_000 });
    void onCall?.(call('query'), () => new Promise(() => undefined));
    let ran = false;
    const refused = onCall?.(call('mutation'), async () => {
      ran = true;
    });
    await expect(refused).rejects.toMatchObject({ reason: 'calls-in-flight', code: 'SERVICE_UNAVAILABLE' });
    expect(ran).toBe(false);
  });

  it('answers a call past its deadline, and counts it in flight until its work ends', async () => {
    const shedder = shedderOf(10);
    const { onCall } = overloadPlugin({ shedder, deadlineMs: 50 });
    let finish: () => void = () => undefined;
    const work = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const answer = onCall?.(call('query'), () => work);
    await expect(answer).rejects.toBeInstanceOf(ServerOverloaded);
    await expect(answer).rejects.toMatchObject({ reason: 'deadline', headers: { 'Retry-After': '2' } });
    expect(shedder.inFlight).toBe(1);
    finish();
    await work;
    await Promise.resolve();
    expect(shedder.inFlight).toBe(0);
  });

  it('gives a live stream no deadline and no place in flight', async () => {
    const shedder = shedderOf(1);
    const { onCall } = overloadPlugin({ shedder, deadlineMs: 10 });
    const opened = onCall?.(
      call('subscription'),
      () => new Promise((resolve) => setTimeout(() => resolve('open'), 50)),
    );
    expect(shedder.inFlight).toBe(0);
    await expect(opened).resolves.toBe('open');
  });
});
