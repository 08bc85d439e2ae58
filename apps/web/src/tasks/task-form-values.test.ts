import { CreateTaskInput, type Task, UpdateTaskInput } from '@charter/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInputOf, formValuesOfTask, parseLabels, updateInputOf } from './task-form-values.ts';

const projectId = '3f6c2a1e-8b4d-4e2f-9a7c-5d1b0e6f4a21';
const task: Task = {
  id: '9a0f3d6c-5e1b-4a72-b4d8-1e7c2f9a6b03',
  projectId,
  title: 'Book the venue',
  description: null,
  status: 'todo',
  dueDate: new Date('2030-03-08T12:00:30.000Z'),
  labels: ['venue'],
  assigneeId: null,
  createdBy: projectId,
  createdAt: new Date('2030-03-02T11:00:00.000Z'),
  updatedAt: new Date('2030-03-02T11:00:00.000Z'),
};

const originalZone = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'Asia/Tokyo';
});
afterEach(() => {
  process.env.TZ = originalZone;
});

describe('parseLabels', () => {
  it('splits on commas, trims, drops empty ones and keeps each once', () => {
    expect(parseLabels(' press, writing,, press ,')).toEqual(['press', 'writing']);
  });
});

describe('createInputOf', () => {
  it('turns a local due time into the UTC instant the contract takes', () => {
    const input = CreateTaskInput.parse(
      createInputOf(projectId, {
        title: 'Write',
        description: '',
        status: 'todo',
        due: '2030-06-01T18:00',
        labels: 'press',
        assigneeId: '',
      }),
    );
    expect(input.dueDate?.toISOString()).toBe('2030-06-01T09:00:00.000Z');
    expect(input).not.toHaveProperty('assigneeId');
    expect(input).not.toHaveProperty('description');
  });

  it("lets the contract schema refuse what the server would, with the server's messages", () => {
    const result = CreateTaskInput.safeParse(
      createInputOf(projectId, {
        title: '   ',
        description: '',
        status: '',
        due: '',
        labels: '',
        assigneeId: '',
      }),
    );
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['title']]);
  });
});

describe('updateInputOf', () => {
  it('sends only what changed', () => {
    const values = { ...formValuesOfTask(task), status: 'done' };
    expect(UpdateTaskInput.parse(updateInputOf(task, values))).toEqual({ id: task.id, status: 'done' });
  });

  it('leaves a due date with seconds alone when the user did not touch it', () => {
    const values = { ...formValuesOfTask(task), title: 'Book the hall' };
    expect(updateInputOf(task, values)).not.toHaveProperty('dueDate');
  });

  it('clears an emptied due date, description and assignee with null', () => {
    const assigned = { ...task, description: 'Call them', assigneeId: projectId };
    const values = { ...formValuesOfTask(assigned), due: '', description: ' ', assigneeId: '' };
    expect(updateInputOf(assigned, values)).toEqual({
      id: task.id,
      dueDate: null,
      description: null,
      assigneeId: null,
    });
  });

  it('gives an input the schema refuses when nothing changed', () => {
    expect(UpdateTaskInput.safeParse(updateInputOf(task, formValuesOfTask(task))).success).toBe(false);
  });
});
