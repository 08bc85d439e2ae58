import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TRPCRequestInfo } from '@trpc/server/http';
import type { Logger } from 'pino';
import { clientIpOf } from '../http/client-ip.ts';
import type { Principal } from '../middleware/principal.ts';
import type { BudgetState } from '../rate-limit/budgets.ts';
import type { Services } from '../services.ts';
import { refuseInputsOf } from './strict-input.ts';

/** What every procedure call starts with: the request's facts and the server's services. */
export interface RequestContext {
  requestId: string;
  log: Logger;
  /** The raw Authorization header; the auth middleware decides what it means. */
  authorization: string | undefined;
  /** The raw X-API-Key header. */
  apiKey: string | undefined;
  /** The client's address, as Express resolves it with the configured proxy trust. */
  clientIp: string;
  services: Services;
  /** Calls `release` once the response has closed: a stream ended, or its caller left. */
  whenClosed?: (release: () => void) => void;
  /** The rate-limit budgets the request drew from, for its RateLimit headers (filled as calls run). */
  budgetStates: BudgetState[];
  /**
   * Who the request's credential is, checked once for all the calls of a batch (set by the auth
   * middleware, src/middleware/auth.ts).
   */
  identity?: Promise<Principal>;
}

export function createContextFactory(services: Services) {
  // tRPC's official adapter passes `info`, its calls; the fast path and REST check input themselves.
  return ({
    req,
    res,
    info,
  }: {
    req: IncomingMessage;
    res?: ServerResponse;
    info?: TRPCRequestInfo;
  }): RequestContext => {
    if (info) refuseInputsOf(req, info);
    return contextOf(services, req, res);
  };
}

function contextOf(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse | undefined,
): RequestContext {
  return {
    requestId: String(req.id),
    log: req.log,
    authorization: req.headers.authorization,
    apiKey: typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined,
    clientIp: clientIpOf(req),
    services,
    whenClosed: res && ((release) => (res.closed ? release() : res.once('close', release))),
    budgetStates: [],
    identity: undefined,
  };
}
