import { beforeAll, describe, expect, it } from 'vitest';
import { loadCommonPasswords } from './password.ts';
import { LogInInput, Password, SignUpInput } from './user.ts';

const issuesOf = async (password: string) => {
  const result = await Password.safeParseAsync(password);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('Password (a new one)', () => {
  beforeAll(() => loadCommonPasswords());

  it.each([
    'correct horse battery',
    'Tr0ub4dor&3x',
    'pw-8c1e6a8e-3f0b-4d51-9d0e-5b7f3c2a1e90',
    'correct horse 1a2b3c4d',
    'zebra umbrella 42',
    '日本語のパスワードです',
  ])('accepts %j', async (password) => {
    expect(await issuesOf(password)).toEqual([]);
  });

  it.each([
    ['twelve spaces', ' '.repeat(12)],
    ['one letter throughout', 'aaaaaaaa'],
    ['counting up', '12345678'],
    ['counting down', '87654321'],
    ['the alphabet', 'abcdefgh'],
    ['the alphabet backwards', 'zyxwvuts'],
    ['two runs', 'abcd1234'],
    ['two runs of one character', 'aaaa1111'],
    ['a short text repeated', 'abcabcabc'],
    ['a pair repeated', '12121212'],
    ['a word repeated', 'horsehorse'],
    ['a keyboard walk', 'qwertyui'],
    ['a keyboard walk backwards', 'lkjhgfdsa'],
    ['digits wrapping past 9', '7890123456'],
  ])('refuses %s as trivially repetitive', async (_name, password) => {
    expect(await issuesOf(password)).toContain(
      'Too easy to guess: it repeats or runs through a sequence (like aaaaaaaa, 12345678 or qwertyui).',
    );
  });

  it.each([
    'password',
    'Password',
    'PASSWORD',
    'iloveyou',
    'sunshine',
    'baseball',
    'trustno1',
    'superman123',
  ])('refuses %j as a common password, whatever its letter case', async (password) => {
    expect(await issuesOf(password)).toContain(
      'Too easy to guess: it is on a list of common and breached passwords.',
    );
  });

  it('gives one reason at a time', async () => {
    expect(await issuesOf('12345678')).toHaveLength(1);
    expect(await issuesOf('short')).toHaveLength(1);
    expect(await issuesOf(`password${'\0'}`)).toHaveLength(1);
  });

  it('still refuses what is too short or too long', async () => {
    expect(await issuesOf('k9#v')).toHaveLength(1);
    const long = Array.from({ length: 129 }, (_, i) => String.fromCharCode(33 + ((i * 7) % 90))).join('');
    expect(await issuesOf(long)).toHaveLength(1);
    expect(await issuesOf(long.slice(1))).toEqual([]);
  });

  it('is checked at sign-up, and only there: log-in takes an old password that no longer passes', async () => {
    const weak = { email: 'ada@example.com', password: '12345678' };
    expect((await SignUpInput.safeParseAsync({ ...weak, name: 'Ada' })).success).toBe(false);
    expect(LogInInput.safeParse(weak).success).toBe(true);
  });
});
