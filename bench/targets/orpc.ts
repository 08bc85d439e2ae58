// Baseline: oRPC's RPCHandler on node:http, the fastest contract-first peer we measure against.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ORPCError, os } from '@orpc/server';
import { RPCHandler } from '@orpc/server/node';
import { announce, benchApiKey, GreetInput, Greeting, greet } from './greeting.ts';

const authed = os.$context<{ apiKey: string | undefined }>().use(({ context, next }) => {
  if (context.apiKey !== benchApiKey) throw new ORPCError('UNAUTHORIZED');
  return next();
});
const router = {
  greet: authed
    .input(GreetInput)
    .output(Greeting)
    .handler(({ input }) => greet(input.name)),
};
const handler = new RPCHandler(router);

const server = createServer(async (req, res) => {
  const { matched } = await handler.handle(req, res, {
    prefix: '/rpc',
    context: { apiKey: req.headers['x-api-key'] as string | undefined },
  });
  if (!matched) res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announce({
    url: `http://127.0.0.1:${port}`,
    request: {
      method: 'POST',
      path: '/rpc/greet',
      headers: { 'x-api-key': benchApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ json: { name: 'bench' } }),
    },
  });
});
