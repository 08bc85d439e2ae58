import type { Task } from '@charter/contract';
import { describe, expect, it } from 'vitest';
import { applyTaskChange } from './task-cache.ts';

const at = new Date('2030-03-02T11:00:00.000Z');
const task = (id: string, title: string): Task => ({
  id,
  projectId: 'p',
  title,
  description: null,
  status: 'todo',
  dueDate: null,
  labels: [],
  assigneeId: null,
  createdBy: 'u',
  createdAt: at,
  updatedAt: at,
});
const data = {
  pages: [
    { items: [task('a', 'A'), task('b', 'B')], nextCursor: 'c1' },
    { items: [task('c', 'C')], nextCursor: null },
  ],
  pageParams: [null, 'c1'],
};

describe('applyTaskChange', () => {
  it('replaces an edited task where it is, on whichever page', () => {
    const edited = { ...task('c', 'C, edited'), status: 'done' as const };
    const next = applyTaskChange(data, { type: 'updated', task: edited, occurredAt: at });
    expect(next?.pages[1]?.items[0]).toBe(edited);
    expect(next?.pages[0]).toBe(data.pages[0]);
  });

  it('removes a deleted task', () => {
    const next = applyTaskChange(data, { type: 'deleted', taskId: 'a', occurredAt: at });
    expect(next?.pages[0]?.items.map((t) => t.id)).toEqual(['b']);
  });

  it('leaves the list as it is for a new task (the refetch places it) or a task it does not hold', () => {
    expect(applyTaskChange(data, { type: 'created', task: task('d', 'D'), occurredAt: at })).toBe(data);
    expect(applyTaskChange(data, { type: 'deleted', taskId: 'zzz', occurredAt: at })).toBe(data);
    expect(applyTaskChange(undefined, { type: 'deleted', taskId: 'a', occurredAt: at })).toBeUndefined();
  });
});
