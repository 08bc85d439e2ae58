import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { coerceToSchema } from '../rest/schema-coercion.ts';
import { reviveJson } from './json-revival.ts';

const Schedule = z.object({
  at: z.date(),
  until: z.date().nullable().optional(),
  reminders: z.array(z.date()),
  window: z.tuple([z.date(), z.date()]),
  byPerson: z.record(z.string(), z.date()),
  count: z.bigint(),
  when: z.union([z.literal('never'), z.date()]),
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('moved'), to: z.date() }),
    z.object({ kind: z.literal('kept') }),
  ]),
  nested: z.lazy(() => z.object({ at: z.date() }).optional()),
});

const instant = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const leaf = fc.oneof(
  instant,
  fc.string(),
  fc.integer(),
  fc.constantFrom(null, true, 'never', '12', '-3', '2030-03-03'),
);
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), tie('object')),
  object: fc.dictionary(
    fc.constantFrom(
      'at',
      'until',
      'reminders',
      'window',
      'byPerson',
      'count',
      'when',
      'change',
      'kind',
      'to',
      'nested',
      'x',
    ),
    tie('value'),
    { maxKeys: 6 },
  ),
})).value;

describe('reviveJson', () => {
  it('turns ISO 8601 text into Dates and digits into BigInts where the schema wants them, nowhere else', () => {
    const value = reviveJson(Schedule, {
      at: '2030-03-03T09:00:00.000Z',
      until: null,
      reminders: ['2030-03-02T09:00:00Z'],
      window: ['2030-03-01T00:00:00Z', '2030-03-31T00:00:00Z'],
      byPerson: { ada: '2030-03-04T10:00:00Z' },
      count: '12',
      when: 'never',
      change: { kind: 'moved', to: '2030-03-05T08:00:00Z' },
      nested: { at: '2030-03-06T08:00:00Z' },
      extra: '2030-03-03T09:00:00.000Z',
    });
    expect(value).toEqual({
      at: new Date('2030-03-03T09:00:00.000Z'),
      until: null,
      reminders: [new Date('2030-03-02T09:00:00Z')],
      window: [new Date('2030-03-01T00:00:00Z'), new Date('2030-03-31T00:00:00Z')],
      byPerson: { ada: new Date('2030-03-04T10:00:00Z') },
      count: 12n,
      when: 'never',
      change: { kind: 'moved', to: new Date('2030-03-05T08:00:00Z') },
      nested: { at: new Date('2030-03-06T08:00:00Z') },
      extra: '2030-03-03T09:00:00.000Z',
    });
    expect(z.safeParse(Schedule, value).success).toBe(true);
  });

  it('leaves what it cannot revive as it came, for the schema to refuse', () => {
    expect(reviveJson(Schedule, { at: 'tomorrow', reminders: 'soon', count: '1.5' })).toEqual({
      at: 'tomorrow',
      reminders: 'soon',
      count: '1.5',
    });
  });

  it('agrees with the REST bridge reading a JSON body, on any JSON value', () => {
    fc.assert(
      fc.property(jsonish, (value) => {
        expect(reviveJson(Schedule, value)).toEqual(coerceToSchema(Schedule, value, 'json'));
      }),
      { numRuns: 500 },
    );
  });
});
