import { c } from '../procedure-builder.ts';
import { Usage, UsageInput } from '../schemas/usage.ts';
import { ciApiKey, dashboardApp } from './example-values.ts';

export const usage = {
  get: c.query({
    summary: 'Your calls and refusals, per hour, procedure and caller',
    description:
      'Counts for your own log-ins, each of your API keys and each OAuth app acting for you. Counts are written in the background and may lag a few seconds.',
    auth: 'required',
    scopes: ['account:read'],
    cost: 2,
    rest: { method: 'GET', path: '/usage' },
    input: UsageInput,
    output: Usage,
    examples: [
      {
        title: 'One day: your own calls, an API key and an OAuth app',
        input: { from: new Date('2030-03-04T00:00:00.000Z'), to: new Date('2030-03-05T00:00:00.000Z') },
        output: {
          from: new Date('2030-03-04T00:00:00.000Z'),
          to: new Date('2030-03-05T00:00:00.000Z'),
          entries: [
            {
              hour: new Date('2030-03-04T09:00:00.000Z'),
              caller: { kind: 'user' },
              procedure: 'apiKeys.create',
              calls: 1,
              refused: 0,
            },
            {
              hour: new Date('2030-03-04T11:00:00.000Z'),
              caller: { kind: 'apiKey', apiKeyId: ciApiKey.id },
              procedure: 'tasks.list',
              calls: 120,
              refused: 0,
            },
            {
              hour: new Date('2030-03-04T11:00:00.000Z'),
              caller: { kind: 'oauthApp', clientId: dashboardApp.clientId },
              procedure: 'projects.get',
              calls: 12,
              refused: 0,
            },
            {
              hour: new Date('2030-03-04T12:00:00.000Z'),
              caller: { kind: 'apiKey', apiKeyId: ciApiKey.id },
              procedure: 'tasks.list',
              calls: 300,
              refused: 4,
            },
          ],
        },
      },
      {
        title: 'The last 24 hours, the default range',
        input: {},
        output: {
          from: new Date('2030-03-04T12:07:31.000Z'),
          to: new Date('2030-03-05T12:07:31.000Z'),
          entries: [
            {
              hour: new Date('2030-03-05T09:00:00.000Z'),
              caller: { kind: 'user' },
              procedure: 'tasks.update',
              calls: 2,
              refused: 0,
            },
          ],
        },
      },
    ],
  }),
};
