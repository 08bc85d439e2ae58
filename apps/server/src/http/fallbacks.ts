import type { ErrorRequestHandler, RequestHandler } from 'express';
import { sendProblem } from './problem.ts';

/** No route matched. */
export const notFound: RequestHandler = (req, res) => {
  sendProblem(req, res, 'NOT_FOUND', `Nothing is served at ${req.method} ${req.path}.`);
};

/** Anything thrown past the routes: a problem for the caller, the cause for the log. */
export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const status = (error as { status?: unknown }).status;
  if (status === 413) return sendProblem(req, res, 'PAYLOAD_TOO_LARGE');
  if (status === 400) return sendProblem(req, res, 'BAD_REQUEST');
  req.log.error({ err: error }, 'unhandled error');
  sendProblem(req, res, 'INTERNAL_SERVER_ERROR');
};
