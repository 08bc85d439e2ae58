import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { defineEvents, type EventDataOf, type EventOf } from './event-catalogue.ts';

const events = defineEvents({
  'note.created': {
    summary: 'A note was written',
    data: z.object({ id: z.string(), remindAt: z.date().nullable() }),
    examples: [{ title: 'A reminder', timestamp: new Date(), data: { id: 'n1', remindAt: null } }],
  },
  'note.deleted': { summary: 'A note was deleted', data: z.object({ id: z.string() }) },
});

describe('EventOf: receivers typed from the catalogue', () => {
  it('types one event by its type, Dates as Dates', () => {
    expectTypeOf<EventOf<typeof events, 'note.created'>>().toEqualTypeOf<{
      type: 'note.created';
      timestamp: Date;
      data: { id: string; remindAt: Date | null };
    }>();
  });

  it('types every event as a union that narrows on `type`', () => {
    const event = events.parse({});
    expectTypeOf(event.type).toEqualTypeOf<'note.created' | 'note.deleted'>();
    if (event.type === 'note.deleted') expectTypeOf(event.data).toEqualTypeOf<{ id: string }>();
  });

  it('types what a producer writes for a type', () => {
    expectTypeOf<EventDataOf<typeof events, 'note.deleted'>>().toEqualTypeOf<{ id: string }>();
  });

  it('refuses an example whose data the schema would not produce', () => {
    defineEvents({
      'note.deleted': {
        summary: 'A note was deleted',
        data: z.object({ id: z.string() }),
        // @ts-expect-error: id is a string
        examples: [{ title: 'Wrong', timestamp: new Date(), data: { id: 1 } }],
      },
    });
  });
});
