import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { token } from '../schemas/common.ts';
import { CreatedOAuthApp, CreateOAuthAppInput, OAuthApp } from '../schemas/oauth-app.ts';
import { cliApp, dashboardApp, dashboardAppSecret } from './example-values.ts';

export const oauthApps = {
  create: c.mutation({
    // Not for AI agents: it hands out or ends a credential.
    mcp: false,
    // Its answer carries a secret, which a stored answer to replay would keep.
    idempotency: 'ignored',
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
        title: 'A server-side app, with a client secret',
        input: {
          name: dashboardApp.name,
          redirectUris: dashboardApp.redirectUris,
          confidential: true,
          scopes: dashboardApp.scopes,
        },
        output: { clientId: dashboardApp.clientId, clientSecret: dashboardAppSecret, app: dashboardApp },
      },
      {
        title: 'A command-line app: public, PKCE, loopback redirect',
        input: {
          name: cliApp.name,
          redirectUris: cliApp.redirectUris,
          confidential: false,
          scopes: cliApp.scopes,
        },
        output: { clientId: cliApp.clientId, app: cliApp },
      },
    ],
  }),
  list: c.query({
    summary: 'List your OAuth apps',
    auth: 'required',
    scopes: ['oauth_apps:read'],
    rest: { method: 'GET', path: '/oauth-apps' },
    output: z.array(OAuthApp),
    examples: [{ title: 'Two apps, newest first', input: undefined, output: [cliApp, dashboardApp] }],
  }),
  delete: c.mutation({
    summary: 'Delete an OAuth app',
    description: 'Every token issued to the app stops working at once.',
    auth: 'required',
    scopes: ['oauth_apps:write'],
    cost: 2,
    rest: { method: 'DELETE', path: '/oauth-apps/{clientId}' },
    errors: ['NOT_FOUND'],
    input: z.object({ clientId: token(100).describe("The app's client id, as registering it answered.") }),
    output: z.object({ clientId: z.string(), deleted: z.literal(true) }),
    examples: [
      {
        title: 'Delete an app',
        input: { clientId: cliApp.clientId },
        output: { clientId: cliApp.clientId, deleted: true },
      },
    ],
  }),
};
