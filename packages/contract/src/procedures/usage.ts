import { c } from '../procedure-builder.ts';
import { Usage, UsageInput } from '../schemas/usage.ts';

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
  }),
};
