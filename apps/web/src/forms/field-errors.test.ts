import { CreateOAuthAppInput, CreateTaskInput, SignUpInput, UpdateTaskInput } from '@charter/contract';
import { describe, expect, it } from 'vitest';
import { firstInvalidField, formErrorsOf } from './field-errors.ts';

const taskFields = ['title', 'description', 'status', 'due', 'labels', 'assigneeId'];
const projectId = '3f6c2a1e-8b4d-4e2f-9a7c-5d1b0e6f4a21';

function issuesOf(result: {
  success: boolean;
  error?: { issues: readonly { path: PropertyKey[]; message: string }[] };
}) {
  return result.error?.issues ?? [];
}

describe('formErrorsOf', () => {
  it("puts each of the contract schema's issues under the field it names, in words for people", () => {
    const issues = issuesOf(SignUpInput.safeParse({ email: 'not an email', password: 'short', name: '  ' }));
    const errors = formErrorsOf(issues, { fields: ['email', 'password', 'name'] });
    expect(Object.keys(errors.fields).sort()).toEqual(['email', 'name', 'password']);
    expect(errors.fields.email).toEqual(['Enter an email address, like name@example.com.']);
    expect(errors.form).toEqual([]);
  });

  it('names the item of an array field that is wrong', () => {
    const issues = issuesOf(
      CreateOAuthAppInput.safeParse({
        name: 'App',
        redirectUris: ['https://ok.example.com/cb', 'http://example.com/cb'],
        confidential: true,
        scopes: ['tasks:read'],
      }),
    );
    const errors = formErrorsOf(issues, {
      fields: ['name', 'redirectUris', 'scopes'],
      itemNoun: { redirectUris: 'Line' },
    });
    expect(errors.fields.redirectUris).toEqual(['Line 2: Must use https, or http on 127.0.0.1 or [::1].']);
  });

  it('maps an input key to the field that edits it', () => {
    const issues = issuesOf(
      CreateTaskInput.safeParse({ projectId, title: 'T', dueDate: new Date(Number.NaN) }),
    );
    const errors = formErrorsOf(issues, { fields: taskFields, aliases: { dueDate: 'due' } });
    expect(Object.keys(errors.fields)).toEqual(['due']);
  });

  it('keeps issues of the whole input, or of fields the form does not show, for above the form', () => {
    const whole = issuesOf(UpdateTaskInput.safeParse({ id: projectId }));
    expect(formErrorsOf(whole, { fields: taskFields }).form).toEqual(['Give at least one field to change.']);
    const hidden = issuesOf(CreateTaskInput.safeParse({ projectId: 'nope', title: 'T' }));
    const errors = formErrorsOf(hidden, { fields: taskFields });
    expect(errors.form).toHaveLength(1);
    expect(errors.fields).toEqual({});
  });

  it('takes the issues the server sends back, which are plain data', () => {
    const sent = {
      path: ['labels', 0],
      code: 'too_big',
      message: 'Too big: expected string to have <=50 characters',
    };
    const errors = formErrorsOf([sent], {
      fields: taskFields,
      itemNoun: { labels: 'Label' },
    });
    expect(errors.fields.labels).toEqual(['Label 1: Use at most 50 characters.']);
  });
});

describe('firstInvalidField', () => {
  it('follows the form order, not the order the issues came in', () => {
    const errors = formErrorsOf(
      [
        { path: ['labels'], message: 'x' },
        { path: ['title'], message: 'y' },
      ],
      { fields: taskFields },
    );
    expect(firstInvalidField(errors, taskFields)).toBe('title');
    expect(firstInvalidField({ fields: {}, form: ['x'] }, taskFields)).toBeUndefined();
  });
});
