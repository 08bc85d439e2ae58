import { contract } from '@charter/contract';
import { implement } from '@charter/rpc/server';
import { describe, it } from 'vitest';
import { handlers } from '../procedures/index.ts';
import { procedure } from './procedure.ts';

describe('a handler tree that does not match the contract does not compile', () => {
  it('refuses a missing handler', () => {
    const { update: _update, ...tasks } = handlers.tasks;
    const missing = { ...handlers, tasks };
    // @ts-expect-error tasks.update is missing
    implement(contract, missing, { procedure });
  });

  it('refuses an extra handler', () => {
    const extra = { ...handlers, projects: { ...handlers.projects, archive: async () => null } };
    // @ts-expect-error projects.archive is not in the contract
    implement(contract, extra, { procedure });
  });

  it('refuses a handler returning the wrong shape', () => {
    const wrong = { ...handlers, tasks: { ...handlers.tasks, get: async () => ({ id: 1 }) } };
    // @ts-expect-error tasks.get must return a task
    implement(contract, wrong, { procedure });
  });
});
