import { defineEvents, type EventDataOf, type EventOf } from '@charter/rpc';
import * as z from 'zod';
import {
  checklistTask,
  grace,
  graceAsMember,
  launch,
  pressReleaseTask,
  venueTask,
} from './procedures/example-values.ts';
import { Id } from './schemas/common.ts';
import { Member } from './schemas/project.ts';
import { Task } from './schemas/task.ts';

/** What the API tells a project's webhooks, each event with the data it carries. */
export const events = defineEvents({
  'task.created': {
    summary: 'A task was created',
    data: Task,
    examples: [
      { title: 'A task with a title only', timestamp: checklistTask.createdAt, data: checklistTask },
    ],
  },
  'task.updated': {
    summary: 'A task was edited',
    description:
      'The task as it is now. Also sent for each task a removed member was assigned to (it becomes unassigned).',
    data: Task,
    examples: [{ title: 'A task moved to in progress', timestamp: venueTask.updatedAt, data: venueTask }],
  },
  'task.deleted': {
    summary: 'A task was deleted',
    data: z.object({ id: Id, projectId: Id }),
    examples: [
      {
        title: 'A task deleted',
        timestamp: new Date('2030-03-05T09:00:00.000Z'),
        data: { id: pressReleaseTask.id, projectId: launch.id },
      },
    ],
  },
  'project.member_added': {
    summary: 'Someone was added to a project',
    data: z.object({ projectId: Id, member: Member }),
    examples: [
      {
        title: 'A member added',
        timestamp: graceAsMember.joinedAt,
        data: { projectId: launch.id, member: graceAsMember },
      },
    ],
  },
  'project.member_updated': {
    summary: "A member's role was changed",
    data: z.object({ projectId: Id, member: Member }),
    examples: [
      {
        title: 'A member made admin',
        timestamp: new Date('2030-03-05T12:00:00.000Z'),
        data: { projectId: launch.id, member: { ...graceAsMember, role: 'admin' } },
      },
    ],
  },
  'project.member_removed': {
    summary: 'Someone was removed from a project, or left it',
    description: 'Their tasks become unassigned: a `task.updated` follows for each.',
    data: z.object({ projectId: Id, userId: Id }),
    examples: [
      {
        title: 'A member removed',
        timestamp: new Date('2030-03-06T09:00:00.000Z'),
        data: { projectId: launch.id, userId: grace.id },
      },
    ],
  },
});

export type Events = typeof events;
export type EventType = keyof Events['definitions'];
/** An event as a webhook receiver gets it: one type, or every type as a union that narrows on `type`. */
export type ApiEvent<TType extends EventType = EventType> = EventOf<Events, TType>;
/** What an event of a type carries. */
export type EventData<TType extends EventType> = EventDataOf<Events, TType>;
