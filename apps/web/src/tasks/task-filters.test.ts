import { ListTasksInput } from '@charter/contract';
import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  defaultFilters,
  filtersFromSearch,
  listInputOf,
  searchFromFilters,
} from './task-filters.ts';

const projectId = '3f6c2a1e-8b4d-4e2f-9a7c-5d1b0e6f4a21';

describe('task filters in the URL', () => {
  it('round-trips every filter', () => {
    const filters = {
      status: ['todo' as const, 'in_progress' as const],
      assignee: 'none',
      label: 'press',
      dueFrom: '2030-06-01T00:00:00.000Z',
      dueBefore: '2030-07-01T00:00:00.000Z',
      sort: 'dueDate' as const,
      order: 'asc' as const,
    };
    expect(filtersFromSearch(new URLSearchParams(searchFromFilters(filters)))).toEqual(filters);
  });

  it('leaves defaults out of the URL', () => {
    expect(searchFromFilters(defaultFilters)).toBe('');
  });

  it('ignores values it does not know instead of failing', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('status=todo,bogus,todo&sort=priority&order=up&dueBefore=soon'),
    );
    expect(filters).toEqual({ ...defaultFilters, status: ['todo'] });
  });
});

describe('listInputOf', () => {
  it('gives an input the contract schema accepts, with unassigned as null', () => {
    const input = listInputOf(projectId, {
      ...defaultFilters,
      assignee: 'none',
      label: ' press ',
      status: ['done'],
    });
    const parsed = ListTasksInput.parse(input);
    expect(parsed).toMatchObject({
      projectId,
      assigneeId: null,
      label: 'press',
      status: ['done'],
      sort: 'createdAt',
    });
  });

  it('passes due bounds as instants, which the schema checks are in order', () => {
    const input = listInputOf(projectId, {
      ...defaultFilters,
      dueFrom: '2030-07-01T00:00:00.000Z',
      dueBefore: '2030-06-01T00:00:00.000Z',
    });
    const result = ListTasksInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['dueBefore']);
  });
});

describe('activeFilterCount', () => {
  it('counts the filters that narrow the list, the statuses as one, and not the sort', () => {
    expect(activeFilterCount(defaultFilters)).toBe(0);
    expect(activeFilterCount({ ...defaultFilters, sort: 'dueDate', order: 'asc' })).toBe(0);
    expect(activeFilterCount({ ...defaultFilters, status: ['todo', 'done'], label: 'press' })).toBe(2);
  });
});
