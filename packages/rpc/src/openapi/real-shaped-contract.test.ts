// A contract shaped like Charter's own (packages/contract), built here because the toolkit may not
// depend on it: refinements, custom checks, `.default({})` objects, discriminated unions, nullable
// Dates, bounded arrays and enums.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import { openApiDocument } from './openapi-document.ts';
import type { OperationObject, ParameterObject, Reference, ResponseObject } from './openapi-types.ts';
import { serverOptions, validationErrors } from './test-kit.ts';

const Id = z.uuid().describe('A UUID.');
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    .regex(/^[^\u0000-\u001F\u007F-\u009F]*$/, { error: 'Control characters are not allowed.' });
const Instant = z.date().min(new Date('0001-01-01T00:00:00Z')).max(new Date('9999-12-31T23:59:59Z'));
const Email = z.string().trim().toLowerCase().max(254).check(z.email()).describe('An email address.');
const PageSize = z.number().int().min(1).max(100).default(20);
const RedirectUri = z
  .string()
  .max(2000)
  .check((ctx) => {
    if (!URL.canParse(ctx.value))
      ctx.issues.push({ code: 'custom', message: 'Must be a URL.', input: ctx.value });
  })
  .meta({ format: 'uri', description: 'An absolute URL.' });

const TaskStatus = z.enum(['todo', 'in_progress', 'done']);
const Task = z.object({
  id: Id,
  projectId: Id,
  title: z.string(),
  status: TaskStatus,
  dueDate: z.date().nullable(),
  labels: z.array(z.string()),
  assigneeId: Id.nullable(),
  createdAt: z.date(),
});
const Project = z.object({ id: Id, name: z.string(), role: z.enum(['owner', 'admin', 'member', 'viewer']) });
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const errors = defineErrors({
  EMAIL_TAKEN: { status: 409, message: 'An account with this email already exists.' },
  INVALID_CURSOR: { status: 400, message: 'The pagination cursor is invalid.' },
  ASSIGNEE_NOT_A_MEMBER: { status: 400, message: 'The assignee must be a member of the project.' },
});
const c = initContract({
  errors,
  scopes: { 'tasks:read': 'Read tasks', 'tasks:write': 'Write tasks', 'account:read': 'Read your account' },
});

const contract = c.contract({
  auth: {
    signUp: c.mutation({
      budget: 'auth',
      summary: 'Create an account',
      auth: 'public',
      rest: { method: 'POST', path: '/auth/sign-up' },
      errors: ['EMAIL_TAKEN'],
      input: z.object({
        email: Email,
        password: z.string().min(8).max(128),
        redirectUri: RedirectUri.optional(),
      }),
      output: z.object({ accessToken: z.string(), expiresAt: z.date() }),
      examples: [
        { title: 'Sign up', input: { email: 'ada@example.com', password: 'correct horse battery' } },
      ],
    }),
  },
  projects: {
    list: c.query({
      summary: 'List your projects',
      auth: 'required',
      rest: { method: 'GET', path: '/projects' },
      input: z.object({ cursor: z.string().min(1).optional(), limit: PageSize }).default({ limit: 20 }),
      output: page(Project),
    }),
  },
  tasks: {
    list: c.query({
      summary: "List a project's tasks",
      auth: 'required',
      scopes: ['tasks:read'],
      cost: 2,
      rest: { method: 'GET', path: '/projects/{projectId}/tasks' },
      errors: ['NOT_FOUND', 'INVALID_CURSOR'],
      input: z
        .object({
          projectId: Id,
          cursor: z.string().optional(),
          limit: PageSize,
          status: z.array(TaskStatus).min(1).max(3).optional(),
          assigneeId: Id.nullable().optional(),
          dueFrom: Instant.optional(),
          dueBefore: Instant.optional(),
          sort: z.enum(['createdAt', 'dueDate']).default('createdAt'),
        })
        .refine((input) => !(input.dueFrom && input.dueBefore && input.dueFrom >= input.dueBefore), {
          message: '`dueFrom` must be before `dueBefore`.',
          path: ['dueBefore'],
        }),
      output: page(Task),
    }),
    update: c.mutation({
      summary: 'Edit a task',
      auth: 'required',
      scopes: ['tasks:write'],
      cost: 2,
      rest: { method: 'PATCH', path: '/tasks/{id}' },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'ASSIGNEE_NOT_A_MEMBER'],
      input: z
        .object({
          id: Id,
          title: line(200).optional(),
          dueDate: Instant.nullable().optional(),
          labels: z.array(line(50)).max(20).optional(),
          assigneeId: Id.nullable().optional(),
        })
        .refine(
          (input) => Object.entries(input).some(([key, value]) => key !== 'id' && value !== undefined),
          {
            message: 'Give at least one field to change.',
          },
        ),
      output: Task,
    }),
    delete: c.mutation({
      summary: 'Delete a task',
      auth: 'required',
      scopes: ['tasks:write'],
      rest: { method: 'DELETE', path: '/tasks/{id}' },
      errors: ['NOT_FOUND'],
      input: z.object({ id: Id }),
      output: z.object({ id: Id, deleted: z.literal(true) }),
    }),
    onChange: c.subscription({
      summary: "Follow a project's task changes live",
      auth: 'required',
      scopes: ['tasks:read'],
      cost: 5,
      rest: { method: 'GET', path: '/projects/{projectId}/tasks/events' },
      input: z.object({ projectId: Id }),
      output: z.discriminatedUnion('type', [
        z.object({ type: z.literal('created'), task: Task, occurredAt: z.date() }),
        z.object({ type: z.literal('deleted'), taskId: Id, occurredAt: z.date() }),
      ]),
    }),
  },
  usage: {
    get: c.query({
      summary: 'Your calls per hour',
      auth: 'required',
      scopes: ['account:read'],
      rest: { method: 'GET', path: '/usage' },
      input: z
        .object({ from: Instant.optional(), to: Instant.optional() })
        .default({})
        .refine(({ from, to }) => !(from && to && from >= to), { message: '`from` must be before `to`.' }),
      output: z.object({
        entries: z.array(
          z.object({
            hour: z.date(),
            caller: z.discriminatedUnion('kind', [
              z.object({ kind: z.literal('user') }),
              z.object({ kind: z.literal('apiKey'), apiKeyId: Id }),
            ]),
            calls: z.number().int(),
          }),
        ),
      }),
    }),
  },
});

const document = openApiDocument(contract, {
  ...serverOptions,
  schemas: { Task, Project },
  budgets: { auth: '20 calls a minute per client address' },
});
const operation = (id: string) =>
  Object.values(document.paths)
    .flatMap((item) => Object.values(item))
    .find((each) => each.operationId === id) as OperationObject;
const component = (ref: unknown) =>
  document.components.schemas[String((ref as Reference).$ref).replace('#/components/schemas/', '')];
const parameters = (id: string) =>
  (operation(id).parameters ?? []).map((parameter) =>
    '$ref' in parameter
      ? (document.components.parameters[
          parameter.$ref.replace('#/components/parameters/', '')
        ] as ParameterObject)
      : parameter,
  );
const responseContent = (id: string) => (operation(id).responses[200] as ResponseObject).content ?? {};

describe('a contract shaped like the real one', () => {
  it('produces a document the official OpenAPI 3.1 schema accepts', async () => {
    expect(await validationErrors(document)).toBeUndefined();
  });

  it('publishes the named schemas once and refers to them from lists, bodies and events', () => {
    expect(document.components.schemas.Task).toMatchObject({
      properties: {
        dueDate: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
        labels: { type: 'array', items: { type: 'string', xml: { name: 'i' } }, xml: { wrapped: true } },
      },
    });
    const list = component(responseContent('tasksList')['application/json']?.schema);
    expect(list?.properties).toMatchObject({
      items: { type: 'array', items: { $ref: '#/components/schemas/Task' } },
      nextCursor: { type: ['string', 'null'] },
    });
    expect(JSON.stringify(document.paths)).toContain('"$ref":"#/components/schemas/Task"');
  });

  it('keeps a refined input as its object, with the path parameter out of the PATCH body', () => {
    const update = operation('tasksUpdate');
    expect(update.parameters).toEqual([{ $ref: '#/components/parameters/id' }]);
    const body = component(update.requestBody?.content['application/json']?.schema);
    expect(Object.keys(body?.properties as object)).toEqual(['title', 'dueDate', 'labels', 'assigneeId']);
    expect(body).not.toHaveProperty('required');
    expect(body?.properties).toMatchObject({
      dueDate: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
      labels: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 50 } },
    });
  });

  it('reads a list filter as query parameters: bounded arrays repeated, enums, defaults, nullable', () => {
    const byName = Object.fromEntries(
      parameters('tasksList').map((parameter) => [parameter.name, parameter]),
    );
    expect(byName.status).toMatchObject({
      in: 'query',
      required: false,
      style: 'form',
      explode: true,
      schema: { type: 'array', minItems: 1, maxItems: 3, items: { enum: ['todo', 'in_progress', 'done'] } },
    });
    expect(byName.sort?.schema).toEqual({
      type: 'string',
      enum: ['createdAt', 'dueDate'],
      default: 'createdAt',
    });
    expect(byName.assigneeId?.description).toContain('Send the text `null` for null.');
    // What travels in the URL: a UUID or the text `null`, never JSON null.
    expect(byName.assigneeId?.schema).toMatchObject({
      anyOf: [
        { type: 'string', format: 'uuid' },
        { type: 'string', const: 'null' },
      ],
    });
    expect(byName.dueFrom?.schema).toEqual({ type: 'string', format: 'date-time' });
  });

  it('makes every field of a `.default({})` input an optional query parameter', () => {
    expect(parameters('usageGet').map(({ name, required }) => [name, required])).toEqual([
      ['from', false],
      ['to', false],
    ]);
    expect(parameters('projectsList').map(({ name, required }) => [name, required])).toEqual([
      ['cursor', false],
      ['limit', false],
    ]);
  });

  it('describes a discriminated union as oneOf its branches', () => {
    const event = responseContent('tasksOnChange')['text/event-stream']?.['x-event-schema'] as {
      oneOf: unknown[];
    };
    expect(event.oneOf).toHaveLength(2);
    expect(event.oneOf[0]).toMatchObject({
      properties: { type: { const: 'created' }, task: { $ref: '#/components/schemas/Task' } },
    });
  });

  it('documents custom checks by what JSON Schema can say of them, and an email by its format', () => {
    const body = component(operation('authSignUp').requestBody?.content['application/json']?.schema);
    expect(body?.properties).toMatchObject({
      email: { type: 'string', format: 'email', maxLength: 254 },
      redirectUri: { type: 'string', maxLength: 2000, format: 'uri', description: 'An absolute URL.' },
    });
  });

  it("describes a named budget in the operation's words", () => {
    expect(operation('authSignUp')['x-rate-limit']).toEqual({ cost: 1, budget: 'auth' });
    expect(operation('authSignUp').description).toBe(
      "**Authentication:** none.\n\n**Rate limit:** costs 1 point of the caller's budget; also draws on the `auth` budget (20 calls a minute per client address).",
    );
  });
});
