import { describe, expect, it } from 'vitest';
import { markListening, startStream } from './stream-opening.ts';

/** An event source as a server has one: it calls markListening() each time a reader waits on it. */
function eventSource() {
  let close = () => {};
  const closed = new Promise<void>((resolve) => {
    close = resolve;
  });
  return {
    async *subscribe(): AsyncGenerator<never> {
      markListening();
      await closed;
      yield* [];
    },
    close,
  };
}

describe('startStream', () => {
  it('tells when the stream waits on its event source, after the checks before it', async () => {
    const events = eventSource();
    const steps: string[] = [];
    async function* stream() {
      const changes = events.subscribe();
      await new Promise((resolve) => setTimeout(resolve, 5)); // a membership check
      steps.push('checked');
      yield* changes;
    }
    const iterator = stream();
    const first = startStream(
      () => iterator.next(),
      () => steps.push('listening'),
    );
    await expect.poll(() => steps).toEqual(['checked', 'listening']);
    events.close();
    expect(await first).toEqual({ value: undefined, done: true });
  });

  it('does not tell when a check refuses the stream; the first next() rejects instead', async () => {
    const events = eventSource();
    const steps: string[] = [];
    async function* stream(member: boolean) {
      const changes = events.subscribe();
      try {
        await Promise.resolve(); // a membership check
        if (!member) throw new Error('Not found.');
        yield* changes;
      } finally {
        await changes.return(undefined);
      }
    }
    const iterator = stream(false);
    const first = startStream(
      () => iterator.next(),
      () => steps.push('listening'),
    );
    await expect(first).rejects.toThrow('Not found.');
    expect(steps).toEqual([]);
  });
});
