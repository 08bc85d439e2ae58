import type { contract, UsageEntry } from '@charter/contract';
import type { Handlers } from '@charter/rpc/server';
import { currentUserId, type ProcedureContext } from '../calls/procedure-context.ts';

export const usage = {
  get: async ({ input, ctx }) => {
    const { db, now, usage: recorder } = ctx.services;
    const to = input.to ?? now();
    const from = input.from ?? new Date(to.getTime() - 86_400_000);
    // What this process counted but has not written yet, so a caller sees its own calls at once.
    await recorder.flush();
    const rows = await db
      .selectFrom('usage_counters')
      .selectAll()
      .where('user_id', '=', currentUserId(ctx))
      .where('hour', '>=', new Date(Math.floor(from.getTime() / 3_600_000) * 3_600_000))
      .where('hour', '<', to)
      .orderBy('hour')
      .orderBy('caller_kind')
      .orderBy('caller_id')
      .orderBy('procedure')
      .execute();
    const entries = rows.map(
      (row): UsageEntry => ({
        hour: row.hour,
        caller:
          row.caller_kind === 'user'
            ? { kind: 'user' }
            : row.caller_kind === 'apiKey'
              ? { kind: 'apiKey', apiKeyId: row.caller_id }
              : { kind: 'oauthApp', clientId: row.caller_id },
        procedure: row.procedure,
        calls: row.calls,
        refused: row.refused,
      }),
    );
    return { from, to, entries };
  },
} satisfies Handlers<typeof contract.procedures.usage, ProcedureContext>;
