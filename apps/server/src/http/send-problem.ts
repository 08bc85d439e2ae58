import type { IncomingMessage } from 'node:http';
import type { BuiltInErrorCode } from '@charter/rpc';
import { type Problem, type ProblemLinks, writeProblem } from '@charter/rpc/node';
import type { Request, Response } from 'express';

/** Where this server's problems point: each code's entry in the error guide, at the origin clients know. */
export function problemLinks(publicUrl: string): ProblemLinks {
  return {
    problemType: (code) => `${publicUrl}/docs/errors#${code}`,
    requestIdOf: (req: IncomingMessage) => (req.id === undefined ? undefined : String(req.id)),
  };
}

/** RFC 9457 problem details from an Express route, linked as the API's are (src/api.ts). */
export function sendProblem(
  req: Request,
  res: Response,
  problem: Problem | BuiltInErrorCode,
  detail?: string,
): void {
  const publicUrl = (req.app.locals as { publicUrl?: string }).publicUrl ?? '';
  writeProblem(req, res, problemLinks(publicUrl), problem, detail);
}
