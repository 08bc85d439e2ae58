import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { Deleted, Id, page } from '../schemas/common.ts';
import { CreateTaskInput, ListTasksInput, Task, TaskChange, UpdateTaskInput } from '../schemas/task.ts';

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
  }),
  get: c.query({
    summary: 'Get a task',
    auth: 'required',
    scopes: ['tasks:read'],
    rest: { method: 'GET', path: '/tasks/{id}' },
    errors: ['NOT_FOUND'],
    input: z.object({ id: Id }),
    output: Task,
  }),
  update: c.mutation({
    summary: 'Edit a task',
    description: 'Only the fields given change; `null` clears a due date, description or assignee.',
    auth: 'required',
    scopes: ['tasks:write'],
    cost: 2,
    rest: { method: 'PATCH', path: '/tasks/{id}' },
    errors: ['NOT_FOUND', 'FORBIDDEN', 'ASSIGNEE_NOT_A_MEMBER'],
    input: UpdateTaskInput,
    output: Task,
  }),
  delete: c.mutation({
    summary: 'Delete a task',
    auth: 'required',
    scopes: ['tasks:write'],
    cost: 2,
    rest: { method: 'DELETE', path: '/tasks/{id}' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ id: Id }),
    output: Deleted,
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
  }),
};
