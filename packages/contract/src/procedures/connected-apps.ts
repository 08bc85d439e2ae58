import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { token } from '../schemas/common.ts';
import { ConnectedApp } from '../schemas/connected-app.ts';
import { cliApp } from './example-values.ts';

const agent = {
  clientId: 'cha_5eedf00d5eedf00d5eedf00d',
  name: 'Desktop assistant',
  selfRegistered: true,
  scopes: ['projects:read', 'tasks:read'],
  resources: ['mcp'],
  connectedAt: new Date('2030-03-05T08:00:00.000Z'),
} satisfies ConnectedApp;

export const connectedApps = {
  list: c.query({
    // Not for AI agents: it manages the credentials that act for you.
    mcp: false,
    summary: 'List the apps you let act for you',
    description:
      'Every app you granted access through OAuth, including AI agents that registered themselves, with what you granted and where its tokens work.',
    auth: 'required',
    scopes: ['oauth_apps:read'],
    rest: { method: 'GET', path: '/connected-apps' },
    output: z.array(ConnectedApp),
    examples: [
      {
        title: 'An agent and a command-line app',
        input: undefined,
        output: [
          agent,
          {
            clientId: cliApp.clientId,
            name: cliApp.name,
            selfRegistered: false,
            scopes: ['tasks:read'],
            resources: ['api'],
            connectedAt: new Date('2030-03-04T10:00:00.000Z'),
          },
        ],
      },
    ],
  }),
  revoke: c.mutation({
    mcp: false,
    summary: 'Disconnect an app',
    description:
      'Every token the app holds for you stops working at once; it has to ask you again. Disconnecting an app that holds nothing changes nothing.',
    auth: 'required',
    scopes: ['oauth_apps:write'],
    rest: { method: 'DELETE', path: '/connected-apps/{clientId}' },
    input: z.object({ clientId: token(100).describe("The app's client id, as listed.") }),
    output: z.object({ clientId: z.string(), revoked: z.literal(true) }),
    examples: [
      {
        title: 'Disconnect an agent',
        input: { clientId: agent.clientId },
        output: { clientId: agent.clientId, revoked: true },
      },
    ],
  }),
};
