import { describe, expect, it } from 'vitest';
import { directCallOf } from './direct-call.ts';
import { rpc } from './init.ts';
import { procedure } from './procedure.ts';
import { appRouter } from './router.ts';

describe('directCallOf', () => {
  it('calls every procedure of the router directly: each runs the policy and its handler alone', () => {
    const procedures = Object.entries(appRouter._def.procedures);
    expect(procedures.length).toBeGreaterThan(20);
    for (const [, found] of procedures) expect(() => directCallOf(found as never)).not.toThrow();
  });

  it('refuses a procedure with middleware the direct call would skip', () => {
    const audited = procedure.use(({ next }) => next()).query(() => 'audited');
    expect(() => directCallOf(audited as never)).toThrow(/cannot be called directly/);
  });

  it('refuses a procedure without the policy, or not built by implement()', () => {
    expect(() => directCallOf(rpc.procedure.query(() => 'open') as never)).toThrow(
      /cannot be called directly/,
    );
    expect(() => directCallOf(procedure.query(() => 'hand-made') as never)).toThrow(
      /cannot be called directly/,
    );
  });
});
