import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import proxyAddr from 'proxy-addr';
import type { Env } from '../env.ts';

type Serve = (req: IncomingMessage, res: ServerResponse) => void;

/** A path served in front of Express: how it would serve a request, or undefined to leave it to Express. */
export type HotPath = (req: IncomingMessage) => Serve | undefined;

/**
 * Serves the hot paths (the tRPC fast path, REST) in front of Express, which costs them more than
 * their work (docs/decisions/013), and everything else through Express. A hot path gets every
 * duty Express would have done first: the very same edge middleware (request id and log line,
 * security headers, CORS; src/http/edge.ts), and `req.ip` with the same proxy trust.
 */
export function frontDoor(options: {
  env: Env;
  log: Logger;
  /** The edge middleware Express runs (src/http/edge.ts), the very same functions. */
  edge: RequestHandler[];
  hotPaths: HotPath[];
  express: Serve;
}): Serve {
  const { env, log, edge, hotPaths, express } = options;
  // Express's `trust proxy` of a number: that many hops in front are proxies.
  const trust = (_address: string, hop: number) => hop < env.TRUST_PROXY_HOPS;
  return (req, res) => {
    for (const claim of hotPaths) {
      const serve = claim(req);
      if (!serve) continue;
      runEdge(edge, req, res, log, () => {
        (req as { ip?: string }).ip = proxyAddr(req, trust);
        serve(req, res);
      });
      return;
    }
    express(req, res);
  };
}

/** Runs the edge middleware in order, as Express would, then `done`; a failure is logged and answered 500. */
function runEdge(
  edge: RequestHandler[],
  req: IncomingMessage,
  res: ServerResponse,
  log: Logger,
  done: () => void,
): void {
  let index = 0;
  const next = (error?: unknown) => {
    if (error) {
      log.error({ err: error, url: req.url }, 'edge middleware failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
      return;
    }
    const duty = edge[index++];
    if (duty) duty(req as never, res as never, next);
    else done();
  };
  next();
}
