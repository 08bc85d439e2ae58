import type { TaskChange } from '@charter/contract';
import { transformer } from '@charter/rpc';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisBroadcast } from './redis-broadcast.ts';
import { createLocalTaskEvents, type TaskEvents } from './task-events.ts';

type Message =
  | { op: 'publish'; projectId: string; change: TaskChange }
  | { op: 'endProject'; projectId: string }
  | { op: 'endMember'; projectId: string; userId: string };

/**
 * Task events shared by every server process through Redis pub/sub (./redis-broadcast.ts), so a
 * stream opened on one process sees a change made through another. While Redis is away, changes
 * still reach the streams of the process that made them, and the others miss them (clients re-read
 * on reconnect).
 */
export function createRedisTaskEvents(redis: Redis, log: Logger): TaskEvents {
  const local = createLocalTaskEvents();
  const broadcast = redisBroadcast<Message>(redis, log, {
    channel: 'charter:task-events',
    what: 'task event',
    encode: (message) => transformer.stringify(message),
    decode: (text) => transformer.parse<Message>(text),
    deliver: (message) => {
      if (message.op === 'publish') local.publish(message.projectId, message.change);
      else if (message.op === 'endProject') local.endProject(message.projectId);
      else local.endMember(message.projectId, message.userId);
    },
  });
  return {
    publish: (projectId, change) => void broadcast.send({ op: 'publish', projectId, change }),
    endProject: (projectId) => void broadcast.send({ op: 'endProject', projectId }),
    endMember: (projectId, userId) => void broadcast.send({ op: 'endMember', projectId, userId }),
    subscribe: (projectId, options) => local.subscribe(projectId, options),
    subscriberCount: (projectId) => local.subscriberCount(projectId),
    close() {
      local.close();
      broadcast.close();
    },
  };
}
