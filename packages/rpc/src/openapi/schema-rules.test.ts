import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import { openApiDocument } from './openapi-document.ts';
import type { JsonSchema, OperationObject, ParameterObject } from './openapi-types.ts';
import { inputRules, unsaidRules, unstatedRules } from './schema-rules.ts';
import { serverOptions, validationErrors } from './test-kit.ts';

const c = initContract({ errors: defineErrors({}), scopes: {} });
const Instant = z
  .date()
  .min(new Date('0001-01-01T00:00:00.000Z'), { error: 'Must be in year 1 or later.' })
  .max(new Date('9999-12-31T23:59:59.999Z'));
const Future = Instant.refine((at) => at.getTime() > Date.now(), { error: 'Must be in the future.' });
const Range = z
  .object({ from: Instant.optional().describe('Where the range starts.'), to: Instant.optional() })
  .default({})
  .refine(({ from, to }) => !(from && to && from >= to), { message: '`from` must be before `to`.' });

const contract = c.contract({
  reminders: {
    create: c.mutation({
      summary: 'Set a reminder',
      auth: 'public',
      rest: { method: 'POST', path: '/reminders' },
      input: z.object({ at: Future }),
      output: z.object({ at: z.date() }),
    }),
    list: c.query({
      summary: 'List reminders',
      auth: 'public',
      rest: { method: 'GET', path: '/reminders' },
      input: Range,
      output: z.array(z.date()),
    }),
  },
});
const document = openApiDocument(contract, serverOptions);
const operation = (id: string): OperationObject =>
  Object.values(document.paths)
    .flatMap((item) => Object.values(item))
    .find((each) => each.operationId === id) as OperationObject;

describe('rules JSON Schema cannot state', () => {
  it("says a refinement's message, and a date's bounds, in the field's description", async () => {
    const body = document.components.schemas.RemindersCreateInput as JsonSchema;
    expect((body.properties as Record<string, JsonSchema>).at).toEqual({
      type: 'string',
      format: 'date-time',
      description:
        'Must be in year 1 or later. Must be at or before 9999-12-31T23:59:59.999Z. Must be in the future.',
    });
    expect(await validationErrors(document)).toBeUndefined();
  });

  it("keeps a field's own description first and its rules after, on a query parameter too", () => {
    const [from, to] = operation('remindersList').parameters as ParameterObject[];
    expect(from?.description).toBe(
      'Where the range starts. Must be in year 1 or later. Must be at or before 9999-12-31T23:59:59.999Z.',
    );
    expect(to?.description).toBe(
      'Must be in year 1 or later. Must be at or before 9999-12-31T23:59:59.999Z.',
    );
  });

  it("puts a rule on the input as a whole (a range in order) in the operation's description", () => {
    expect(inputRules(Range)).toEqual(['`from` must be before `to`.']);
    expect(operation('remindersList').description).toContain('**Rules:** `from` must be before `to`.');
    expect(operation('remindersCreate').description).not.toContain('**Rules:**');
  });

  it('refuses to describe a refinement that says nothing, naming where it is', () => {
    const Silent = z.object({
      name: z.string(),
      slug: z.string().check((ctx) => {
        if (ctx.value.includes(' '))
          ctx.issues.push({ code: 'custom', message: 'No spaces.', input: ctx.value });
      }),
    });
    expect(unsaidRules(Silent)).toEqual(['slug']);
    expect(() =>
      openApiDocument(
        c.contract({
          slugs: c.mutation({ summary: 'Slug', auth: 'public', input: Silent, output: z.null() }),
        }),
        serverOptions,
      ),
    ).toThrow('A refinement at slug says nothing the document could show');
  });

  it('takes the description of a refined schema as saying its rule', () => {
    const Described = z
      .string()
      .check(() => {})
      .describe('No spaces.');
    expect(unsaidRules(z.object({ slug: Described }))).toEqual([]);
    expect(unstatedRules(Described)).toEqual([]);
  });
});
