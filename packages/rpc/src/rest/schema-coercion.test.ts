import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { coerceToSchema } from './schema-coercion.ts';

const Filter = z
  .object({
    limit: z.number().int().default(20),
    done: z.boolean().optional(),
    status: z.array(z.enum(['todo', 'done'])).optional(),
    dueBefore: z.date().optional(),
    assigneeId: z.string().nullable().optional(),
    version: z.literal(2).optional(),
    tags: z.array(z.object({ name: z.string(), weight: z.number() })).optional(),
  })
  .refine(() => true);

describe('coerceToSchema from a query string', () => {
  it('turns each leaf into the type its field wants', () => {
    expect(
      coerceToSchema(
        Filter,
        {
          limit: '5',
          done: 'false',
          status: ['todo', 'done'],
          dueBefore: '2030-01-02T03:04:05.006Z',
          assigneeId: 'null',
          version: '2',
          tags: [{ name: 'a', weight: '1.5' }],
        },
        'query',
      ),
    ).toEqual({
      limit: 5,
      done: false,
      status: ['todo', 'done'],
      dueBefore: new Date('2030-01-02T03:04:05.006Z'),
      assigneeId: null,
      version: 2,
      tags: [{ name: 'a', weight: 1.5 }],
    });
  });

  it('makes a lone value an array of one where the schema wants an array', () => {
    expect(coerceToSchema(Filter, { status: 'todo', tags: { name: 'x', weight: '2' } }, 'query')).toEqual({
      status: ['todo'],
      tags: [{ name: 'x', weight: 2 }],
    });
  });

  it('leaves what it cannot convert for the schema to report, with its path', () => {
    const coerced = coerceToSchema(Filter, { limit: 'five', done: 'yes', dueBefore: 'tomorrow' }, 'query');
    expect(coerced).toEqual({ limit: 'five', done: 'yes', dueBefore: 'tomorrow' });
    const { error } = Filter.safeParse(coerced);
    expect(error?.issues.map((issue) => issue.path.join('.'))).toEqual(['limit', 'done', 'dueBefore']);
  });

  it('keeps unknown fields as they came, for the schema to strip or refuse', () => {
    expect(coerceToSchema(z.strictObject({ a: z.number() }), { a: '1', b: '2' }, 'query')).toEqual({
      a: 1,
      b: '2',
    });
  });

  it('picks the union option the value fits', () => {
    const Either = z.union([z.number(), z.date(), z.string()]);
    expect(coerceToSchema(Either, '7', 'query')).toBe(7);
    expect(coerceToSchema(Either, '2030-01-01', 'query')).toEqual(new Date('2030-01-01'));
    expect(coerceToSchema(Either, 'seven', 'query')).toBe('seven');
  });
});

describe('coerceToSchema from XML', () => {
  it('converts leaves as from a query string, but keeps the text null as text: XML says null with nil', () => {
    const Note = z.object({ text: z.string().nullable(), count: z.number() });
    expect(coerceToSchema(Note, { text: 'null', count: '3' }, 'xml')).toEqual({ text: 'null', count: 3 });
    expect(coerceToSchema(Note, { text: null, count: '3' }, 'xml')).toEqual({ text: null, count: 3 });
  });
});

describe('coerceToSchema from JSON', () => {
  it('revives only what JSON cannot carry: Dates from ISO 8601 strings', () => {
    expect(
      coerceToSchema(
        Filter,
        { limit: '5', done: 'false', dueBefore: '2030-01-02T03:04:05Z', assigneeId: 'null' },
        'json',
      ),
    ).toEqual({ limit: '5', done: 'false', dueBefore: new Date('2030-01-02T03:04:05Z'), assigneeId: 'null' });
  });

  it('does not wrap a lone value in an array: JSON says what is a list', () => {
    expect(coerceToSchema(Filter, { status: 'todo' }, 'json')).toEqual({ status: 'todo' });
  });
});
