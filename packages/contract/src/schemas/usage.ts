import * as z from 'zod';
import { limits } from '../limits.ts';
import { Id, Instant } from './common.ts';

/** A rate-limit plan: how big a budget a caller gets. An API key may carry a smaller plan than its owner. */
export const Plan = z.enum(['anonymous', 'default', 'elevated']);

export const UsageInput = z
  .object({
    from: Instant.optional().describe('Start of the range; 24 hours ago by default.'),
    to: Instant.optional().describe('End of the range; now by default.'),
  })
  .default({})
  .refine(({ from, to }) => !(from && to && from >= to), {
    message: '`from` must be before `to`.',
    path: ['to'],
  })
  .refine(
    ({ from, to }) =>
      !(from && (to ?? new Date()).getTime() - from.getTime() > limits.usageRangeMaxDays * 86_400_000),
    { message: `The range may span at most ${limits.usageRangeMaxDays} days.`, path: ['from'] },
  );

/** Who made the calls: the account's own log-in, one of its API keys, or an OAuth app acting for it. */
export const UsageCaller = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user') }),
  z.object({ kind: z.literal('apiKey'), apiKeyId: Id }),
  z.object({ kind: z.literal('oauthApp'), clientId: z.string() }),
]);

export const UsageEntry = z.object({
  /** The hour the counts belong to. */
  hour: z.date(),
  caller: UsageCaller,
  procedure: z.string(),
  calls: z.number().int(),
  refused: z.number().int(),
});

export const Usage = z.object({ from: z.date(), to: z.date(), entries: z.array(UsageEntry) });

export type Plan = z.infer<typeof Plan>;
export type UsageEntry = z.infer<typeof UsageEntry>;
