import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { ApiKey, CreateApiKeyInput, CreatedApiKey } from '../schemas/api-key.ts';
import { Id } from '../schemas/common.ts';

export const apiKeys = {
  create: c.mutation({
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
      { title: 'A read-only key', input: { name: 'CI dashboard', scopes: ['projects:read', 'tasks:read'] } },
    ],
  }),
  list: c.query({
    summary: 'List your API keys',
    description: 'Newest first, revoked ones included, never the keys themselves.',
    auth: 'required',
    scopes: ['api_keys:read'],
    rest: { method: 'GET', path: '/api-keys' },
    output: z.array(ApiKey),
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
  }),
};
