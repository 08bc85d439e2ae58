// Must NOT type-check (and is never run): two wrong sets of handlers, each wrong on its marked line only.
import { createRpcHandler } from '@charter/rpc/node';
import type { Policy } from '@charter/rpc/server';
import { contract } from './one-file-server.js';

const policy: Policy<object, object> = {
  anonymous: {},
  authenticate: async () => ({}),
  scopesOf: () => [],
  challenges: { unauthorized: 'ApiKey realm="notes"' },
};

createRpcHandler({
  contract,
  policy,
  createContext: () => ({}),
  handlers: {
    notes: {
      get: ({ input }) => ({ id: input.id, text: 'hello', remindAt: '2030-06-01' }), // wrong output
      create: ({ input }) => ({ id: '1', text: input.text, remindAt: input.remindAt ?? null }),
    },
  },
});

createRpcHandler({
  contract,
  policy,
  createContext: () => ({}),
  handlers: {
    // missing procedure: the next line has no notes.create
    notes: {
      get: ({ input }) => ({ id: input.id, text: 'hello', remindAt: null }),
    },
  },
});
