import { randomUUID } from 'node:crypto';
import type { TaskChange } from '@charter/contract';
import { transformer } from '@charter/rpc';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createLocalTaskEvents, type TaskEvents } from './task-events.ts';

const channel = 'charter:task-events';

type Message =
  | { op: 'publish'; projectId: string; change: TaskChange }
  | { op: 'endProject'; projectId: string }
  | { op: 'endMember'; projectId: string; userId: string };

/**
 * Task events shared by every server process through Redis pub/sub, so a stream opened on one
 * process sees a change made through another. Each process delivers to its own subscribers at
 * once and tells the others through one channel; while Redis is away, changes still reach the
 * streams of the process that made them, and the others miss them (clients re-read on reconnect).
 */
export function createRedisTaskEvents(redis: Redis, log: Logger): TaskEvents {
  const local = createLocalTaskEvents();
  const origin = randomUUID();
  // A subscribed connection can do nothing else; it queues its SUBSCRIBE until connected and
  // subscribes again after every reconnection.
  const listener = redis.duplicate({ enableOfflineQueue: true });
  listener.on('error', () => undefined); // the shared connection already reports outages
  listener
    .subscribe(channel)
    .catch((error: unknown) => log.warn({ err: error }, 'could not listen for task events'));
  listener.on('message', (_channel: string, text: string) => {
    const { from, message } = transformer.parse<{ from: string; message: Message }>(text);
    if (from !== origin) apply(message);
  });

  const apply = (message: Message) => {
    if (message.op === 'publish') local.publish(message.projectId, message.change);
    else if (message.op === 'endProject') local.endProject(message.projectId);
    else local.endMember(message.projectId, message.userId);
  };
  const share = (message: Message) => {
    apply(message);
    redis
      .publish(channel, transformer.stringify({ from: origin, message }))
      .catch((error: unknown) =>
        log.warn({ err: error, op: message.op }, 'task event not shared with other processes'),
      );
  };

  return {
    publish: (projectId, change) => share({ op: 'publish', projectId, change }),
    endProject: (projectId) => share({ op: 'endProject', projectId }),
    endMember: (projectId, userId) => share({ op: 'endMember', projectId, userId }),
    subscribe: (projectId, options) => local.subscribe(projectId, options),
    subscriberCount: (projectId) => local.subscriberCount(projectId),
    close() {
      local.close();
      listener.disconnect();
    },
  };
}
