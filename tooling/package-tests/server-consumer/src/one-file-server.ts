import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineErrors, formatRateLimitHeaders, initContract, type RateLimitBudget } from '@charter/rpc';
import { createRpcHandler } from '@charter/rpc/node';
import { builtInError, type Policy } from '@charter/rpc/server';
import * as z from 'zod';

// 1. The contract: what each procedure takes, returns, needs and costs. Clients type themselves with
//    RouterOf<typeof contract> (from '@charter/rpc'), importing no server code.
const c = initContract({
  errors: defineErrors({}),
  scopes: { 'notes:read': 'Read notes', 'notes:write': 'Write notes' },
});
const Note = z.object({ id: z.string(), text: z.string(), remindAt: z.date().nullable() });

export const contract = c.contract({
  notes: {
    get: c.query({
      summary: 'Get a note',
      auth: 'required',
      scopes: ['notes:read'],
      errors: ['NOT_FOUND'],
      input: z.object({ id: z.string() }),
      output: Note,
    }),
    create: c.mutation({
      summary: 'Create a note',
      auth: 'required',
      scopes: ['notes:write'],
      cost: 5,
      input: z.object({ text: z.string().min(1).max(280), remindAt: z.date().optional() }),
      output: Note,
    }),
  },
});

// 2. The policy: what a credential is (an X-Api-Key) and what a call costs (its `cost`, from a
//    budget of 20 per key per minute). The toolkit runs both before it reads a call's input.
interface Context {
  apiKey: string | undefined;
  budgets: RateLimitBudget[];
}
const apiKeys: Record<string, string[]> = {
  'key-ada': ['notes:read', 'notes:write'],
  'key-reader': ['notes:read'],
};
const windows = new Map<string, { used: number; endsAt: number }>();

const policy: Policy<Context, { key: string | null }> = {
  anonymous: { key: null },
  async authenticate({ apiKey }) {
    if (!apiKey || !apiKeys[apiKey]) throw builtInError('UNAUTHORIZED', 'Send a valid X-Api-Key.');
    return { key: apiKey };
  },
  scopesOf: ({ key }) => (key === null ? [] : (apiKeys[key] ?? [])),
  async charge({ ctx, meta }, { key }) {
    const now = Date.now();
    const current = windows.get(`${key}`);
    const window = current && current.endsAt > now ? current : { used: 0, endsAt: now + 60_000 };
    window.used += meta?.cost ?? 1;
    windows.set(`${key}`, window);
    const resetSeconds = Math.ceil((window.endsAt - now) / 1000);
    const remaining = Math.max(0, 20 - window.used);
    ctx.budgets = [{ name: 'default', limit: 20, windowSeconds: 60, remaining, resetSeconds }];
    if (window.used > 20) {
      throw builtInError('TOO_MANY_REQUESTS', 'Rate limit reached.', {
        retryAfterSeconds: resetSeconds,
        headers: { 'Retry-After': String(resetSeconds) },
      });
    }
  },
  challenges: { unauthorized: 'ApiKey realm="notes"' },
  responseHeaders: (ctx) => formatRateLimitHeaders(ctx.budgets),
};

// 3. The handlers (a missing one, or a wrong output, is a type error), served over the tRPC wire at
//    /trpc and REST in JSON and XML at /api/v1, with the OpenAPI document at /api/v1/openapi.json.
const notes = new Map<string, z.infer<typeof Note>>();
const handler = createRpcHandler({
  contract,
  policy,
  createContext: (req) => ({ apiKey: req.headers['x-api-key']?.toString(), budgets: [] }),
  handlers: {
    notes: {
      get: ({ input, errors }) => {
        const note = notes.get(input.id);
        if (!note) throw errors.NOT_FOUND();
        return note;
      },
      create: ({ input }) => {
        const note = { id: String(notes.size + 1), text: input.text, remindAt: input.remindAt ?? null };
        notes.set(note.id, note);
        return note;
      },
    },
  },
  openApi: {
    info: { title: 'Notes', version: '1.0.0' },
    securitySchemes: { apiKey: { scheme: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
  },
});

// 4. A node:http server (or Express, in front of its routes) hands it each request; false: not its own.
const server = createServer((req, res) => {
  if (handler.handle(req, res)) return;
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`Notes API on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
