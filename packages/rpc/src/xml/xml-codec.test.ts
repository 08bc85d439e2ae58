import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { $ZodType } from 'zod/v4/core';
import { coerceToSchema } from '../rest/schema-coercion.ts';
import { decodeXml, encodeXml } from './xml-codec.ts';

const Task = z.object({
  id: z.uuid(),
  title: z.string().min(1),
  description: z.string().nullable(),
  status: z.enum(['todo', 'doing', 'done']),
  dueDate: z.date().nullable(),
  labels: z.array(z.string()),
  createdAt: z.date(),
});

const TaskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('created'), task: Task }),
  z.object({ type: z.literal('deleted'), taskId: z.uuid() }),
]);

const task = {
  id: '3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f',
  title: 'Write the <XML> docs & examples',
  description: null,
  status: 'todo',
  dueDate: new Date('2030-01-02T09:30:00.000Z'),
  labels: ['docs', 'api'],
  createdAt: new Date('2029-12-24T08:00:00.000Z'),
};

/** What the REST bridge does: encode, decode guided by the schema, validate. */
function roundTrip(schema: $ZodType & { parse(value: unknown): unknown }, value: unknown): unknown {
  return schema.parse(decodeXml(encodeXml(value, { root: 'output' }), schema));
}

const text = z.object({ value: z.string() });
const list = z.object({ value: z.array(z.string()) });

const cases: ReadonlyArray<[string, $ZodType & { parse(value: unknown): unknown }, unknown]> = [
  ['an empty string', text, { value: '' }],
  ['a string of spaces', text, { value: '   ' }],
  ['a string of line breaks and tabs', text, { value: '\n\t\r\n\r' }],
  ['leading and trailing white space', text, { value: '  two spaces around  ' }],
  ['unicode, astral and no-break space', text, { value: 'é ü 日本語 😀 \u00a0 \u2028' }],
  ['markup-like text', text, { value: '<b>&amp;</b> ]]> "q" \'a\' &#233;' }],
  [
    'text that looks like null, true and a number',
    z.object({ a: z.string().nullable(), b: z.string(), c: z.string() }),
    { a: 'null', b: 'true', c: '007' },
  ],
  [
    'integers, negatives, decimals, exponents',
    z.object({ value: z.array(z.number()) }),
    { value: [0, -1, 3.25, -0.5, 1e21, 5e-7, Number.MAX_SAFE_INTEGER] },
  ],
  ['booleans', z.object({ yes: z.boolean(), no: z.boolean() }), { yes: true, no: false }],
  ['a bigint', z.object({ value: z.bigint() }), { value: 2n ** 70n }],
  ['a date', z.object({ value: z.date() }), { value: new Date('2030-01-02T03:04:05.006Z') }],
  ['null', z.object({ value: z.number().nullable() }), { value: null }],
  ['an absent optional field', z.object({ value: z.string().optional(), other: z.number() }), { other: 1 }],
  ['a present optional field', z.object({ value: z.string().optional() }), { value: 'x' }],
  ['a defaulted field left out', z.object({ value: z.number().default(7) }), {}],
  ['an enum', z.object({ value: z.enum(['todo', 'done']) }), { value: 'done' }],
  [
    'literals of each kind',
    z.object({ s: z.literal('a'), n: z.literal(2), b: z.literal(true) }),
    { s: 'a', n: 2, b: true },
  ],
  ['an empty array', list, { value: [] }],
  ['an array of one', list, { value: ['only'] }],
  ['an array of one empty string', list, { value: [''] }],
  ['an array of blank strings', list, { value: [' ', '\n'] }],
  ['nullable items', z.object({ value: z.array(z.string().nullable()) }), { value: [null, 'x', null] }],
  [
    'nested arrays, empty ones too',
    z.object({ value: z.array(z.array(z.string())) }),
    { value: [[], ['a'], [], ['b', 'c']] },
  ],
  [
    'arrays of objects with arrays',
    z.object({ value: z.array(z.object({ name: z.string(), tags: z.array(z.string()) })) }),
    {
      value: [
        { name: 'a', tags: [] },
        { name: 'b', tags: ['x'] },
      ],
    },
  ],
  ['an empty object', z.object({ value: z.object({ a: z.string().optional() }) }), { value: {} }],
  [
    'a record with keys of every kind',
    z.object({ value: z.record(z.string(), z.number()) }),
    { value: { plain: 1, '2030': 2, 'in progress': 3, i: 4, entry: 5, xmlns: 6, '': 7, 'a&b"<>': 8 } },
  ],
  [
    'a record of empty arrays',
    z.object({ value: z.record(z.string(), z.array(z.string())) }),
    { value: { a: [], b: ['x'] } },
  ],
  [
    'a tuple',
    z.object({ value: z.tuple([z.string(), z.number(), z.array(z.string())]) }),
    { value: ['a', 1, []] },
  ],
  ['a scalar root', z.number(), 42],
  ['an array root', z.array(z.string()), ['a']],
  ['an empty array root', z.array(z.string()), []],
  ['a task', Task, task],
  [
    'a task without labels and with a description',
    Task,
    { ...task, description: '  multi\nline  ', labels: [], dueDate: null },
  ],
  ['a created event', TaskEvent, { type: 'created', task }],
  ['a deleted event', TaskEvent, { type: 'deleted', taskId: task.id }],
  [
    'a list of events',
    z.array(TaskEvent),
    [
      { type: 'deleted', taskId: task.id },
      { type: 'created', task: { ...task, labels: [] } },
    ],
  ],
];

describe('encodeXml then decodeXml gives what the schema gives for the value itself', () => {
  it.each(cases)('round-trips %s', (_, schema, value) => {
    expect(roundTrip(schema, value)).toEqual(schema.parse(value));
  });

  it('round-trips a task exactly, dates as Dates', () => {
    const decoded = roundTrip(Task, task) as typeof task;
    expect(decoded).toEqual(task);
    expect(decoded.dueDate).toBeInstanceOf(Date);
  });
});

describe('xml-mapping.md', () => {
  const documentation = readFileSync(new URL('./xml-mapping.md', import.meta.url), 'utf8');
  const block = (language: string, index = 0) =>
    [...documentation.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))][index]?.[1] ?? '';

  it('shows a worked example that decodes to its JSON', () => {
    const fromJson = Task.parse(coerceToSchema(Task, JSON.parse(block('json')), 'json'));
    expect(Task.parse(decodeXml(block('xml'), Task))).toEqual(fromJson);
    expect(fromJson).toEqual(task);
  });

  it('shows a worked example that is what the encoder writes, but for indentation', () => {
    const written = encodeXml(task, { root: 'input' });
    expect(block('xml').replace(/\n\s*/g, '')).toBe(written);
  });

  it('shows problem details as the encoder writes them', () => {
    const problem = { type: 'about:blank', title: 'The input is invalid.', status: 400 };
    expect(block('xml', 1).replace(/\n\s*/g, '')).toBe(
      encodeXml(problem, { root: 'problem', namespace: 'urn:ietf:rfc:7807' }),
    );
  });
});
