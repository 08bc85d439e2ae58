import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { AccessLog } from '../env.ts';
import { requestIdFor } from './request-id.ts';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id (see request-id.ts), set by requestLogging. */
    id: string;
    /** A logger whose every line carries the request id, set by requestLogging. */
    log: Logger;
  }
}

/**
 * Gives each request its id and a logger carrying it, and writes one line when the response is
 * done (`request completed`, or `request aborted` at `debug` when the caller left first), at `error`
 * for a 5xx but 503, which is a `warn`. The line has pino-http's shape (req, res, responseTime); pino's redaction keeps credentials
 * out of it. `accessLog` (ACCESS_LOG) keeps every line (`all`), only 5xx ones (`errors`) or none (`off`).
 * Cheap when nothing is logged: the per-request child logger is only built when
 * something logs through it, and a line is only assembled when its level is enabled.
 */
export function requestLogging(
  log: Logger,
  options: { ignore: (url: string) => boolean; accessLog?: AccessLog },
): RequestHandler {
  const accessLog = options.accessLog ?? 'all';
  return (req, res, next) => {
    const id = requestIdFor(req, res);
    req.id = id;
    req.log = lazyChild(log, { reqId: id });
    // Every line is at `debug`, `info`, `warn` or `error`; with `error` off (silent) there is nothing to write.
    if (accessLog !== 'off' && log.isLevelEnabled('error')) {
      const started = performance.now();
      res.once('close', () => {
        if (options.ignore(urlOf(req))) return;
        if (accessLog === 'errors' && res.statusCode < 500) return;
        logCompletion(log, req, res, Math.round(performance.now() - started));
      });
    }
    next();
  };
}

function logCompletion(log: Logger, req: IncomingMessage, res: ServerResponse, responseTime: number): void {
  const aborted = !res.writableFinished;
  // A caller that goes away (a closed tab, an ended live stream) is no fault of ours: debug at most.
  // A 503 is a dependency out of reach (the database restarting): a warning, logged where it is met.
  const level =
    res.statusCode === 503 ? 'warn' : res.statusCode >= 500 ? 'error' : aborted ? 'debug' : 'info';
  if (!log.isLevelEnabled(level)) return;
  log[level](
    {
      reqId: req.id,
      req: {
        id: req.id,
        method: req.method,
        url: urlOf(req),
        headers: req.headers,
        remoteAddress: req.socket.remoteAddress,
        remotePort: req.socket.remotePort,
      },
      res: { statusCode: res.statusCode, headers: res.getHeaders() },
      responseTime,
    },
    aborted ? 'request aborted' : 'request completed',
  );
}

/** The URL as the client sent it (Express rewrites `req.url` under a mount path). */
const urlOf = (req: IncomingMessage): string =>
  (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';

/** `parent.child(bindings)`, built the first time something logs through it. */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const real = () => {
    child ??= parent.child(bindings);
    return child;
  };
  // One bound method per name, not one per call; made with the first one (most requests log nothing).
  let bound: Map<PropertyKey, unknown> | undefined;
  return new Proxy({} as Logger, {
    get(_target, key) {
      const logger = real();
      const value: unknown = Reflect.get(logger, key, logger);
      if (typeof value !== 'function') return value;
      bound ??= new Map();
      if (!bound.has(key)) bound.set(key, value.bind(logger));
      return bound.get(key);
    },
    set(_target, key, value) {
      bound?.delete(key);
      return Reflect.set(real(), key, value);
    },
    has: (_target, key) => Reflect.has(real(), key),
  });
}
