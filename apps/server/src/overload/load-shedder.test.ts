import { describe, expect, it } from 'vitest';
import { LoadShedder } from './load-shedder.ts';

const quiet = { eventLoopDelayMs: () => 0, poolWaiters: () => 0 };
const limits = { maxCallsInFlight: 2, maxEventLoopDelayMs: 100, maxPoolWaiters: 5 };

function pending() {
  let settle: (fail?: boolean) => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    settle = (fail) => (fail ? reject(new Error('failed')) : resolve());
  });
  return { promise, settle };
}

describe('LoadShedder', () => {
  it('admits calls up to the in-flight limit, then refuses until one settles', async () => {
    const shedder = new LoadShedder(limits, quiet);
    const [first, second] = [pending(), pending()];
    const running = [shedder.track(() => first.promise), shedder.track(() => second.promise)];
    expect(shedder.inFlight).toBe(2);
    expect(shedder.overloaded()).toBe('calls-in-flight');
    first.settle();
    await running[0];
    expect(shedder.overloaded()).toBeUndefined();
    second.settle(true);
    await expect(running[1]).rejects.toThrow('failed');
    expect(shedder.inFlight).toBe(0);
  });

  it('refuses while the event loop lags past its limit', () => {
    let delay = 100;
    const shedder = new LoadShedder(limits, { ...quiet, eventLoopDelayMs: () => delay });
    expect(shedder.overloaded()).toBeUndefined();
    delay = 101;
    expect(shedder.overloaded()).toBe('event-loop-delay');
  });

  it('refuses while as many calls as the limit wait for a database connection', () => {
    let waiting = 4;
    const shedder = new LoadShedder(limits, { ...quiet, poolWaiters: () => waiting });
    expect(shedder.overloaded()).toBeUndefined();
    waiting = 5;
    expect(shedder.overloaded()).toBe('pool-waiters');
  });

  it('ignores a signal whose limit is 0', () => {
    const shedder = new LoadShedder(
      { maxCallsInFlight: 0, maxEventLoopDelayMs: 0, maxPoolWaiters: 0 },
      { eventLoopDelayMs: () => 10_000, poolWaiters: () => 10_000 },
    );
    void shedder.track(() => new Promise(() => undefined));
    expect(shedder.overloaded()).toBeUndefined();
  });
});
