import { contract, limits } from '@charter/contract';
import contractManifest from '@charter/contract/package.json' with { type: 'json' };
import { createRpcHandler, type RpcPlugin } from '@charter/rpc/node';
import { createContextFactory } from './calls/request-context.ts';
import { problemLinks } from './http/send-problem.ts';
import { createPolicy } from './middleware/policy.ts';
import { handlers } from './procedures/index.ts';
import type { Services } from './services.ts';

/**
 * The API: the contract, implemented by the handlers in src/procedures, served over the tRPC wire
 * at /trpc and REST at /api/v1 by the toolkit's protocol layer, every call under this server's
 * policy (src/middleware/policy.ts). Fails at startup if a handler is missing or extra.
 */
export function createApi(
  services: Services,
  {
    plugins,
    fastPath = true,
    idempotencyKeyTtlSeconds,
  }: { plugins: RpcPlugin[]; fastPath?: boolean; idempotencyKeyTtlSeconds?: number },
) {
  return createRpcHandler({
    contract,
    handlers,
    policy: createPolicy({ idempotencyKeyTtlSeconds }),
    createContext: createContextFactory(services),
    limits: { maxBodyBytes: limits.requestBodyMaxBytes, maxBatchCalls: limits.batchMaxCalls },
    ...problemLinks(services.oauth.issuer),
    deprecationDocs: `${services.oauth.issuer}/docs/guides/changes`,
    // The API as tools for AI agents; an agent without a credential is told where to get one.
    mcp: {
      name: 'charter',
      version: contractManifest.version,
      challenge: `Bearer realm="charter", resource_metadata="${services.oauth.issuer}/.well-known/oauth-protected-resource/mcp"`,
    },
    plugins,
    fastPath,
    // Comments keep idle proxies from closing a quiet live-updates stream.
    sse: { ping: { enabled: true, intervalMs: 15_000 } },
  });
}

export type Api = ReturnType<typeof createApi>;
