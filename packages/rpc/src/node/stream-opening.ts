import { AsyncLocalStorage } from 'node:async_hooks';

let opening: AsyncLocalStorage<() => void> | undefined;
let inFlight = 0;

/**
 * Starts a stream (its first `next()`), calling `onListening` once it waits on an event source:
 * by then its handler's own checks (say, project membership) have passed, so the response may
 * start. The handler's code runs in the async context of the `next()` that started it. The
 * context is tracked only while some stream is opening: an enabled AsyncLocalStorage doubles
 * what every promise in the process costs (Node 20), and the hot paths make many.
 */
export function startStream<T>(start: () => Promise<T>, onListening: () => void): Promise<T> {
  opening ??= new AsyncLocalStorage();
  inFlight += 1;
  let settled = false;
  const done = () => {
    if (settled) return;
    settled = true;
    inFlight -= 1;
    if (inFlight === 0) opening?.disable();
  };
  const first = opening.run(() => {
    done();
    onListening();
  }, start);
  first.then(done, done);
  return first;
}

/** Called by an event source each time a reader waits on it; only a stream being started listens. */
export function markListening(): void {
  opening?.getStore()?.();
}
