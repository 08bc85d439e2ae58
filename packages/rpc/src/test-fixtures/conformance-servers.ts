// The three servers the tRPC conformance suite compares, each with its own policy (so each starts
// with the same budget): the handler with its fast path, the handler with every tRPC request sent
// through tRPC's adapter, and tRPC's own standalone adapter serving the handler's router.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import cors from 'cors';
import type { RpcPlugin } from '../node/plugin.ts';
import { createRpcHandler } from '../node/rpc-handler.ts';
import { ContractError } from '../server/contract-error.ts';
import { notesContract } from './notes-contract.ts';
import {
  type NotesContext,
  type NotesServer,
  notesContext,
  notesHandlers,
  notesPolicy,
} from './notes-server.ts';

export type ServerKind = 'fast path' | "handler through tRPC's adapter" | "tRPC's standalone adapter";

export const serverKinds: readonly ServerKind[] = [
  'fast path',
  "handler through tRPC's adapter",
  "tRPC's standalone adapter",
];

/** Small enough that the scenario reaches them in a few calls. */
export const conformanceLimits = { maxBodyBytes: 2048, maxBatchCalls: 5, budget: 30 } as const;

/** CORS as a browser client of the API sees it: every origin, or a list of them. */
export type CorsOrigins = '*' | readonly string[];

/** The `cors` package as a plugin of the handler (and as plain middleware in front of tRPC's server). */
export function corsPlugin(origins: CorsOrigins): RpcPlugin {
  const middleware = cors({
    origin: origins === '*' ? '*' : [...origins],
    exposedHeaders: ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  });
  return { name: 'cors', onRequest: middleware };
}

const silentLog = { error: () => {}, warn: () => {} };

/** One of the three servers on 127.0.0.1, with the notes contract, its API-key policy and CORS. */
export async function serveConformance(
  kind: ServerKind,
  origins: CorsOrigins,
  budget: number = conformanceLimits.budget,
): Promise<NotesServer> {
  const policy = notesPolicy([], budget);
  const plugin = corsPlugin(origins);
  const handler = createRpcHandler({
    contract: notesContract,
    handlers: notesHandlers,
    policy,
    createContext: notesContext,
    limits: conformanceLimits,
    plugins: [plugin],
    logOf: () => silentLog,
    fastPath: kind === 'fast path',
  });
  const listener =
    kind === "tRPC's standalone adapter"
      ? standalone(handler.router, policy, plugin)
      : (req: IncomingMessage, res: ServerResponse) => {
          if (handler.handle(req, res)) return;
          res.statusCode = 404;
          res.end('left');
        };
  const server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * tRPC's own server for the handler's router, with CORS in front and the headers the policy's
 * answers carry (RateLimit, the errors' Retry-After and challenges, a challenge on every 401)
 * given through `responseMeta`, as tRPC's documentation says to.
 */
function standalone(
  router: AnyTRPCRouter,
  policy: ReturnType<typeof notesPolicy>,
  plugin: RpcPlugin,
): (req: IncomingMessage, res: ServerResponse) => void {
  const trpc = createHTTPHandler({
    router,
    basePath: '/trpc/',
    maxBodySize: conformanceLimits.maxBodyBytes,
    maxBatchSize: conformanceLimits.maxBatchCalls,
    createContext: ({ req }): NotesContext => notesContext(req),
    responseMeta: ({ ctx, errors }) => {
      const headers: Record<string, string> = ctx
        ? (policy.responseHeaders?.(ctx as NotesContext) ?? {})
        : {};
      for (const error of errors) if (error instanceof ContractError) Object.assign(headers, error.headers);
      if (!headers['WWW-Authenticate'] && errors.some((error) => error.code === 'UNAUTHORIZED'))
        headers['WWW-Authenticate'] = policy.challenges.unauthorized;
      return { headers };
    },
  });
  return (req, res) => {
    plugin.onRequest?.(req, res, () => trpc(req, res));
  };
}
