import type { ServerResponse } from 'node:http';

/**
 * The AbortSignal that aborts when the caller leaves before its answer is sent, built the first
 * time it is asked for: most handlers never ask, and building one (an AbortController, its signal,
 * a close listener) costs a fast-path call more than its handler (docs/decisions/013).
 */
export function closeSignal(res: ServerResponse): () => AbortSignal {
  let controller: AbortController | undefined;
  return () => {
    if (controller) return controller.signal;
    const made = new AbortController();
    controller = made;
    const abortUnlessFinished = () => res.writableFinished || made.abort();
    if (res.closed) abortUnlessFinished();
    else res.once('close', abortUnlessFinished);
    return made.signal;
  };
}
