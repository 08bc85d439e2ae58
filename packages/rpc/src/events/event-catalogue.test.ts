import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEvents, InvalidEventError } from './event-catalogue.ts';

const Note = z.object({ id: z.string(), text: z.string().max(20), remindAt: z.date().nullable() });
const events = defineEvents({
  'note.created': { summary: 'A note was written', data: Note },
  'note.deleted': { summary: 'A note was deleted', data: z.object({ id: z.string() }) },
});

describe('defineEvents', () => {
  it('reads a JSON body into the typed event, Dates from ISO 8601 text', () => {
    const body = {
      type: 'note.created',
      timestamp: '2030-03-03T09:00:00.000Z',
      data: { id: 'n1', text: 'Call Ada', remindAt: '2030-03-04T08:00:00.000Z' },
    };
    expect(events.parse(body)).toEqual({
      type: 'note.created',
      timestamp: new Date('2030-03-03T09:00:00.000Z'),
      data: { id: 'n1', text: 'Call Ada', remindAt: new Date('2030-03-04T08:00:00.000Z') },
    });
  });

  it('refuses an unknown type, naming it', () => {
    expect(() => events.parse({ type: 'note.edited', timestamp: '2030-03-03T09:00:00Z', data: {} })).toThrow(
      new InvalidEventError('Unknown event type "note.edited".'),
    );
    expect(() => events.parse({ type: 'toString', timestamp: '2030-03-03T09:00:00Z', data: {} })).toThrow(
      'Unknown event type "toString".',
    );
  });

  it('refuses data its schema refuses, with the path of each issue', () => {
    const parse = () =>
      events.parse({
        type: 'note.created',
        timestamp: '2030-03-03T09:00:00Z',
        data: { id: 'n1', text: 'x'.repeat(21), remindAt: 'tomorrow' },
      });
    expect(parse).toThrow(InvalidEventError);
    expect(parse).toThrow(/data\.text: .*20.*; data\.remindAt: /);
  });

  it('refuses a body that is not an event, and a timestamp that is not an instant', () => {
    for (const body of [null, [], 'note.created', 42])
      expect(() => events.parse(body)).toThrow(
        'An event is a JSON object with `type`, `timestamp` and `data`.',
      );
    expect(() => events.parse({ type: 'note.deleted', timestamp: 'yesterday', data: { id: 'n1' } })).toThrow(
      'The event `timestamp` is not an ISO 8601 instant.',
    );
  });

  it('refuses a type that is not dotted lowercase words when the catalogue is defined', () => {
    for (const type of ['created', 'Note.Created', 'note.', 'note created'])
      expect(() => defineEvents({ [type]: { summary: 'x', data: z.object({}) } })).toThrow(
        `The event type "${type}" should be dotted lowercase words, like task.created`,
      );
  });
});
