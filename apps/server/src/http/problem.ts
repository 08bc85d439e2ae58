import { type BuiltInErrorCode, builtInErrors } from '@charter/rpc';
import type { Request, Response } from 'express';

/** Answers with RFC 9457 problem details, in the catalogue's terms. */
export function sendProblem(req: Request, res: Response, code: BuiltInErrorCode, detail?: string): void {
  const { status, message } = builtInErrors[code];
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: message,
      status,
      code,
      ...(detail === undefined ? {} : { detail }),
      instance: req.originalUrl,
      requestId: String(req.id),
    });
}
