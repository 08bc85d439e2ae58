import { contract } from '@charter/contract';
import { restOperations } from '@charter/rpc/server';
import { describe, expect, it } from 'vitest';
import { type BudgetSizes, defaultBudgets } from '../rate-limit/budgets-config.ts';
import { apiDescription } from './api-description.ts';
import { operationNotes } from './operation-notes.ts';

const origin = 'http://127.0.0.1:1';
const document = apiDescription({ origin });
const notesOf = (procedurePath: string, budgets: BudgetSizes = defaultBudgets) => {
  const operation = restOperations(contract).find((candidate) => candidate.procedurePath === procedurePath);
  if (!operation) throw new Error(`no operation ${procedurePath}`);
  const described = document.paths[operation.path]?.[operation.method.toLowerCase() as 'get'];
  if (!described) throw new Error(`no description of ${procedurePath}`);
  return operationNotes({ origin, document, operation, described, budgets });
};

describe('operationNotes', () => {
  it("links each error code of the operation's responses, by status, to its catalogue entry", () => {
    const notes = notesOf('auth.signUp');
    expect(notes).toContain(`409 [\`EMAIL_TAKEN\`](${origin}/docs/errors#EMAIL_TAKEN)`);
    expect(notes).toContain(
      `400 [\`BAD_REQUEST\`](${origin}/docs/errors#BAD_REQUEST), [\`VALIDATION_FAILED\`]`,
    );
    expect(notes).not.toContain('UNAUTHORIZED'); // sign-up needs no credential
  });

  it('names the anonymous budget only where a caller may come without a credential', () => {
    expect(notesOf('auth.signUp')).toContain('anonymous callers from `anonymous`, 60 points per 60 s');
    expect(notesOf('tasks.create')).not.toContain('anonymous');
  });

  it('gives budget sizes as the server is configured, not the defaults', () => {
    const notes = notesOf('tasks.create', {
      ...defaultBudgets,
      default: { points: 1_200, windowSeconds: 30 },
    });
    expect(notes).toContain('`default` 1,200 points per 30 s');
  });
});
