import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import { type RestOperation, restOperations } from '../rest/rest-operations.ts';
import { errorCodesOf, errorResponse, errorsByStatus } from './error-responses.ts';

const errors = defineErrors({
  USER_NOT_FOUND: { status: 404, message: 'No such user.' },
  BAD_CURSOR: {
    status: 400,
    message: 'The cursor is invalid.',
    description: 'Pass `nextCursor` back as it came.',
  },
});
const c = initContract({ errors, scopes: { 'users:read': 'Read users' } });
const contract = c.contract({
  users: {
    list: c.query({
      summary: 'List',
      auth: 'required',
      scopes: ['users:read'],
      errors: ['BAD_CURSOR'],
      input: z.object({ cursor: z.string().optional() }),
      output: z.array(z.string()),
    }),
    invite: c.mutation({
      summary: 'Invite',
      auth: 'public',
      errors: ['USER_NOT_FOUND', 'NOT_FOUND'],
      input: z.object({ email: z.string() }),
      output: z.object({ ok: z.boolean() }),
    }),
    ping: c.mutation({ summary: 'Ping', auth: 'public', output: z.literal('pong') }),
    watch: c.subscription({ summary: 'Watch', auth: 'required', output: z.object({ at: z.date() }) }),
  },
});
const operations = Object.fromEntries(
  restOperations(contract).map((operation) => [operation.procedurePath, operation]),
);
const operation = (path: string) => operations[path] as RestOperation;

describe('errorCodesOf', () => {
  it('adds validation errors when there is input, auth errors when auth is required, and always throttling and failure', () => {
    expect(errorCodesOf(operation('users.list'))).toEqual([
      'BAD_REQUEST',
      'VALIDATION_FAILED',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_ACCEPTABLE',
      'TOO_MANY_REQUESTS',
      'INTERNAL_SERVER_ERROR',
      'SERVICE_UNAVAILABLE',
      'BAD_CURSOR',
    ]);
  });

  it('adds body size and media type errors to an operation that reads a body', () => {
    expect(errorCodesOf(operation('users.invite'))).toEqual(
      expect.arrayContaining(['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'USER_NOT_FOUND', 'NOT_FOUND']),
    );
    expect(errorCodesOf(operation('users.invite'))).not.toContain('UNAUTHORIZED');
  });

  it('adds no validation to an operation without input, but a malformed request and an outage reach it too', () => {
    expect(errorCodesOf(operation('users.ping'))).toEqual([
      'BAD_REQUEST',
      'NOT_ACCEPTABLE',
      'TOO_MANY_REQUESTS',
      'INTERNAL_SERVER_ERROR',
      'SERVICE_UNAVAILABLE',
    ]);
  });

  it('never answers a stream with 406: it is always text/event-stream', () => {
    expect(errorCodesOf(operation('users.watch'))).not.toContain('NOT_ACCEPTABLE');
  });
});

describe('errorsByStatus', () => {
  it('groups codes that share a status, lowest status first, naming the group after its codes', () => {
    const groups = errorsByStatus(
      ['TOO_MANY_REQUESTS', 'USER_NOT_FOUND', 'BAD_REQUEST', 'NOT_FOUND', 'BAD_CURSOR'],
      errors,
    );
    expect(
      groups.map(({ status, errors: entries, componentName }) => [
        status,
        entries.map((e) => e.code),
        componentName,
      ]),
    ).toEqual([
      [400, ['BAD_REQUEST', 'BAD_CURSOR'], 'BadRequestOrBadCursor'],
      [404, ['USER_NOT_FOUND', 'NOT_FOUND'], 'UserNotFoundOrNotFound'],
      [429, ['TOO_MANY_REQUESTS'], 'TooManyRequests'],
    ]);
  });

  it('finds the REST-only NOT_ACCEPTABLE, which no catalogue lists', () => {
    expect(errorsByStatus(['NOT_ACCEPTABLE'], errors)[0]?.status).toBe(406);
  });

  it('refuses a code the catalogue lacks', () => {
    expect(() => errorsByStatus(['NO_SUCH_CODE'], errors)).toThrow(
      'Error code "NO_SUCH_CODE" is not in the catalogue',
    );
  });
});

describe('errorResponse', () => {
  it("restricts the problem's status and code to the group's, in JSON and XML", () => {
    const [group] = errorsByStatus(['BAD_CURSOR'], errors);
    const response = errorResponse(group as NonNullable<typeof group>);
    expect(response.description).toBe(
      '`BAD_CURSOR`: The cursor is invalid. Pass `nextCursor` back as it came.',
    );
    const schema = {
      allOf: [{ $ref: '#/components/schemas/Problem' }],
      properties: { status: { type: 'integer', const: 400 }, code: { type: 'string', enum: ['BAD_CURSOR'] } },
      xml: { name: 'problem', namespace: 'urn:ietf:rfc:7807' },
    };
    expect(response.content).toEqual({
      'application/problem+json': { schema },
      'application/problem+xml': { schema },
    });
  });
});
