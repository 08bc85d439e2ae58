import type { OpenApiDocument, Operation, Schema } from './openapi-document.ts';
import type { OpenApiXml } from './openapi-xml.ts';
import type { RawResponse } from './raw-http.ts';

/** One way an answer differs from what the document promises: `kind` is stable, `detail` says this time. */
export interface Violation {
  kind: string;
  detail: string;
}

interface Exchange {
  document: OpenApiDocument;
  xml: OpenApiXml;
  operation: Operation;
  accept: string;
  /** Why the document says the request is invalid; empty when it is valid. */
  invalidBecause: string[];
  /** Whether Accept names something the operation answers with (else a 406 is as right as ignoring it). */
  acceptable: boolean;
  /** Set when a refusal is as right as serving. */
  eitherWay?: string;
  /** Whether the server could read Accept: not when the request is not well-formed HTTP. */
  acceptHeard?: boolean;
  /** The body sent, to tell text the server changed from text the caller wrote. */
  sent?: Buffer;
  response: RawResponse;
}

const validationCodes = new Set(['BAD_REQUEST', 'VALIDATION_FAILED']);

/** Everything the document (and HTTP) says of this answer to this request, that it does not hold. */
export function checkExchange({
  document,
  xml,
  operation,
  accept,
  invalidBecause,
  acceptable,
  eitherWay,
  acceptHeard = true,
  sent,
  response,
}: Exchange): Violation[] {
  const violations: Violation[] = [];
  const flag = (kind: string, detail = '') => violations.push({ kind, detail });
  const { status } = response;
  const mediaType = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

  if (status >= 500) flag(`answered ${status}`);
  const described = document.response(operation, status);

  let body: unknown;
  const content = described?.content ?? {};
  if (!described) {
    if (status < 500)
      flag(
        `answered ${status}, which the operation does not document`,
        response.body.toString('utf8').slice(0, 200),
      );
  } else if (Object.keys(content).length === 0 && response.body.length > 0)
    flag(
      `a body with ${status}, which the document gives none`,
      response.body.toString('utf8').slice(0, 200),
    );
  const media = content[mediaType];
  if (described && Object.keys(content).length > 0) {
    // A 4xx with no media type at all is reported once, as no problem document.
    if (!media && (mediaType || status < 400 || status >= 500))
      flag(`${status} as ${mediaType || 'no media type'}, which the document does not list`);
    // RFC 9110 §12.5.1 lets a server disregard Accept, but not pick the one type refused over one accepted.
    else if (
      media &&
      acceptHeard &&
      !accepts(accept, mediaType) &&
      Object.keys(content).some((documented) => accepts(accept, documented))
    )
      flag(
        `${status} as ${mediaType}, which Accept: ${accept} refuses, though the document offers what it accepts`,
      );
  }
  if (media?.schema && mediaType !== 'text/event-stream') {
    const text = response.body.toString('utf8');
    try {
      body = mediaType.endsWith('json') ? JSON.parse(text) : xml.decode(text, media.schema);
    } catch (error) {
      flag(`${status} ${mediaType} that cannot be read as the document describes`, (error as Error).message);
    }
    if (body !== undefined)
      for (const issue of document.validate(media.schema, body))
        flag(
          `${status} ${mediaType} not matching its schema: ${issue.replace(/\/\d+(?=[/ ])/g, '/*')}`,
          issue,
        );
  }
  if (status >= 400 && status < 500) {
    const problem = (body ?? {}) as Record<string, unknown>;
    if (!/^application\/problem\+(json|xml)$/.test(mediaType))
      flag(
        `${status} not a problem document (${mediaType || 'no media type'})`,
        response.body.toString('utf8').slice(0, 200),
      );
    else {
      for (const field of ['type', 'title', 'status'])
        if (!(field in problem)) flag(`${status} problem without ${field}`);
      if (problem.status !== undefined && problem.status !== status)
        flag(`${status} problem saying status ${String(problem.status)}`);
    }
    if (status === 401 && !response.headers['www-authenticate'])
      flag('401 without WWW-Authenticate (RFC 9110 §15.5.2)');
    const code = String(problem.code);
    if (invalidBecause.length === 0 && !eitherWay) {
      const unstated = issuesOf(problem).filter(
        (issue) => !document.wordsOf(operation).includes(issue.message),
      );
      const refusedForNothing =
        validationCodes.has(code) && (unstated.length > 0 || issuesOf(problem).length === 0);
      if (refusedForNothing || [413, 415].includes(status) || (status === 406 && acceptable))
        flag(
          `${status} ${code} for a request the document says is valid${describe(unstated[0], problem)}`,
          text(body),
        );
    }
  }
  // U+FFFD in an answer to a body without one: the server replaced what it could not decode.
  const replacement = Buffer.from('\uFFFD');
  if (status < 300 && sent && !sent.includes(replacement) && response.body.includes(replacement))
    flag(
      `${status} with U+FFFD the caller never sent: its text was changed`,
      response.body.toString('utf8').slice(0, 300),
    );
  if (status < 400 && invalidBecause.length > 0)
    flag(`${status} for a request the document says is invalid`, invalidBecause.join('; '));
  for (const [name, header] of Object.entries(described?.headers ?? {})) {
    const resolved = document.resolve(header) as { required?: boolean; schema?: Schema };
    const value = response.headers[name.toLowerCase()];
    if (value === undefined) {
      if (resolved.required) flag(`${status} without its required ${name} header`);
      continue;
    }
    const typed =
      resolved.schema && document.resolve(resolved.schema).type === 'integer' && /^-?\d+$/.test(value)
        ? Number(value)
        : value;
    for (const issue of resolved.schema ? document.validate(resolved.schema, typed) : [])
      flag(`${status} ${name} header not matching its schema`, `${value}: ${issue}`);
  }
  return violations;
}

// A problem document counts as the format it is written in: problem+json for a caller accepting JSON.
function accepts(accept: string, mediaType: string): boolean {
  const base = mediaType.replace(/^application\/problem\+(json|xml)$/, 'application/$1');
  return accept.split(',').some((range) => {
    const type = range.split(';')[0]?.trim() ?? '';
    return (
      type === '*/*' ||
      type === mediaType ||
      type === base ||
      (type.endsWith('/*') && mediaType.startsWith(type.slice(0, -1)))
    );
  });
}

interface Issue {
  path: string;
  message: string;
}

// A refusal's issues; one whose message the document states in words (a rule on the whole input) is documented.
function issuesOf(problem: Record<string, unknown>): Issue[] {
  return (
    (Array.isArray(problem.issues) ? problem.issues : []) as { path?: unknown[]; message?: string }[]
  ).map((issue) => ({
    path: (issue.path ?? []).map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.'),
    message: String(issue.message),
  }));
}

// The server's own words on what it refused, so distinct rules make distinct findings.
function describe(issue: Issue | undefined, problem: Record<string, unknown>): string {
  if (issue) return `, on a rule the document does not state: ${issue.path} "${issue.message}"`;
  return problem.detail ? `: ${String(problem.detail)}` : '';
}

const text = (value: unknown) => JSON.stringify(value)?.slice(0, 300) ?? '';
