import { initTRPC, TRPCError } from '@trpc/server';
import type { AnyProcedure } from '@trpc/server/unstable-core-do-not-import';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { callProcedure } from './call-procedure.ts';

const t = initTRPC.context<{ user?: string; trail: string[] }>().meta<{ tag: string }>().create();
const traced = t.procedure.use(async ({ ctx, meta, next }) => {
  ctx.trail.push(`outer:${meta?.tag}`);
  const result = await next({ ctx: { user: 'ada' } });
  ctx.trail.push(`outer done:${result.ok}`);
  return result;
});
const router = t.router({
  greet: traced
    .meta({ tag: 'greet' })
    .input(z.object({ name: z.string().min(1) }))
    .query(({ input, ctx }) => `hello ${input.name} from ${ctx.user}`),
  fail: traced.meta({ tag: 'fail' }).query(() => {
    throw new TRPCError({ code: 'CONFLICT', message: 'no' });
  }),
  silent: t.procedure
    // biome-ignore lint/suspicious/noExplicitAny: a middleware that breaks the protocol on purpose
    .use((async () => undefined) as any)
    .query(() => 'never'),
});
const procedures = router._def.procedures as unknown as Record<string, AnyProcedure>;

/** What a call gave, directly and through callProcedure, with the context's trail. */
async function both(path: string, input: unknown) {
  const run = async (call: (procedure: AnyProcedure, options: never) => Promise<unknown>) => {
    const ctx = { trail: [] as string[] };
    const options = {
      path,
      type: 'query',
      ctx,
      getRawInput: async () => input,
      signal: undefined,
      batchIndex: 0,
    };
    const outcome = await call(procedures[path] as AnyProcedure, options as never).then(
      (data) => ({ data }),
      (error: TRPCError) => ({ code: error.code, message: error.message }),
    );
    return { outcome, trail: ctx.trail };
  };
  return {
    direct: await run((procedure, options) => procedure(options)),
    ours: await run(callProcedure),
  };
}

describe('callProcedure', () => {
  it('runs the middlewares and the resolver as a direct call does, passing context on', async () => {
    const { direct, ours } = await both('greet', { name: 'Grace' });
    expect(ours).toEqual(direct);
    expect(ours.outcome).toEqual({ data: 'hello Grace from ada' });
    expect(ours.trail).toEqual(['outer:greet', 'outer done:true']);
  });

  it('fails as a direct call does: invalid input, a thrown error, a middleware that returns nothing', async () => {
    for (const [path, input] of [
      ['greet', { name: '' }],
      ['fail', undefined],
      ['silent', undefined],
    ] as const) {
      const { direct, ours } = await both(path, input);
      expect(ours).toEqual(direct);
      expect(ours.outcome).toHaveProperty('code');
    }
  });
});
