import type { contract } from '@charter/contract';
import type { Handlers } from '@charter/rpc/server';
import type { ProcedureContext } from '../calls/procedure-context.ts';

export const system = {
  echo: ({ input, ctx }) => ({ message: input.message, serverTime: ctx.services.now() }),
} satisfies Handlers<typeof contract.procedures.system, ProcedureContext>;
