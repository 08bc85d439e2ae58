import type { TaskChange } from '@charter/contract';
import { markListening } from '@charter/rpc/node';

/** Live task changes per project: handlers publish after their transaction commits; subscribers stream. */
export interface TaskEvents {
  publish(projectId: string, change: TaskChange): void;
  /** Starts listening at once (not at the first `next()`), so nothing published after this call is missed. */
  subscribe(
    projectId: string,
    options: { userId: string; signal?: AbortSignal },
  ): AsyncIterableIterator<TaskChange>;
  /** Ends every stream of a project, as when it is deleted. */
  endProject(projectId: string): void;
  /** Ends a user's streams of a project, as when they leave it. */
  endMember(projectId: string, userId: string): void;
  subscriberCount(projectId: string): number;
  /** Ends every stream, as on shutdown, so clients reconnect elsewhere. */
  close(): void;
}

export class SubscriberTooSlowError extends Error {
  constructor(limit: number) {
    super(`The subscriber fell more than ${limit} events behind; its stream was ended`);
  }
}

/** In-process events: enough for one server process (a Redis-backed bus shares them across processes). */
export function createLocalTaskEvents(options: { maxBuffered?: number } = {}): TaskEvents {
  const maxBuffered = options.maxBuffered ?? 1_000;
  const byProject = new Map<string, Set<Subscriber>>();

  const remove = (projectId: string, subscriber: Subscriber) => {
    const set = byProject.get(projectId);
    set?.delete(subscriber);
    if (set?.size === 0) byProject.delete(projectId);
  };

  return {
    publish(projectId, change) {
      for (const subscriber of byProject.get(projectId) ?? []) subscriber.push(change);
    },
    subscribe(projectId, { userId, signal }) {
      const subscriber = new Subscriber(userId, maxBuffered, () => remove(projectId, subscriber));
      if (signal?.aborted) {
        subscriber.end();
        return subscriber;
      }
      signal?.addEventListener('abort', () => subscriber.end(), { once: true });
      const set = byProject.get(projectId) ?? new Set<Subscriber>();
      byProject.set(projectId, set.add(subscriber));
      return subscriber;
    },
    endProject(projectId) {
      for (const subscriber of byProject.get(projectId) ?? []) subscriber.end();
    },
    endMember(projectId, userId) {
      for (const subscriber of byProject.get(projectId) ?? [])
        if (subscriber.userId === userId) subscriber.end();
    },
    subscriberCount(projectId) {
      return byProject.get(projectId)?.size ?? 0;
    },
    close() {
      for (const set of byProject.values()) for (const subscriber of set) subscriber.end();
    },
  };
}

/** One stream: a bounded queue read as an async iterator. */
class Subscriber implements AsyncIterableIterator<TaskChange> {
  private readonly queue: TaskChange[] = [];
  private waiting: ((result: IteratorResult<TaskChange>) => void) | undefined;
  private failWaiting: ((error: Error) => void) | undefined;
  private finished = false;
  private failure: Error | undefined;

  constructor(
    readonly userId: string,
    private readonly maxBuffered: number,
    private readonly onEnd: () => void,
  ) {}

  push(change: TaskChange): void {
    if (this.finished) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = undefined;
      resolve({ value: change, done: false });
    } else if (this.queue.length >= this.maxBuffered) {
      this.failure = new SubscriberTooSlowError(this.maxBuffered);
      this.end();
    } else {
      this.queue.push(change);
    }
  }

  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.onEnd();
    if (this.failure && this.failWaiting) this.failWaiting(this.failure);
    else this.waiting?.({ value: undefined, done: true });
    this.waiting = this.failWaiting = undefined;
  }

  next(): Promise<IteratorResult<TaskChange>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve({ value: queued, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    markListening();
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<TaskChange>> {
    this.queue.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<TaskChange> {
    return this;
  }
}
