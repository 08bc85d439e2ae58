import type { Task, TaskStatus } from '@charter/contract';
import { fromDateTimeLocal, toDateTimeLocal } from '../dates/date-time.ts';

/** What a task form holds: strings, as its controls do. */
export interface TaskFormValues {
  title: string;
  description: string;
  status: string;
  /** A `datetime-local` value in the viewer's time zone, or empty. */
  due: string;
  /** Comma-separated. */
  labels: string;
  /** A member's id, or empty for nobody. */
  assigneeId: string;
}

export const taskFields = ['title', 'description', 'status', 'due', 'labels', 'assigneeId'] as const;
/** The input key each form field edits, where they differ. */
export const taskFieldAliases = { dueDate: 'due' } as const;

export function taskFormValuesOf(data: FormData): TaskFormValues {
  const text = (name: string) => String(data.get(name) ?? '');
  return {
    title: text('title'),
    description: text('description'),
    status: text('status'),
    due: text('due'),
    labels: text('labels'),
    assigneeId: text('assigneeId'),
  };
}

export function formValuesOfTask(task: Task): TaskFormValues {
  return {
    title: task.title,
    description: task.description ?? '',
    status: task.status,
    due: task.dueDate ? toDateTimeLocal(task.dueDate) : '',
    labels: task.labels.join(', '),
    assigneeId: task.assigneeId ?? '',
  };
}

/** Labels typed as `press, writing`: trimmed, empty ones dropped, each kept once. */
export function parseLabels(text: string): string[] {
  return [...new Set(text.split(',').map((label) => label.trim()))].filter(Boolean);
}

/** The `tasks.create` input for what the form holds (for the contract schema to check). */
export function createInputOf(projectId: string, values: TaskFormValues) {
  const labels = parseLabels(values.labels);
  const dueDate = fromDateTimeLocal(values.due);
  return {
    projectId,
    title: values.title,
    ...(values.description.trim() ? { description: values.description } : {}),
    ...(values.status ? { status: values.status as TaskStatus } : {}),
    ...(dueDate ? { dueDate } : {}),
    ...(labels.length > 0 ? { labels } : {}),
    ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}),
  };
}

/**
 * The `tasks.update` input: only the fields the user changed, so an edit never overwrites what
 * someone else changed meanwhile, and a due date with seconds is not rounded by just opening it.
 * Emptied fields are cleared with `null`.
 */
export function updateInputOf(task: Task, values: TaskFormValues) {
  const before = formValuesOfTask(task);
  const labels = parseLabels(values.labels);
  const changed = (key: keyof TaskFormValues) => values[key] !== before[key];
  return {
    id: task.id,
    ...(changed('title') ? { title: values.title } : {}),
    ...(changed('description') ? { description: values.description.trim() ? values.description : null } : {}),
    ...(changed('status') ? { status: values.status as TaskStatus } : {}),
    ...(changed('due') ? { dueDate: fromDateTimeLocal(values.due) ?? null } : {}),
    ...(labels.join('\n') !== task.labels.join('\n') ? { labels } : {}),
    ...(changed('assigneeId') ? { assigneeId: values.assigneeId || null } : {}),
  };
}
