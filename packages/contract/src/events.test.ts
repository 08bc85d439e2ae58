import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { events } from './index.ts';

const catalogue = Object.entries(events.definitions);

describe('the event catalogue', () => {
  it('names the changes to tasks and members that webhooks report', () => {
    expect(Object.keys(events.definitions)).toEqual([
      'task.created',
      'task.updated',
      'task.deleted',
      'project.member_added',
      'project.member_updated',
      'project.member_removed',
    ]);
  });

  it.each(catalogue)('gives %s an example its schema accepts', (_type, definition) => {
    expect(definition.examples?.length).toBeGreaterThan(0);
    for (const example of definition.examples ?? [])
      expect(z.safeParse(definition.data as z.ZodType, example.data).error).toBeUndefined();
  });

  it.each(catalogue)('reads back each %s example from the JSON a webhook carries', (type, definition) => {
    for (const { timestamp, data } of definition.examples ?? []) {
      const body = JSON.parse(JSON.stringify({ type, timestamp, data }));
      expect(events.parse(body)).toEqual({ type, timestamp, data });
    }
  });

  it('refuses a task event whose task lacks a field', () => {
    const { data, timestamp } = events.definitions['task.created'].examples?.[0] ?? {};
    const { title: _title, ...untitled } = data ?? {};
    expect(() =>
      events.parse({ type: 'task.created', timestamp: timestamp?.toISOString(), data: untitled }),
    ).toThrow(/task\.created event's data is not valid: data\.title: /);
  });
});
