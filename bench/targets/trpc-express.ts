// Baseline: tRPC v11 through its official Express adapter, the way most tRPC servers run.
import type { AddressInfo } from 'node:net';
import { initTRPC, TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import superjson from 'superjson';
import { announce, benchApiKey, GreetInput, Greeting, greet } from './greeting.ts';

const t = initTRPC.context<{ apiKey: string | undefined }>().create({ transformer: superjson });
const authed = t.procedure.use(({ ctx, next }) => {
  if (ctx.apiKey !== benchApiKey) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next();
});
const router = t.router({
  greet: authed
    .input(GreetInput)
    .output(Greeting)
    .query(({ input }) => greet(input.name)),
});

const app = express();
app.use(
  '/trpc',
  createExpressMiddleware({
    router,
    createContext: ({ req }) => ({ apiKey: req.headers['x-api-key'] as string | undefined }),
  }),
);
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const input = encodeURIComponent(JSON.stringify({ json: { name: 'bench' } }));
  announce({
    url: `http://127.0.0.1:${port}`,
    request: { method: 'GET', path: `/trpc/greet?input=${input}`, headers: { 'x-api-key': benchApiKey } },
  });
});
