import { type ListTasksInput, TaskSort, TaskStatus } from '@charter/contract';
import type * as z from 'zod';

/** The task list's filters and order, as the page keeps them in its URL (`?status=todo&sort=dueDate`). */
export interface TaskFilters {
  /** Only these statuses; empty for all. */
  status: TaskStatus[];
  /** A member's id, `none` for unassigned, or empty for anyone. */
  assignee: string;
  label: string;
  /** ISO instants (UTC), or empty. */
  dueFrom: string;
  dueBefore: string;
  sort: TaskSort;
  order: 'asc' | 'desc';
}

export const defaultFilters: TaskFilters = {
  status: [],
  assignee: '',
  label: '',
  dueFrom: '',
  dueBefore: '',
  sort: 'createdAt',
  order: 'desc',
};

/** Tasks per page. */
export const taskPageSize = 20;

/** Reads filters from the URL; values it does not know (an old link, a typo) fall back to the defaults. */
export function filtersFromSearch(search: URLSearchParams): TaskFilters {
  const status = (search.get('status') ?? '')
    .split(',')
    .filter((value): value is TaskStatus => TaskStatus.safeParse(value).success);
  const sort = TaskSort.safeParse(search.get('sort'));
  const order = search.get('order');
  const instant = (value: string | null) => (value && !Number.isNaN(Date.parse(value)) ? value : '');
  return {
    status: [...new Set(status)],
    assignee: search.get('assignee') ?? '',
    label: search.get('label') ?? '',
    dueFrom: instant(search.get('dueFrom')),
    dueBefore: instant(search.get('dueBefore')),
    sort: sort.success ? sort.data : defaultFilters.sort,
    order: order === 'asc' || order === 'desc' ? order : defaultFilters.order,
  };
}

/** The URL query for filters, leaving defaults out so a plain list has a plain URL. */
export function searchFromFilters(filters: TaskFilters): string {
  const search = new URLSearchParams();
  if (filters.status.length > 0) search.set('status', filters.status.join(','));
  for (const key of ['assignee', 'label', 'dueFrom', 'dueBefore'] as const) {
    if (filters[key]) search.set(key, filters[key]);
  }
  if (filters.sort !== defaultFilters.sort) search.set('sort', filters.sort);
  if (filters.order !== defaultFilters.order) search.set('order', filters.order);
  return search.toString();
}

export function hasActiveFilters(filters: TaskFilters): boolean {
  return activeFilterCount(filters) > 0;
}

/** How many filters narrow the list (sorting is not one): said on the folded filters of a phone. */
export function activeFilterCount(filters: TaskFilters): number {
  const { status, assignee, label, dueFrom, dueBefore } = filters;
  return [status.length > 0, assignee, label, dueFrom, dueBefore].filter(Boolean).length;
}

/** The `tasks.list` input for a project and filters, without a cursor (pages add their own). */
export function listInputOf(projectId: string, filters: TaskFilters): z.input<typeof ListTasksInput> {
  return {
    projectId,
    limit: taskPageSize,
    sort: filters.sort,
    order: filters.order,
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.assignee ? { assigneeId: filters.assignee === 'none' ? null : filters.assignee } : {}),
    ...(filters.label.trim() ? { label: filters.label.trim() } : {}),
    ...(filters.dueFrom ? { dueFrom: new Date(filters.dueFrom) } : {}),
    ...(filters.dueBefore ? { dueBefore: new Date(filters.dueBefore) } : {}),
  };
}
