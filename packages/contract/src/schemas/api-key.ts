import * as z from 'zod';
import { limits } from '../limits.ts';
import { delegableScopeNames } from '../scopes.ts';
import { Id, Instant, line } from './common.ts';
import { Plan } from './usage.ts';

/** A scope an API key or OAuth app may carry. */
export const DelegableScope = z.enum(delegableScopeNames);

export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  /** The start of the key, enough to recognise it: `chk_0123456789abcdef`. */
  prefix: z.string(),
  scopes: z.array(DelegableScope),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  /** A rate-limit plan below the owner's, or null for the owner's own. */
  plan: Plan.nullable(),
});

export const CreateApiKeyInput = z.object({
  name: line(limits.apiKeyNameMaxLength),
  scopes: z
    .array(DelegableScope)
    .min(1)
    .max(delegableScopeNames.length)
    .describe('Any scopes but those that manage credentials.'),
  plan: Plan.optional().describe(
    'A rate-limit plan for this key no larger than yours (anonymous < default < elevated); yours by default.',
  ),
  expiresAt: Instant.refine((at) => at.getTime() > Date.now(), {
    error: 'Must be in the future.',
  }).optional(),
});

export const CreatedApiKey = z.object({
  key: z.string().describe('The key itself. It is shown only now: store it safely.'),
  apiKey: ApiKey,
});

export type ApiKey = z.infer<typeof ApiKey>;
