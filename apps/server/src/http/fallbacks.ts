import { builtInProblem } from '@charter/rpc/node';
import { ContractError } from '@charter/rpc/server';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { sendProblem } from './send-problem.ts';

/** No route matched: the problem says where the API's map is. */
export const notFound: RequestHandler = (req, res) => {
  sendProblem(
    req,
    res,
    'NOT_FOUND',
    `Nothing is served at ${req.method} ${req.path}. The API and its reference: /docs.`,
  );
};

/**
 * Anything thrown past the routes: a problem for the caller, the cause for the log. A catalogue
 * error keeps its status and headers (a database outage is a 503 with `Retry-After`).
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof ContractError && error.code === 'SERVICE_UNAVAILABLE') {
    req.log.warn({ err: error.cause ?? error }, 'service unavailable');
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    const { retryAfterSeconds } = error;
    return sendProblem(req, res, {
      ...builtInProblem('SERVICE_UNAVAILABLE'),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  const status = (error as { status?: unknown }).status;
  if (status === 413) return sendProblem(req, res, 'PAYLOAD_TOO_LARGE');
  if (status === 400) return sendProblem(req, res, 'BAD_REQUEST');
  req.log.error({ err: error }, 'unhandled error');
  sendProblem(req, res, 'INTERNAL_SERVER_ERROR');
};
