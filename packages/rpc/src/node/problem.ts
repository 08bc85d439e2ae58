import type { IncomingMessage, ServerResponse } from 'node:http';
import accepts from 'accepts';
import { type BuiltInErrorCode, builtInErrors } from '../error-catalogue.ts';
import type { ValidationIssue } from '../error-shape.ts';
import { encodeXml } from '../xml/xml-codec.ts';
import { sendBody } from './send-body.ts';

/** An error as RFC 9457 problem details carry it, in the catalogue's terms. */
export interface Problem {
  status: number;
  /** The catalogue code. */
  code: string;
  /** The catalogue's public message for the code. */
  title: string;
  /** What went wrong this time, when it says more than the title. */
  detail?: string;
  issues?: ValidationIssue[];
  retryAfterSeconds?: number;
}

const problemNamespace = 'urn:ietf:rfc:7807';

/** The problem of a built-in catalogue error. */
export function builtInProblem(code: BuiltInErrorCode, detail?: string): Problem {
  const { status, message } = builtInErrors[code];
  return { status, code, title: message, ...(detail === undefined || detail === message ? {} : { detail }) };
}

/** Where problems of a server point: the `type` URI of each code, and the request's id. */
export interface ProblemLinks {
  /** The `type` of a problem with this catalogue code, such as its entry in the error guide. */
  problemType(code: string): string;
  requestIdOf(req: IncomingMessage): string | undefined;
}

/**
 * Answers with RFC 9457 problem details: `application/problem+xml` when the caller prefers XML,
 * `application/problem+json` otherwise, with the catalogue code, the request id and `instance`.
 */
export function writeProblem(
  req: IncomingMessage,
  res: ServerResponse,
  links: ProblemLinks,
  problem: Problem | BuiltInErrorCode,
  detail?: string,
): void {
  const { status, code, title, ...extensions } =
    typeof problem === 'string' ? builtInProblem(problem, detail) : problem;
  const body = {
    type: links.problemType(code),
    title,
    status,
    ...(extensions.detail === undefined ? {} : { detail: extensions.detail }),
    instance: asUriReference((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/'),
    code,
    ...(extensions.issues === undefined ? {} : { issues: extensions.issues }),
    ...(extensions.retryAfterSeconds === undefined
      ? {}
      : { retryAfterSeconds: extensions.retryAfterSeconds }),
  };
  const requestId = links.requestIdOf(req);
  if (requestId !== undefined) Object.assign(body, { requestId });
  res.statusCode = status;
  if (prefersXml(req)) {
    res.setHeader('Content-Type', 'application/problem+xml; charset=utf-8');
    sendBody(req, res, encodeXml(body, { root: 'problem', namespace: problemNamespace }));
  } else {
    res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    sendBody(req, res, JSON.stringify(body));
  }
}

// What RFC 3986 allows in a path and query as is; a `%` must start an escape.
const notInUriReference = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/g;

/**
 * The request target as a URI reference, as `instance` must be: a target Node let through with a
 * stray `%` or a character a URI cannot hold (`/projects/%`, `/a b`) has those percent-encoded.
 */
export function asUriReference(target: string): string {
  return target.replace(notInUriReference, (character) => encodeURIComponent(character));
}

/** Whether the caller asked for XML over JSON (problem details follow the format the caller reads). */
export function prefersXml(req: IncomingMessage): boolean {
  const preferred = accepts(req).type([
    'application/json',
    'application/xml',
    'application/problem+json',
    'application/problem+xml',
    'text/xml',
  ]);
  return (
    preferred === 'application/xml' || preferred === 'application/problem+xml' || preferred === 'text/xml'
  );
}
