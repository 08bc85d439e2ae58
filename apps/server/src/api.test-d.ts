import { contract } from '@charter/contract';
import { createRpcHandler } from '@charter/rpc/node';
import { describe, it } from 'vitest';
import { createContextFactory } from './calls/request-context.ts';
import { createPolicy } from './middleware/policy.ts';
import { handlers } from './procedures/index.ts';

const createContext = createContextFactory({} as never);
const policy = createPolicy();

describe('a handler tree that does not match the contract does not compile', () => {
  it('refuses a missing handler', () => {
    const { update: _update, ...tasks } = handlers.tasks;
    const missing = { ...handlers, tasks };
    // @ts-expect-error tasks.update is missing
    createRpcHandler({ contract, handlers: missing, policy, createContext });
  });

  it('refuses an extra handler', () => {
    const extra = { ...handlers, projects: { ...handlers.projects, archive: async () => null } };
    // @ts-expect-error projects.archive is not in the contract
    createRpcHandler({ contract, handlers: extra, policy, createContext });
  });

  it('refuses a handler returning the wrong shape', () => {
    const wrong = { ...handlers, tasks: { ...handlers.tasks, get: async () => ({ id: 1 }) } };
    // @ts-expect-error tasks.get must return a task
    createRpcHandler({ contract, handlers: wrong, policy, createContext });
  });
});
