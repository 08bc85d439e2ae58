import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Env } from '../env.ts';
import { requestIdFor } from './request-id.ts';

/**
 * What every response gets, on every path (Express and the tRPC fast path alike), in order: a
 * request id and a log line, security headers, CORS. Plain (req, res, next) functions, so the
 * fast path runs the very same ones.
 */
export function edgeMiddleware(env: Env, log: Logger): RequestHandler[] {
  return [
    pinoHttp({
      logger: log,
      genReqId: requestIdFor,
      // req.log binds the request id only, not the whole request: one cheap child logger per request.
      quietReqLogger: true,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    }) as unknown as RequestHandler,
    helmet(),
    cors({
      origin: env.CORS_ORIGINS === '*' ? '*' : env.CORS_ORIGINS,
      // What a browser client may read: the request id, the rate-limit budget and why a call was refused.
      exposedHeaders: ['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'WWW-Authenticate'],
      maxAge: 600,
    }),
  ];
}
