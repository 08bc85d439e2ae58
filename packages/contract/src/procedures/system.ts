import { c } from '../procedure-builder.ts';
import { Echo, EchoInput } from '../schemas/system.ts';

export const system = {
  echo: c.query({
    summary: 'Echo a message with the server time',
    description:
      'Answers with your message and the server clock: the cheapest authenticated call, to check connectivity, a credential and clock skew.',
    auth: 'required',
    scopes: ['account:read'],
    rest: { method: 'GET', path: '/system/echo' },
    input: EchoInput,
    output: Echo,
    examples: [
      {
        title: 'Say hello',
        input: { message: 'hello' },
        output: { message: 'hello', serverTime: new Date('2030-03-04T09:00:00.000Z') },
      },
    ],
  }),
};
