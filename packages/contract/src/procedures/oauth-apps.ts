import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { CreatedOAuthApp, CreateOAuthAppInput, OAuthApp } from '../schemas/oauth-app.ts';

export const oauthApps = {
  create: c.mutation({
    summary: 'Register an OAuth app',
    description:
      'Confidential apps get a client secret, shown only in this response; public apps use PKCE alone. Users grant an app at most the scopes registered here.',
    auth: 'required',
    scopes: ['oauth_apps:write'],
    cost: 2,
    rest: { method: 'POST', path: '/oauth-apps' },
    errors: ['OAUTH_APP_LIMIT_REACHED'],
    input: CreateOAuthAppInput,
    output: CreatedOAuthApp,
    examples: [
      {
        title: 'A server-side app',
        input: {
          name: 'Reporting dashboard',
          redirectUris: ['https://dashboard.example.com/oauth/callback'],
          confidential: true,
          scopes: ['projects:read', 'tasks:read'],
        },
      },
    ],
  }),
  list: c.query({
    summary: 'List your OAuth apps',
    auth: 'required',
    scopes: ['oauth_apps:read'],
    rest: { method: 'GET', path: '/oauth-apps' },
    output: z.array(OAuthApp),
  }),
  delete: c.mutation({
    summary: 'Delete an OAuth app',
    description: 'Every token issued to the app stops working at once.',
    auth: 'required',
    scopes: ['oauth_apps:write'],
    cost: 2,
    rest: { method: 'DELETE', path: '/oauth-apps/{clientId}' },
    errors: ['NOT_FOUND'],
    input: z.object({ clientId: z.string().min(1).max(100) }),
    output: z.object({ clientId: z.string(), deleted: z.literal(true) }),
  }),
};
