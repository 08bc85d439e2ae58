import { contract } from '@charter/contract';
import { listProcedures } from '@charter/rpc';
import { implement } from '@charter/rpc/server';
import { describe, expect, it } from 'vitest';
import { handlers } from '../procedures/index.ts';
import { procedure } from './procedure.ts';
import { appRouter } from './router.ts';

describe('the server implements the contract, exactly', () => {
  it('serves every contract procedure, with its kind, and nothing else', () => {
    // _def.procedures is tRPC's flat map of every procedure by dotted path.
    const served = Object.entries(
      appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
    )
      .map(([path, built]) => `${path}:${built._def.type}`)
      .sort();
    const declared = listProcedures(contract.procedures)
      .map(({ path, procedure: p }) => `${path}:${p.type}`)
      .sort();
    expect(served).toEqual(declared);
  });

  it('refuses to start when a handler is missing, naming the procedure', () => {
    const { update: _update, ...tasks } = handlers.tasks;
    expect(() => implement(contract, { ...handlers, tasks } as never, { procedure })).toThrow(
      'tasks.update: the contract has this procedure but no handler implements it',
    );
  });

  it('refuses to start when a handler has no procedure, naming it', () => {
    const projects = { ...handlers.projects, archive: async () => null };
    expect(() => implement(contract, { ...handlers, projects } as never, { procedure })).toThrow(
      'projects.archive: a handler is given but the contract has no such procedure',
    );
  });
});
