// Must NOT type-check (and is never run): one handler returns the wrong shape, on the line marked below.
import { createRpcHandler } from '@charter/rpc/node';
import { contract } from './one-file-server.js';

createRpcHandler({
  contract,
  policy: {
    anonymous: {},
    authenticate: async () => ({}),
    scopesOf: () => [],
    challenges: { unauthorized: 'ApiKey realm="notes"' },
  },
  createContext: () => ({}),
  handlers: {
    notes: {
      get: ({ input }) => ({ id: input.id, text: 'hello', remindAt: '2030-06-01' }), // wrong output
      create: ({ input }) => ({ id: '1', text: input.text, remindAt: input.remindAt ?? null }),
    },
  },
});
