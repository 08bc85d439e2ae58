import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { ApiKey, CreateApiKeyInput, CreatedApiKey } from '../schemas/api-key.ts';
import { Id } from '../schemas/common.ts';
import { ciApiKey, ciApiKeySecret, revokedApiKey } from './example-values.ts';

export const apiKeys = {
  create: c.mutation({
    // Not for AI agents: it hands out or ends a credential.
    mcp: false,
    // Its answer carries a secret, which a stored answer to replay would keep.
    idempotency: 'ignored',
    summary: 'Create an API key',
    description:
      'The key is in the response only: it is stored hashed. Send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`. Only a password log-in can create keys, and a key cannot manage keys or apps.',
    auth: 'required',
    scopes: ['api_keys:write'],
    cost: 2,
    rest: { method: 'POST', path: '/api-keys' },
    errors: ['API_KEY_LIMIT_REACHED', 'FORBIDDEN'],
    input: CreateApiKeyInput,
    output: CreatedApiKey,
    examples: [
      {
        title: 'A read-only key',
        input: { name: ciApiKey.name, scopes: ciApiKey.scopes },
        output: { key: ciApiKeySecret, apiKey: ciApiKey },
      },
      {
        title: 'A key that expires',
        input: {
          name: 'Nightly export',
          scopes: ['tasks:read'],
          expiresAt: new Date('2099-12-31T23:59:59.000Z'),
        },
        output: {
          key: 'chk_fedcba9876543210_EXAMPLE_not_a_real_key_00000000000000000000',
          apiKey: {
            id: 'd0c4a8e2-6b1f-4d37-9a05-e3b7f1c9d248',
            name: 'Nightly export',
            prefix: 'chk_fedcba9876543210',
            scopes: ['tasks:read'],
            createdAt: new Date('2030-03-04T09:05:00.000Z'),
            expiresAt: new Date('2099-12-31T23:59:59.000Z'),
            lastUsedAt: null,
            revokedAt: null,
            plan: null,
          },
        },
      },
    ],
  }),
  list: c.query({
    summary: 'List your API keys',
    description: 'Newest first, revoked ones included, never the keys themselves.',
    auth: 'required',
    scopes: ['api_keys:read'],
    rest: { method: 'GET', path: '/api-keys' },
    output: z.array(ApiKey),
    examples: [
      {
        title: 'An active key and a revoked one',
        input: undefined,
        output: [{ ...ciApiKey, lastUsedAt: new Date('2030-03-04T11:42:10.000Z') }, revokedApiKey],
      },
    ],
  }),
  revoke: c.mutation({
    summary: 'Revoke an API key',
    description: 'The key stops working with the next request.',
    auth: 'required',
    scopes: ['api_keys:write'],
    rest: { method: 'POST', path: '/api-keys/{id}/revoke' },
    errors: ['NOT_FOUND'],
    input: z.object({ id: Id }),
    output: z.object({ id: Id, revoked: z.literal(true) }),
    examples: [
      { title: 'Revoke a key', input: { id: ciApiKey.id }, output: { id: ciApiKey.id, revoked: true } },
    ],
  }),
};
