import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FailureLog } from './serving.ts';

/**
 * A cross-cutting duty the handler runs on every request it serves, before serving it: a request
 * id and log line, security headers, CORS, the client's address behind proxies. One shape, that of
 * Connect and Express middleware, so a server runs the very same functions on the routes it serves
 * itself; `next(error)` answers 500.
 */
export interface RpcPlugin {
  /** What it does, for logs and for reading the list. */
  name: string;
  onRequest(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
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
    if (plugin) plugin.onRequest(req, res, next);
    else done();
  };
  next();
}
