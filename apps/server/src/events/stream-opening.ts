import { AsyncLocalStorage } from 'node:async_hooks';

const opening = new AsyncLocalStorage<() => void>();

/**
 * Starts a stream (its first `next()`), calling `onListening` once it waits on an event source:
 * by then its handler's own checks (say, project membership) have passed, so the response may
 * start. A handler's code runs in the async context of the `next()` that started it.
 */
export function startStream<T>(start: () => T, onListening: () => void): T {
  return opening.run(onListening, start);
}

/** Called by an event source each time a reader waits on it; only a stream being started listens. */
export function markListening(): void {
  opening.getStore()?.();
}
