import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { clientIpOf } from '../http/client-ip.ts';
import { mcpResourceOf } from '../oauth/api-resource.ts';
import type { BudgetState } from '../rate-limit/budgets.ts';
import type { Services } from '../services.ts';

/** What every procedure call starts with: the request's facts and the server's services. */
export interface RequestContext {
  requestId: string;
  log: Logger;
  /** The raw Authorization header; the policy decides what it means (src/middleware/auth.ts). */
  authorization: string | undefined;
  /** The raw X-API-Key header. */
  apiKey: string | undefined;
  /** The client's address, with the configured proxy trust (src/http/client-address.ts). */
  clientIp: string;
  services: Services;
  /** Calls `release` once the response has closed: a stream ended, or its caller left. */
  whenClosed?: (release: () => void) => void;
  /** The rate-limit budgets the request drew from, for its RateLimit headers (filled as calls run). */
  budgetStates: BudgetState[];
  /** The audience an OAuth access token must have here: the MCP endpoint's, or the API's. */
  resource: string;
}

/** The context of a request; without `res` (a stream being admitted) nothing waits for its close. */
export function createContextFactory(services: Services) {
  return (req: IncomingMessage, res: ServerResponse | undefined): RequestContext => ({
    requestId: String(req.id),
    log: req.log,
    authorization: req.headers.authorization,
    apiKey: typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined,
    clientIp: clientIpOf(req),
    services,
    whenClosed: res && ((release) => (res.closed ? release() : res.once('close', release))),
    budgetStates: [],
    resource: (req.url ?? '').startsWith('/mcp')
      ? mcpResourceOf(services.oauth.issuer)
      : services.oauth.apiResource,
  });
}
