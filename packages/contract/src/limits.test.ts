import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  AddMemberInput,
  CreateOAuthAppInput,
  CreateProjectInput,
  CreateTaskInput,
  EchoInput,
  ListProjectsInput,
  ListTasksInput,
  LogInInput,
  limits,
  SignUpInput,
  UpdateTaskInput,
} from './index.ts';

const id = '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b';
const chars = (n: number) => 'x'.repeat(n);
// A password must not repeat itself (schemas/password.ts): letters seven apart, not one letter n times.
const passwordOf = (n: number) =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');

function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path, code: issue.code }));
}

describe('limits are refused just past their edge', () => {
  it.each([
    [
      'echo message',
      EchoInput,
      { message: chars(limits.echoMessageMaxLength) },
      { message: chars(limits.echoMessageMaxLength + 1) },
      ['message'],
    ],
    [
      'project name',
      CreateProjectInput,
      { name: chars(limits.projectNameMaxLength) },
      { name: chars(limits.projectNameMaxLength + 1) },
      ['name'],
    ],
    [
      'project description',
      CreateProjectInput,
      { name: 'p', description: chars(limits.projectDescriptionMaxLength) },
      { name: 'p', description: chars(limits.projectDescriptionMaxLength + 1) },
      ['description'],
    ],
    [
      'task title',
      CreateTaskInput,
      { projectId: id, title: chars(limits.taskTitleMaxLength) },
      { projectId: id, title: chars(limits.taskTitleMaxLength + 1) },
      ['title'],
    ],
    [
      'task description',
      CreateTaskInput,
      { projectId: id, title: 't', description: chars(limits.taskDescriptionMaxLength) },
      { projectId: id, title: 't', description: chars(limits.taskDescriptionMaxLength + 1) },
      ['description'],
    ],
    [
      'label length',
      CreateTaskInput,
      { projectId: id, title: 't', labels: [chars(limits.labelMaxLength)] },
      { projectId: id, title: 't', labels: [chars(limits.labelMaxLength + 1)] },
      ['labels', 0],
    ],
    [
      'labels per task',
      CreateTaskInput,
      {
        projectId: id,
        title: 't',
        labels: Array.from({ length: limits.labelsPerTaskMax }, (_, i) => `l${i}`),
      },
      {
        projectId: id,
        title: 't',
        labels: Array.from({ length: limits.labelsPerTaskMax + 1 }, (_, i) => `l${i}`),
      },
      ['labels'],
    ],
    [
      'page size',
      ListTasksInput,
      { projectId: id, limit: limits.pageSizeMax },
      { projectId: id, limit: limits.pageSizeMax + 1 },
      ['limit'],
    ],
    [
      'cursor length',
      ListProjectsInput,
      { cursor: chars(limits.cursorMaxLength) },
      { cursor: chars(limits.cursorMaxLength + 1) },
      ['cursor'],
    ],
    [
      'password length',
      SignUpInput,
      { email: 'a@b.co', name: 'A', password: passwordOf(limits.passwordMaxLength) },
      { email: 'a@b.co', name: 'A', password: passwordOf(limits.passwordMaxLength + 1) },
      ['password'],
    ],
    [
      'password minimum',
      SignUpInput,
      { email: 'a@b.co', name: 'A', password: passwordOf(limits.passwordMinLength) },
      { email: 'a@b.co', name: 'A', password: passwordOf(limits.passwordMinLength - 1) },
      ['password'],
    ],
    [
      'user name',
      SignUpInput,
      { email: 'a@b.co', password: passwordOf(8), name: chars(limits.userNameMaxLength) },
      { email: 'a@b.co', password: passwordOf(8), name: chars(limits.userNameMaxLength + 1) },
      ['name'],
    ],
    [
      'email length',
      LogInInput,
      { email: `${chars(limits.emailMaxLength - 6)}@b.com`, password: 'p' },
      { email: `${chars(limits.emailMaxLength - 5)}@b.com`, password: 'p' },
      ['email'],
    ],
  ] as const)('%s', (_name, schema, atLimit, pastLimit, path) => {
    expect(issuesOf(schema, atLimit)).toEqual([]);
    expect(issuesOf(schema, pastLimit).map((issue) => issue.path)).toEqual([path]);
  });

  it('refuses a page size below one and a fractional one', () => {
    expect(issuesOf(ListTasksInput, { projectId: id, limit: 0 })).toEqual([
      { path: ['limit'], code: 'too_small' },
    ]);
    expect(issuesOf(ListTasksInput, { projectId: id, limit: 1.5 })).toEqual([
      { path: ['limit'], code: 'invalid_type' },
    ]);
  });
});

describe('schemas normalise what they accept', () => {
  it('trims and lowercases emails', () => {
    expect(LogInInput.parse({ email: '  Ada@Example.COM ', password: 'p' }).email).toBe('ada@example.com');
  });

  it('trims names and refuses a blank one', () => {
    expect(CreateProjectInput.parse({ name: '  Launch  ' }).name).toBe('Launch');
    expect(issuesOf(CreateProjectInput, { name: '   ' })).toEqual([{ path: ['name'], code: 'too_small' }]);
  });

  it('defaults the page size, sort and order of a task list', () => {
    expect(ListTasksInput.parse({ projectId: id })).toEqual({
      projectId: id,
      limit: limits.pageSizeDefault,
      sort: 'createdAt',
      order: 'desc',
    });
    expect(ListProjectsInput.parse(undefined)).toEqual({ limit: limits.pageSizeDefault });
  });

  it('refuses an empty or reversed due range', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    expect(issuesOf(ListTasksInput, { projectId: id, dueFrom: at, dueBefore: at })).toEqual([
      { path: ['dueBefore'], code: 'custom' },
    ]);
  });

  it('refuses an update that changes nothing, even with the keys present', () => {
    expect(issuesOf(UpdateTaskInput, { id })).toEqual([{ path: [], code: 'custom' }]);
    expect(issuesOf(UpdateTaskInput, { id, title: undefined })).toEqual([{ path: [], code: 'custom' }]);
    expect(issuesOf(UpdateTaskInput, { id, dueDate: null })).toEqual([]);
  });

  it('refuses making someone owner through membership', () => {
    expect(issuesOf(AddMemberInput, { projectId: id, email: 'a@b.co', role: 'owner' })).toEqual([
      { path: ['role'], code: 'invalid_value' },
    ]);
  });
});

describe('text and time are refused where the database could not store them exactly', () => {
  it('refuses control characters in names, titles and labels, NUL above all', () => {
    expect(issuesOf(CreateTaskInput, { projectId: id, title: 'a\u0000b' })).toEqual([
      { path: ['title'], code: 'invalid_format' },
    ]);
    expect(issuesOf(CreateTaskInput, { projectId: id, title: 't', labels: ['x\u001b[31m'] })).toEqual([
      { path: ['labels', 0], code: 'invalid_format' },
    ]);
    expect(issuesOf(CreateProjectInput, { name: 'line\nbreak' })).toEqual([
      { path: ['name'], code: 'invalid_format' },
    ]);
  });

  it('allows tabs and line breaks in descriptions, but not NUL', () => {
    expect(issuesOf(CreateTaskInput, { projectId: id, title: 't', description: 'one\n\ttwo\r\n' })).toEqual(
      [],
    );
    expect(issuesOf(CreateTaskInput, { projectId: id, title: 't', description: 'a\u0000' })).toEqual([
      { path: ['description'], code: 'invalid_format' },
    ]);
  });

  it('accepts instants from year 1 to year 9999, and nothing outside', () => {
    const at = (iso: string) => ({ projectId: id, title: 't', dueDate: new Date(iso) });
    expect(issuesOf(CreateTaskInput, at(limits.instantMin))).toEqual([]);
    expect(issuesOf(CreateTaskInput, at(limits.instantMax))).toEqual([]);
    expect(
      issuesOf(CreateTaskInput, {
        ...at(limits.instantMin),
        dueDate: new Date(Date.parse(limits.instantMin) - 1),
      }),
    ).toEqual([{ path: ['dueDate'], code: 'too_small' }]);
    expect(
      issuesOf(CreateTaskInput, {
        ...at(limits.instantMax),
        dueDate: new Date(Date.parse(limits.instantMax) + 1),
      }),
    ).toEqual([{ path: ['dueDate'], code: 'too_big' }]);
    expect(issuesOf(ListTasksInput, { projectId: id, dueFrom: new Date(8.64e15) })).toEqual([
      { path: ['dueFrom'], code: 'too_big' },
    ]);
  });
});

describe('OAuth redirect URIs', () => {
  const app = (uri: string) => ({
    name: 'App',
    redirectUris: [uri],
    confidential: false,
    scopes: ['account:read'],
  });
  it.each([
    'https://app.example.com/callback',
    'https://app.example.com:8443/cb?x=1',
    'http://127.0.0.1:8765/callback',
    'http://[::1]:9/cb',
  ])('accepts %s', (uri) => {
    expect(issuesOf(CreateOAuthAppInput, app(uri))).toEqual([]);
  });

  it.each([
    'http://evil.example/cb',
    'http://localhost:8765/cb',
    'https://good.example@evil.example/cb',
    'https://evil.example\\@good.example/cb',
    'https://app.example./cb',
    'https://app.example/cb#x',
    'HTTPS://app.example/cb',
    'https://app.example:443/cb',
    'https://bücher.example/cb',
    'https://app.example',
    'not a url',
  ])('refuses %s', (uri) => {
    expect(issuesOf(CreateOAuthAppInput, app(uri))).toEqual([{ path: ['redirectUris', 0], code: 'custom' }]);
  });
});
