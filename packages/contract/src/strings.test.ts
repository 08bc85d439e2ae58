import { listProcedures } from '@charter/rpc';
import { walkSchema } from '@charter/rpc/openapi';
import { describe, expect, it } from 'vitest';
import type { $ZodType } from 'zod/v4/core';
import { safeParseAsync } from 'zod/v4/core';
import { contract } from './index.ts';

// One value each kind of string the contract takes accepts: a name, an id, an email, a URL, a
// password, a client id, a cursor. A new kind of string needs a witness here, or its test fails.
const witnesses = [
  'Launch plan',
  '3f6c2a1e-8b4d-4e2f-9a7c-5d1b0e6f4a21',
  'ada@example.com',
  'https://app.example/callback',
  'correct horse battery staple',
  'cha_0123456789abcdef00c0ffee',
  'eyJzIjoiZHVlRGF0ZSJ9',
];

/** Every string node of every procedure's input (ids, path and query parameters, cursors, secrets...). */
const strings = listProcedures(contract.procedures).flatMap(({ path, procedure }) => {
  const found: { where: string; schema: $ZodType }[] = [];
  if (procedure.input) {
    walkSchema(procedure.input as $ZodType, (node, at) => {
      if (node._zod.def.type === 'string') found.push({ where: `${path} ${at.join('.')}`, schema: node });
    });
  }
  return found;
});

// Async: a password is checked against a list loaded on first use.
const accepts = async (schema: $ZodType, value: string) => (await safeParseAsync(schema, value)).success;

describe('every string a procedure takes', () => {
  it('is found: the walk reaches ids, names, emails, URLs, secrets and cursors', () => {
    const where = strings.map((string) => string.where);
    expect(where).toEqual(
      expect.arrayContaining([
        'auth.signUp email',
        'auth.signUp password',
        'auth.refresh refreshToken',
        'oauthApps.create redirectUris.[]',
        'oauthApps.delete clientId',
        'tasks.list cursor',
        'tasks.list assigneeId',
        'tasks.update labels.[]',
      ]),
    );
  });

  // PostgreSQL refuses NUL in text: a string that let it through would answer 500, not 400.
  it.each(strings)('$where refuses U+0000 wherever it stands', async ({ schema }) => {
    let witness: string | undefined;
    for (const value of witnesses) if (!witness && (await accepts(schema, value))) witness = value;
    expect(witness, 'no witness value passes this string: add one above').toBeDefined();
    const value = witness as string;
    const middle = Math.floor(value.length / 2);
    const withNul = [
      '\u0000',
      `${value}\u0000`,
      `\u0000${value}`,
      `${value.slice(0, middle)}\u0000${value.slice(middle)}`,
    ];
    for (const each of withNul) expect(await accepts(schema, each), JSON.stringify(each)).toBe(false);
  });
});
