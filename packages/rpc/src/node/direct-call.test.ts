import { describe, expect, it } from 'vitest';
import { implement, implementedProcedures } from '../server/implement.ts';
import { policyProcedure } from '../server/policy.ts';
import { notesContract } from '../test-fixtures/notes-contract.ts';
import { notesContext, notesHandlers, notesPolicy } from '../test-fixtures/notes-server.ts';
import { directCallOf } from './direct-call.ts';

const request = (apiKey?: string) =>
  notesContext({ headers: apiKey ? { 'x-api-key': apiKey } : {} } as never);

describe('directCallOf', () => {
  it('runs the policy, then validation and the handler, as a call through tRPC would', async () => {
    const events: string[] = [];
    const router = implement(notesContract, notesHandlers, {
      procedure: policyProcedure(notesPolicy(events)),
    });
    const get = implementedProcedures(router)?.get('notes.get');
    const call = directCallOf(get as never);
    const ctx = request('key-read');
    const note = await call({
      ctx,
      getRawInput: async () => ({ id: 'n1' }),
      signal: () => undefined,
      surface: 'test',
    });
    expect(note).toMatchObject({ id: 'n1', text: 'hello' });
    expect(events).toEqual(['authenticate', 'charge notes.get']);
    await expect(
      call({
        ctx: request(),
        getRawInput: async () => ({ id: 'n1' }),
        signal: () => undefined,
        surface: 'test',
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(events.at(-1)).toBe('unauthorized notes.get');
  });

  it('does not read the input of a call the policy refuses', async () => {
    const router = implement(notesContract, notesHandlers, { procedure: policyProcedure(notesPolicy()) });
    const call = directCallOf(implementedProcedures(router)?.get('notes.create') as never);
    let read = false;
    const getRawInput = async () => {
      read = true;
      return { text: 'x' };
    };
    await expect(
      call({ ctx: request('key-read'), getRawInput, signal: () => undefined, surface: 'test' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'This credential lacks the scope notes:write.',
      headers: { 'WWW-Authenticate': 'ApiKey realm="notes", scope="notes:write"' },
    });
    expect(read).toBe(false);
  });

  it('refuses a procedure whose base runs more than the policy: that middleware must not be skipped', () => {
    const audited = policyProcedure(notesPolicy()).use(({ next }) => next());
    const router = implement(notesContract, notesHandlers as never, { procedure: audited });
    expect(() => directCallOf(implementedProcedures(router)?.get('notes.get') as never)).toThrow(
      /notes\.get runs more than a policy .* cannot be called directly/,
    );
  });
});
