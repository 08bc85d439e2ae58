import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallHook } from '../server/call-hooks.ts';
import type { FailureLog } from './serving.ts';

/**
 * A cross-cutting duty of the handler, named. `onRequest` runs on every request it serves, before
 * serving it (a request id and log line, security headers, CORS, the client's address behind
 * proxies), in the shape of Connect and Express middleware, so a server runs the very same
 * functions on the routes it serves itself; `next(error)` answers 500. `onCall` runs around every
 * call, one per call of a batch, on every surface, with the policy inside (metrics, traces).
 */
export interface RpcPlugin {
  /** What it does, for logs and for reading the list. */
  name: string;
  onRequest?(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
  onCall?: CallHook;
}

/** Runs the plugins in order, then `done`; a failure is logged and answered 500. */
export function runPlugins(
  plugins: readonly RpcPlugin[],
  req: IncomingMessage,
  res: ServerResponse,
  logOf: () => FailureLog,
  done: () => void,
): void {
  let index = 0;
  const next = (error?: unknown) => {
    if (error) {
      logOf().error({ err: error, url: req.url, plugin: plugins[index - 1]?.name }, 'plugin failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
      return;
    }
    const plugin = plugins[index++];
    if (!plugin) done();
    else if (plugin.onRequest) plugin.onRequest(req, res, next);
    else next();
  };
  next();
}
