import type { ServerResponse } from 'node:http';
import type { RpcPlugin } from '@charter/rpc/node';
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Env } from '../env.ts';
import { compressionPlugin } from './compression.ts';
import { requestLogging } from './request-log.ts';

/**
 * What every response gets, on every path (the API handler and Express alike), in order: a request
 * id and a log line, security headers, CORS, compression (unless COMPRESSION=off). Plugins of the API handler (@charter/rpc/node), whose
 * (req, res, next) shape Express runs as middleware: the very same functions on both.
 */
export function edgePlugins(env: Env, log: Logger): RpcPlugin[] {
  return [
    plugin(
      'request-log',
      requestLogging(log, { ignore: (url) => url === '/healthz', accessLog: env.ACCESS_LOG }),
    ),
    plugin('security-headers', securityHeaders()),
    plugin(
      'cors',
      cors({
        origin: env.CORS_ORIGINS === '*' ? '*' : env.CORS_ORIGINS,
        // What a browser client may read: the request id, the rate-limit budget, why a call was
        // refused, and that a procedure it calls is being retired.
        exposedHeaders: [
          'X-Request-Id',
          'RateLimit',
          'RateLimit-Policy',
          'Retry-After',
          'WWW-Authenticate',
          'Deprecation',
          'Sunset',
          'Link',
        ],
        maxAge: 600,
      }),
    ),
    ...(env.COMPRESSION === 'on'
      ? [compressionPlugin({ thresholdBytes: env.COMPRESSION_THRESHOLD_BYTES })]
      : []),
  ];
}

/** Middleware that reads and writes only what Node's request and response have, as a plugin. */
function plugin(name: string, onRequest: RequestHandler): RpcPlugin {
  return { name, onRequest: onRequest as unknown as RpcPlugin['onRequest'] };
}

/**
 * helmet's headers. They do not depend on the request, so helmet runs once, on a stand-in
 * response, and each request gets what it set (and loses what it removed) in one step.
 */
function securityHeaders(): RequestHandler {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet()({} as never, recorder as unknown as ServerResponse as never, () => {});
  if (set.length === 0) throw new Error('helmet set no header: has its interface changed?');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
