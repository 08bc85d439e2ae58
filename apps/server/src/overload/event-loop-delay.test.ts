import { afterEach, describe, expect, it } from 'vitest';
import { EventLoopDelay } from './event-loop-delay.ts';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps the loop busy in 100 ms slices for `ms`, as a saturated server does. */
async function saturate(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const slice = Date.now() + 100;
    while (Date.now() < slice) {
      // busy
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('EventLoopDelay', () => {
  let delay: EventLoopDelay | undefined;
  afterEach(() => delay?.stop());

  it('reads near 0 while the loop keeps up', async () => {
    delay = new EventLoopDelay({ windowMs: 100 });
    await wait(350);
    expect(delay.ms).toBeLessThan(20);
  });

  it('reads the lag of a saturated loop, and forgets it a window after', async () => {
    delay = new EventLoopDelay({ windowMs: 200 });
    await saturate(700);
    expect(delay.ms).toBeGreaterThan(40);
    await wait(500);
    expect(delay.ms).toBeLessThan(20);
  });
});
