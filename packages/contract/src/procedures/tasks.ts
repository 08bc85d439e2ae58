import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { Deleted, Id, page } from '../schemas/common.ts';
import { CreateTaskInput, ListTasksInput, Task, TaskChange, UpdateTaskInput } from '../schemas/task.ts';
import {
  ada,
  checklistTask,
  launch,
  openTasksCursor,
  pressReleaseTask,
  venueTask,
} from './example-values.ts';

const openTasksByDueDate = {
  projectId: launch.id,
  status: ['todo', 'in_progress'],
  sort: 'dueDate',
  order: 'asc',
  limit: 2,
} satisfies z.input<typeof ListTasksInput>;
const editedAt = new Date('2030-03-05T09:12:00.000Z');

export const tasks = {
  create: c.mutation({
    summary: 'Create a task',
    description: 'Members, admins and owners create tasks; viewers cannot.',
    auth: 'required',
    scopes: ['tasks:write'],
    cost: 2,
    rest: { method: 'POST', path: '/projects/{projectId}/tasks' },
    errors: ['NOT_FOUND', 'FORBIDDEN', 'ASSIGNEE_NOT_A_MEMBER'],
    input: CreateTaskInput,
    output: Task,
    examples: [
      {
        title: 'A task due next week, with labels and an assignee',
        input: {
          projectId: launch.id,
          title: pressReleaseTask.title,
          description: pressReleaseTask.description,
          dueDate: pressReleaseTask.dueDate,
          labels: pressReleaseTask.labels,
          assigneeId: ada.id,
        },
        output: pressReleaseTask,
      },
      {
        title: 'A title only: to do, unassigned, no due date',
        input: { projectId: launch.id, title: checklistTask.title },
        output: checklistTask,
      },
    ],
  }),
  list: c.query({
    summary: "List a project's tasks",
    description: 'Filter by status, assignee, label and due range; sort; page with `cursor`.',
    auth: 'required',
    scopes: ['tasks:read'],
    cost: 2,
    rest: { method: 'GET', path: '/projects/{projectId}/tasks' },
    errors: ['NOT_FOUND', 'INVALID_CURSOR'],
    input: ListTasksInput,
    output: page(Task),
    examples: [
      {
        title: 'The first page, newest first',
        input: { projectId: launch.id },
        output: { items: [checklistTask, pressReleaseTask, venueTask], nextCursor: null },
      },
      {
        title: 'Open tasks, soonest due first, two per page',
        input: openTasksByDueDate,
        output: { items: [venueTask, pressReleaseTask], nextCursor: openTasksCursor },
      },
      {
        title: 'The next page, from the cursor: tasks without a due date come last',
        input: { ...openTasksByDueDate, cursor: openTasksCursor },
        output: { items: [checklistTask], nextCursor: null },
      },
    ],
  }),
  get: c.query({
    summary: 'Get a task',
    auth: 'required',
    scopes: ['tasks:read'],
    rest: { method: 'GET', path: '/tasks/{id}' },
    errors: ['NOT_FOUND'],
    input: z.object({ id: Id }),
    output: Task,
    examples: [{ title: 'A task', input: { id: pressReleaseTask.id }, output: pressReleaseTask }],
  }),
  update: c.mutation({
    summary: 'Edit a task',
    description:
      'Members, admins and owners edit tasks; viewers cannot. Only the fields given change; `null` clears a due date, description or assignee.',
    auth: 'required',
    scopes: ['tasks:write'],
    cost: 2,
    rest: { method: 'PATCH', path: '/tasks/{id}' },
    errors: ['NOT_FOUND', 'FORBIDDEN', 'ASSIGNEE_NOT_A_MEMBER'],
    input: UpdateTaskInput,
    output: Task,
    examples: [
      {
        title: 'Start work on a task',
        input: { id: pressReleaseTask.id, status: 'in_progress' },
        output: { ...pressReleaseTask, status: 'in_progress', updatedAt: editedAt },
      },
      {
        title: 'Clear the due date and unassign with null',
        input: { id: pressReleaseTask.id, dueDate: null, assigneeId: null },
        output: { ...pressReleaseTask, dueDate: null, assigneeId: null, updatedAt: editedAt },
      },
    ],
  }),
  delete: c.mutation({
    summary: 'Delete a task',
    description: 'Members, admins and owners delete tasks; viewers cannot.',
    auth: 'required',
    scopes: ['tasks:write'],
    cost: 2,
    rest: { method: 'DELETE', path: '/tasks/{id}' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ id: Id }),
    output: Deleted,
    examples: [
      {
        title: 'Delete a task',
        input: { id: checklistTask.id },
        output: { id: checklistTask.id, deleted: true },
      },
    ],
  }),
  onChange: c.subscription({
    summary: "Follow a project's task changes live",
    description:
      'Server-sent events: one event per task created, updated or deleted, from the moment you subscribe.',
    auth: 'required',
    scopes: ['tasks:read'],
    cost: 5,
    rest: { method: 'GET', path: '/projects/{projectId}/tasks/events' },
    errors: ['NOT_FOUND'],
    input: z.object({ projectId: Id }),
    output: TaskChange,
    examples: [
      {
        title: 'A task was created',
        input: { projectId: launch.id },
        output: { type: 'created', task: pressReleaseTask, occurredAt: pressReleaseTask.createdAt },
      },
      {
        title: 'A task was deleted',
        input: { projectId: launch.id },
        output: {
          type: 'deleted',
          taskId: checklistTask.id,
          occurredAt: new Date('2030-03-05T10:00:00.000Z'),
        },
      },
    ],
  }),
};
