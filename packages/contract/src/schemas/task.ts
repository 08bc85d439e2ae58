import * as z from 'zod';
import { limits } from '../limits.ts';
import { Cursor, edit, Id, Instant, line, PageSize, SortOrder, text } from './common.ts';

export const TaskStatus = z.enum(['todo', 'in_progress', 'done']);
export const TaskTitle = line(limits.taskTitleMaxLength);
export const TaskDescription = text(limits.taskDescriptionMaxLength);
export const Label = line(limits.labelMaxLength);
export const Labels = z
  .array(Label)
  .max(limits.labelsPerTaskMax)
  .describe(`Up to ${limits.labelsPerTaskMax} labels; duplicates are kept once.`);

export const Task = z.object({
  id: Id,
  projectId: Id,
  title: z.string(),
  description: z.string().nullable(),
  status: TaskStatus,
  dueDate: z.date().nullable(),
  labels: z.array(z.string()),
  assigneeId: Id.nullable(),
  createdBy: Id,
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const CreateTaskInput = z.object({
  projectId: Id,
  title: TaskTitle,
  description: TaskDescription.optional(),
  status: TaskStatus.optional(),
  dueDate: Instant.optional(),
  labels: Labels.optional(),
  assigneeId: Id.optional(),
});

export const UpdateTaskInput = edit(
  { id: Id },
  {
    title: TaskTitle.optional(),
    description: TaskDescription.nullable().optional(),
    status: TaskStatus.optional(),
    dueDate: Instant.nullable().optional(),
    labels: Labels.optional(),
    assigneeId: Id.nullable().optional(),
  },
);

export const TaskSort = z.enum(['createdAt', 'updatedAt', 'dueDate', 'title']);

export const ListTasksInput = z
  .object({
    projectId: Id,
    cursor: Cursor.optional(),
    limit: PageSize,
    status: z.array(TaskStatus).min(1).max(3).optional().describe('Only tasks in one of these statuses.'),
    assigneeId: Id.nullable()
      .optional()
      .describe('Only tasks assigned to this member; `null` for unassigned.'),
    label: Label.optional().describe('Only tasks carrying this label.'),
    dueFrom: Instant.optional().describe('Only tasks due at or after this instant.'),
    dueBefore: Instant.optional().describe('Only tasks due before this instant.'),
    sort: TaskSort.default('createdAt'),
    order: SortOrder.default('desc').describe(
      'Tasks without a due date come last in `asc`, first in `desc`.',
    ),
  })
  .refine((input) => !(input.dueFrom && input.dueBefore && input.dueFrom >= input.dueBefore), {
    message: '`dueFrom` must be before `dueBefore`.',
    path: ['dueBefore'],
  });

export const TaskChange = z.discriminatedUnion('type', [
  z.object({ type: z.literal('created'), task: Task, occurredAt: z.date() }),
  z.object({ type: z.literal('updated'), task: Task, occurredAt: z.date() }),
  z.object({ type: z.literal('deleted'), taskId: Id, occurredAt: z.date() }),
]);

export type TaskStatus = z.infer<typeof TaskStatus>;
export type Task = z.infer<typeof Task>;
export type TaskChange = z.infer<typeof TaskChange>;
export type TaskSort = z.infer<typeof TaskSort>;
