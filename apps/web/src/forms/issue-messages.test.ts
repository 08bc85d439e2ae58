import { CreateApiKeyInput, CreateTaskInput, SignUpInput } from '@charter/contract';
import { describe, expect, it } from 'vitest';
import { formErrorsOf } from './field-errors.ts';
import { readableMessage } from './issue-messages.ts';

const builtIn = /Too small|Too big|expected|Invalid/;

describe('readableMessage', () => {
  it('says how long a short password must be, in words for people, not zod\'s "Too small: expected string to have >=8 characters"', () => {
    const issues =
      SignUpInput.safeParse({ email: 'a@b.co', name: 'Ada', password: 'short' }).error?.issues ?? [];
    const errors = formErrorsOf(issues, { fields: ['email', 'password', 'name'] });
    expect(errors.fields.password).toEqual(['Use at least 8 characters.']);
  });

  it('writes every message of a refused sign-up, task and API key for people', () => {
    const refused = [
      SignUpInput.safeParse({ email: 'not an email', password: '', name: '' }),
      CreateTaskInput.safeParse({ projectId: 'nope', title: '', labels: [''], status: 'later' }),
      CreateApiKeyInput.safeParse({ name: '', scopes: [] }),
    ];
    const messages = refused.flatMap((result) => (result.error?.issues ?? []).map(readableMessage));
    expect(messages.length).toBeGreaterThan(6);
    for (const message of messages) expect(message).not.toMatch(builtIn);
    expect(messages).toContain('Enter an email address, like name@example.com.');
    expect(messages).toContain('Fill this in.');
    expect(messages).toContain('Choose at least one.');
    expect(messages).toContain('Choose one of the options.');
  });

  it("rewrites zod's message in an issue the server sent back, which has only a code and a message", () => {
    expect(
      readableMessage({
        path: ['password'],
        code: 'too_small',
        message: 'Too small: expected string to have >=8 characters',
      }),
    ).toBe('Use at least 8 characters.');
    expect(
      readableMessage({
        path: ['title'],
        code: 'too_big',
        message: 'Too big: expected string to have <=200 characters',
      }),
    ).toBe('Use at most 200 characters.');
    expect(
      readableMessage({ path: ['email'], code: 'invalid_format', message: 'Invalid email address' }),
    ).toBe('Enter an email address, like name@example.com.');
  });

  it("keeps the contract's own messages, which are already written for people", () => {
    expect(readableMessage({ path: ['dueDate'], code: 'custom', message: 'Must be in the future.' })).toBe(
      'Must be in the future.',
    );
  });
});
