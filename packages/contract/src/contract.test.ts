import { listProcedures } from '@charter/rpc';
import { describe, expect, it } from 'vitest';
import { contract } from './index.ts';

const entries = listProcedures(contract.procedures);

describe('contract', () => {
  it('has the procedures outside callers rely on', () => {
    expect(entries.map((entry) => entry.path)).toEqual(
      expect.arrayContaining([
        'auth.signUp',
        'auth.logIn',
        'auth.me',
        'auth.refresh',
        'auth.logOut',
        'apiKeys.create',
        'apiKeys.list',
        'apiKeys.revoke',
        'oauthApps.create',
        'oauthApps.list',
        'oauthApps.delete',
        'projects.create',
        'projects.list',
        'projects.get',
        'projects.update',
        'projects.delete',
        'projects.members.list',
        'projects.members.add',
        'projects.members.updateRole',
        'projects.members.remove',
        'tasks.create',
        'tasks.list',
        'tasks.get',
        'tasks.update',
        'tasks.delete',
        'tasks.onChange',
      ]),
    );
  });

  it.each(entries)('$path requires scopes exactly when it requires authentication', ({ procedure }) => {
    expect(procedure.meta.auth === 'required').toBe(procedure.meta.scopes.length > 0);
  });

  it('gives every procedure a distinct REST route', () => {
    const routes = entries.map(
      ({ procedure }) => `${procedure.meta.rest?.method} ${procedure.meta.rest?.path}`,
    );
    expect(routes.filter((route) => route.startsWith('undefined'))).toEqual([]);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it.each(entries)('$path names every REST path parameter in its input', ({ procedure }) => {
    const params = [...(procedure.meta.rest?.path.matchAll(/\{(\w+)\}/g) ?? [])].map((match) => match[1]);
    const shape = (procedure.input as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
    for (const param of params) expect(Object.keys(shape)).toContain(param);
  });
});
