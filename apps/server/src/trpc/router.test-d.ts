import { contract } from '@charter/contract';
import { implement } from '@charter/rpc/server';
import { describe, it } from 'vitest';
import { handlers } from '../procedures/index.ts';
import { procedure } from './procedure.ts';

describe('a handler tree that does not match the contract does not compile', () => {
  it('refuses a missing handler', () => {
    const { update: _update, ...tasks } = handlers.tasks;
    // @ts-expect-error tasks.update is missing
    implement(contract, { ...handlers, tasks }, { procedure });
  });

  it('refuses an extra handler', () => {
    // @ts-expect-error projects.archive is not in the contract
    implement(
      contract,
      { ...handlers, projects: { ...handlers.projects, archive: async () => null } },
      { procedure },
    );
  });

  it('refuses a handler returning the wrong shape', () => {
    // @ts-expect-error tasks.get must return a task
    implement(
      contract,
      { ...handlers, tasks: { ...handlers.tasks, get: async () => ({ id: 1 }) } },
      { procedure },
    );
  });
});
