import { type AnyProcedure, listProcedures, type ProcedureExample } from '@charter/rpc';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { contract, Session } from './index.ts';

const entries = listProcedures(contract.procedures);
const byPath = new Map(entries.map(({ path, procedure }) => [path, procedure]));

/** Everything wrong with a procedure's worked examples, one line per problem; none when they are sound. */
function problemsOf(procedure: AnyProcedure): string[] {
  const { examples } = procedure.meta;
  if (examples.length === 0) return ['has no example'];
  const problems: string[] = [];
  const titles = examples.map((example) => example.title);
  for (const title of new Set(titles.filter((title, index) => titles.indexOf(title) !== index)))
    problems.push(`"${title}": the title is used twice`);
  for (const example of examples) {
    if (procedure.input) problems.push(...issuesOf(example, 'input', procedure.input));
    else if (example.input !== undefined) problems.push(`"${example.title}": the procedure takes no input`);
    // The docs print each example as a request and its response: one without a response is half of one.
    if (example.output === undefined) problems.push(`"${example.title}": no output`);
    else problems.push(...issuesOf(example, 'output', procedure.output));
  }
  return problems;
}

function issuesOf(example: ProcedureExample, side: 'input' | 'output', schema: z.core.$ZodType): string[] {
  const result = z.safeParse(schema, example[side]);
  return (result.error?.issues ?? []).map(
    (issue) => `"${example.title}": ${side} ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
}

function withExamples(path: string, examples: ProcedureExample[]): AnyProcedure {
  const procedure = byPath.get(path);
  if (!procedure) throw new Error(`no procedure ${path}`);
  return { ...procedure, meta: { ...procedure.meta, examples } };
}

/** A valid output of a procedure, taken from its own first example. */
function firstOutputOf(path: string): unknown {
  return byPath.get(path)?.meta.examples[0]?.output;
}

function decodeJwtPart(part: string | undefined): unknown {
  return JSON.parse(atob((part ?? '').replaceAll('-', '+').replaceAll('_', '/')));
}

/** Every string in the examples, wherever it sits. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.values(value).flatMap(stringsIn);
  return [];
}

// The formats apps/server issues (security/api-keys.ts, security/sessions.ts, oauth/clients.ts).
const credentialFormats: [prefix: string, format: RegExp, secret: (value: string) => boolean][] = [
  ['chk_', /^chk_[0-9a-f]{16}(?:_[A-Za-z0-9_-]{43})?$/, (value) => value.length > 'chk_'.length + 16],
  ['chr_', /^chr_[A-Za-z0-9_-]{43}$/, () => true],
  ['chs_', /^chs_[A-Za-z0-9_-]{43}$/, () => true],
  ['cha_', /^cha_[0-9a-f]{24}$/, () => false],
];
const exampleStrings = entries.flatMap(({ procedure }) =>
  procedure.meta.examples.flatMap((example) => stringsIn([example.input, example.output])),
);

describe('worked examples', () => {
  it.each(entries.map(({ path }) => path))(
    '%s has a worked example whose input and output match its schemas',
    (path) => {
      expect(problemsOf(byPath.get(path) as AnyProcedure)).toEqual([]);
    },
  );

  it('reports a procedure without examples', () => {
    expect(problemsOf(withExamples('tasks.get', []))).toEqual(['has no example']);
  });

  it('reports an input its schema refuses', () => {
    const procedure = withExamples('tasks.get', [
      { title: 'Bad id', input: { id: 'task-1' }, output: firstOutputOf('tasks.get') },
    ]);
    expect(problemsOf(procedure)).toEqual([expect.stringMatching(/^"Bad id": input id: /)]);
  });

  it('reports an output its schema refuses', () => {
    const procedure = withExamples('tasks.delete', [
      {
        title: 'Not deleted',
        input: { id: '9a0f3d6c-5e1b-4a72-b4d8-1e7c2f9a6b03' },
        output: { deleted: false },
      },
    ]);
    expect(problemsOf(procedure)).toEqual([
      expect.stringMatching(/^"Not deleted": output id: /),
      expect.stringMatching(/^"Not deleted": output deleted: /),
    ]);
  });

  it('reports an example without an output', () => {
    const procedure = withExamples('auth.logOut', [{ title: 'Log out', input: { refreshToken: 'chr_x' } }]);
    expect(problemsOf(procedure)).toEqual(['"Log out": no output']);
  });

  it('reports an input given to a procedure that takes none', () => {
    const procedure = withExamples('auth.me', [{ title: 'Me', input: { id: 1 }, output: undefined }]);
    expect(problemsOf(procedure)).toContain('"Me": the procedure takes no input');
  });

  it('reports two examples of one procedure with the same title', () => {
    const example = byPath.get('tasks.get')?.meta.examples[0] as ProcedureExample;
    expect(problemsOf(withExamples('tasks.get', [example, example]))).toEqual([
      `"${example.title}": the title is used twice`,
    ]);
  });

  it.each(credentialFormats)(
    'writes every %s credential in the format the server issues, and marks secrets EXAMPLE',
    (prefix, format, secret) => {
      const found = exampleStrings.filter((value) => value.startsWith(prefix));
      expect(found.length).toBeGreaterThan(0);
      for (const value of found) {
        expect(value).toMatch(format);
        if (secret(value)) expect(value).toContain('EXAMPLE');
      }
    },
  );

  it('gives sessions an access token shaped like the server’s JWTs, with a signature marked EXAMPLE', () => {
    const sessions = ['auth.signUp', 'auth.logIn', 'auth.refresh']
      .flatMap((path) => byPath.get(path)?.meta.examples ?? [])
      .map((example) => z.parse(Session, example.output));
    expect(sessions).toHaveLength(3);
    for (const session of sessions) {
      const [header, claims, signature] = session.accessToken.split('.');
      expect(decodeJwtPart(header)).toMatchObject({
        alg: 'ES256',
        typ: 'at+jwt',
      });
      expect(decodeJwtPart(claims)).toMatchObject({
        sub: session.user.id,
        exp: session.expiresAt.getTime() / 1000,
      });
      expect(signature).toContain('EXAMPLE');
    }
  });
});
