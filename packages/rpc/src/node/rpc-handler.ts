import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyContract } from '../contract.ts';
import type { OpenApiOptions } from '../openapi/openapi-options.ts';
import type { RouterOf } from '../router-type.ts';
import type { ExactHandlers, Handlers } from '../server/handlers.ts';
import { type ImplementOptions, implement, implementedProcedures } from '../server/implement.ts';
import { type Policy, type PolicyContext, policyProcedure } from '../server/policy.ts';
import { type DirectCall, directCallOf } from './direct-call.ts';
import { type McpOptions, mcpSurface } from './mcp/mcp-surface.ts';
import { openApiRoute } from './openapi-route.ts';
import { type RpcPlugin, runPlugins } from './plugin.ts';
import { restApi } from './rest/rest-api.ts';
import type { FailureLog, Serving } from './serving.ts';
import { trpcFastPath } from './trpc/fast-path.ts';
import { trpcAdapter } from './trpc/trpc-adapter.ts';

export interface RpcHandlerOptions<
  TContract extends AnyContract,
  TContext extends object,
  TPrincipal extends object,
  THandlers,
> {
  contract: TContract;
  /** One handler per procedure, as `implement()` takes them; each sees `ctx.principal`. */
  handlers: THandlers &
    ExactHandlers<THandlers, Handlers<TContract['procedures'], PolicyContext<TContext, TPrincipal>>>;
  policy: Policy<TContext, TPrincipal>;
  /** What every call of a request starts with. `res` is absent when a stream is being admitted. */
  createContext(req: IncomingMessage, res: ServerResponse | undefined): TContext;
  /** Where the tRPC wire is served. @default '/trpc' */
  trpcPath?: string;
  /** Where REST is served, in JSON and XML. @default '/api/v1' */
  restRoot?: string;
  /** Given, the OpenAPI 3.1 document of the REST surface is served at `<restRoot>/openapi.json`. */
  openApi?: OpenApiOptions;
  /** Given, the procedures are MCP tools for AI agents at `/mcp` (needs `@modelcontextprotocol/sdk`). */
  mcp?: McpOptions;
  limits?: {
    /** A request body's size limit, counted after inflating. @default 1048576 */
    maxBodyBytes?: number;
    /** The most calls one tRPC batch may carry. @default 50 */
    maxBatchCalls?: number;
  };
  /** The `type` of a problem with this catalogue code. @default 'about:blank' */
  problemType?(code: string): string;
  /** The id a problem names. @default the request's `id`, as request loggers such as pino-http set it */
  requestIdOf?(req: IncomingMessage): string | undefined;
  /** The page that explains deprecations, linked (`rel="deprecation"`) from answers to deprecated calls. */
  deprecationDocs?: string;
  /** Where failures are told. @default the request's `log`, as pino-http sets it, else the console */
  logOf?(req: IncomingMessage): FailureLog;
  /** Run in order on every request the handler serves, before it (./plugin.ts). */
  plugins?: readonly RpcPlugin[];
  /**
   * Serve tRPC queries and mutations without tRPC's Fetch round trip (./trpc/fast-path.ts); false
   * sends every tRPC request through tRPC's official adapter, the reference the conformance suite
   * compares with. @default true
   */
  fastPath?: boolean;
  /** Subscription (server-sent events) settings of the tRPC wire. */
  sse?: ImplementOptions<never>['sse'];
}

export interface RpcHandler<TRouter> {
  /** The tRPC router behind the handler, for tRPC's own adapters and `createCaller`. */
  router: TRouter;
  /**
   * Serves the request if it is the handler's — the tRPC wire, a REST operation's path, the OpenAPI
   * document — and says so; false leaves it, untouched, to the rest of the server.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

const consoleLog: FailureLog = {
  error: (details, message) => console.error(message, details),
  warn: (details, message) => console.warn(message, details),
};

/**
 * The protocol layer: one request handler that serves a contract's procedures over the tRPC wire
 * (every link of `@trpc/client`) and over REST in JSON and XML with RFC 9457 problems, every call
 * under the same policy, on plain `node:http` requests. Any framework can sit behind it.
 */
export function createRpcHandler<
  TContract extends AnyContract,
  TContext extends object,
  TPrincipal extends object,
  THandlers extends Handlers<TContract['procedures'], PolicyContext<TContext, TPrincipal>>,
>(
  options: RpcHandlerOptions<TContract, TContext, TPrincipal, THandlers>,
): RpcHandler<RouterOf<TContract, TContext>> {
  const { contract, policy } = options;
  const plugins = options.plugins ?? [];
  const hooks = plugins.flatMap((plugin) => (plugin.onCall ? [plugin.onCall] : []));
  const router = implement(contract, options.handlers as never, {
    procedure: policyProcedure(policy, hooks),
    ...(options.sse ? { sse: options.sse } : {}),
  });
  const procedures = implementedProcedures(router);
  if (!procedures) throw new Error('implement() built a router it does not know');
  const keyed = [...procedures.values()].find(({ procedure }) => procedure.meta.idempotency !== undefined);
  if (keyed && !policy.idempotency) {
    throw new Error(
      `${keyed.path} takes an Idempotency-Key, but the policy keeps none: give it an idempotency store, or mark the procedure idempotency: 'ignored'`,
    );
  }
  const calls = new Map<string, DirectCall>();
  for (const [path, entry] of procedures) calls.set(path, directCallOf(entry, hooks));
  const serving: Serving = {
    router,
    procedures,
    calls,
    policy,
    catalogue: contract.errors,
    createContext: options.createContext,
    limits: {
      maxBodyBytes: options.limits?.maxBodyBytes ?? 1024 * 1024,
      maxBatchCalls: options.limits?.maxBatchCalls ?? 50,
    },
    problemType: options.problemType ?? (() => 'about:blank'),
    requestIdOf: options.requestIdOf ?? ((req) => idOf(req)),
    logOf: options.logOf ?? ((req) => (req as { log?: FailureLog }).log ?? consoleLog),
    deprecationDocs: options.deprecationDocs,
    trpcPath: options.trpcPath ?? '/trpc',
  };
  const { trpcPath } = serving;
  const fastPath = options.fastPath === false ? () => undefined : trpcFastPath(serving, `${trpcPath}/`);
  const adapter = trpcAdapter(serving, `${trpcPath}/`);
  const restRoot = options.restRoot ?? '/api/v1';
  const rest = restApi(serving, contract, restRoot);
  const openApi = options.openApi ? openApiRoute(contract, options.openApi, restRoot) : () => undefined;
  const mcp = options.mcp ? mcpSurface(serving, contract, options.mcp) : () => undefined;
  const isTrpc = (url: string) =>
    url.startsWith(`${trpcPath}/`) || url === trpcPath || url.startsWith(`${trpcPath}?`);

  return {
    router: router as unknown as RouterOf<TContract, TContext>,
    handle(req, res) {
      const serve =
        fastPath(req) ??
        (isTrpc(req.url ?? '')
          ? (req: IncomingMessage, res: ServerResponse) => {
              adapter(req, res).catch((error: unknown) => {
                serving.logOf(req).error({ err: error }, 'procedure failed');
                if (!res.headersSent) res.writeHead(500);
                res.end();
              });
            }
          : (rest(req) ?? openApi(req) ?? mcp(req)));
      if (!serve) return false;
      runPlugins(
        plugins,
        req,
        res,
        () => serving.logOf(req),
        () => serve(req, res),
      );
      return true;
    },
  };
}

function idOf(req: IncomingMessage): string | undefined {
  const { id } = req as { id?: unknown };
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
