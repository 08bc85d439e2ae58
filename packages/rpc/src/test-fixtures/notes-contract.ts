// A small contract for the toolkit's own tests: nested namespaces, every procedure kind, a Date.
import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';

export const Note = z.object({ id: z.string(), text: z.string().max(20), remindAt: z.date().nullable() });

const c = initContract({
  errors: defineErrors({ NOTE_LOCKED: { status: 409, message: 'This note is locked.' } }),
  scopes: { 'notes:read': 'Read notes', 'notes:write': 'Write notes' },
});

export const notesContract = c.contract({
  notes: {
    get: c.query({
      summary: 'Get a note',
      auth: 'required',
      scopes: ['notes:read'],
      errors: ['NOT_FOUND'],
      input: z.object({ id: z.string() }),
      output: Note,
    }),
    create: c.mutation({
      summary: 'Create a note',
      auth: 'required',
      scopes: ['notes:write'],
      cost: 5,
      errors: ['NOTE_LOCKED'],
      idempotency: 'accepted',
      input: z.object({ text: z.string().min(1).max(20), remindAt: z.date().optional() }),
      output: Note,
      examples: [
        { title: 'A reminder', input: { text: 'call Ada', remindAt: new Date('2030-01-01T09:00:00Z') } },
      ],
    }),
    tags: {
      list: c.query({ summary: 'List tags', auth: 'public', output: z.array(z.string()) }),
    },
    onChange: c.subscription({
      summary: 'Note changes',
      auth: 'required',
      scopes: ['notes:read'],
      input: z.object({ count: z.number().int().min(1).max(5) }),
      output: z.object({ seq: z.number().int() }),
    }),
  },
});
