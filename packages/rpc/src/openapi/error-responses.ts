import { builtInErrors, type ErrorCatalogue, restOnlyErrors } from '../error-catalogue.ts';
import { idempotencyOf } from '../procedure.ts';
import type { RestOperation } from '../rest/rest-operations.ts';
import type { HeaderObject, JsonSchema, ResponseObject } from './openapi-types.ts';
import { everyResponseHeaders, headerRefs, retryAfter, wwwAuthenticate } from './response-headers.ts';

/** The namespace RFC 9457 Appendix B gives problem details in XML. */
export const problemXmlNamespace = 'urn:ietf:rfc:7807';
const problemRef = { $ref: '#/components/schemas/Problem' };

interface ErrorEntry {
  code: string;
  status: number;
  message: string;
  description?: string;
}

/** The codes an operation can answer with under one HTTP status. */
export interface ErrorGroup {
  status: number;
  errors: ErrorEntry[];
  /** The name of its response in `components.responses`: its codes, `BadRequestOrValidationFailed`. */
  componentName: string;
}

/**
 * Every catalogue code an operation can answer with: the ones its procedure declares, and the
 * built-in ones the toolkit and the REST bridge raise for it. Any request can be malformed (a
 * header, the URL) and any can meet an outage, so every operation lists 400 and 503.
 */
export function errorCodesOf(operation: RestOperation): string[] {
  const { procedure, inputIn } = operation;
  const hasInput = procedure.input !== undefined;
  const codes = [
    'BAD_REQUEST',
    ...(hasInput ? ['VALIDATION_FAILED'] : []),
    ...(procedure.meta.auth === 'required' ? ['UNAUTHORIZED', 'FORBIDDEN'] : []),
    // A stream is always text/event-stream, whatever the caller accepts.
    ...(procedure.type === 'subscription' ? [] : ['NOT_ACCEPTABLE']),
    ...(hasInput && inputIn === 'body' ? ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] : []),
    // A retry with its key but another input.
    ...(idempotencyOf(procedure) === 'ignored' ? [] : ['IDEMPOTENCY_KEY_REUSED']),
    // Once its sunset date passes, a retired operation answers 410.
    ...(typeof procedure.meta.deprecated === 'object' && procedure.meta.deprecated.sunset ? ['GONE'] : []),
    'TOO_MANY_REQUESTS',
    'INTERNAL_SERVER_ERROR',
    'SERVICE_UNAVAILABLE',
    ...procedure.meta.errors,
  ];
  return [...new Set(codes)];
}

/** The codes grouped by the HTTP status they travel with, lowest status first. */
export function errorsByStatus(codes: readonly string[], catalogue: ErrorCatalogue): ErrorGroup[] {
  const groups = new Map<number, ErrorEntry[]>();
  for (const code of codes) {
    const entry = entryOf(code, catalogue);
    groups.set(entry.status, [...(groups.get(entry.status) ?? []), entry]);
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([status, errors]) => ({
      status,
      errors,
      componentName: errors.map(({ code }) => pascal(code)).join('Or'),
    }));
}

/** The response for one status: problem details in JSON or XML, whose `code` is one of the group's. */
export function errorResponse(
  group: ErrorGroup,
  responseHeaders?: Readonly<Record<string, HeaderObject>>,
): ResponseObject {
  const lines = group.errors.map(
    ({ code, message, description }) => `\`${code}\`: ${message}${description ? ` ${description}` : ''}`,
  );
  const codes = group.errors.map(({ code }) => code);
  const challenged = group.status === 401 || codes.includes('FORBIDDEN');
  const schema: JsonSchema = {
    allOf: [problemRef],
    properties: { status: { type: 'integer', const: group.status }, code: { type: 'string', enum: codes } },
    xml: { name: 'problem', namespace: problemXmlNamespace },
  };
  return {
    description: lines.length === 1 ? (lines[0] as string) : lines.map((line) => `- ${line}`).join('\n'),
    headers: {
      ...everyResponseHeaders(responseHeaders),
      ...headerRefs([
        ...(group.status === 429 || group.status === 503 ? [retryAfter] : []),
        ...(challenged ? [wwwAuthenticate] : []),
      ]),
    },
    content: {
      'application/problem+json': { schema },
      'application/problem+xml': { schema },
    },
  };
}

/** `components.schemas` for RFC 9457 problem details with the toolkit's extension members. */
export function problemSchemas(catalogue: ErrorCatalogue): Record<string, JsonSchema> {
  const codes = [
    ...new Set([...Object.keys(builtInErrors), ...Object.keys(catalogue), ...Object.keys(restOnlyErrors)]),
  ];
  return {
    Problem: {
      type: 'object',
      description:
        'Problem details (RFC 9457): `application/problem+json`, or `application/problem+xml` when the caller prefers XML.',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: {
          type: 'string',
          format: 'uri-reference',
          description: 'Identifies the kind of problem; dereferenced, it documents the code.',
        },
        title: { type: 'string', description: "The catalogue's public message for the code." },
        status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status.' },
        detail: {
          type: 'string',
          description: 'What went wrong this time, when it says more than the title.',
        },
        instance: { type: 'string', format: 'uri-reference', description: 'The request target.' },
        code: {
          type: 'string',
          enum: codes,
          description: 'The catalogue code: what went wrong, in the API\u2019s words.',
        },
        issues: {
          type: 'array',
          description: 'With `VALIDATION_FAILED`: each problem with the input, with its path.',
          items: { $ref: '#/components/schemas/ValidationIssue', xml: { name: 'i' } },
          xml: { wrapped: true },
        },
        requestId: {
          type: 'string',
          description: 'Quote it when reporting a problem; the server logs carry it.',
        },
        retryAfterSeconds: {
          type: 'integer',
          minimum: 0,
          description: 'With `TOO_MANY_REQUESTS`: seconds until a retry can succeed (also `Retry-After`).',
        },
      },
      xml: { name: 'problem', namespace: problemXmlNamespace },
    },
    ValidationIssue: {
      type: 'object',
      required: ['code', 'path', 'message'],
      properties: {
        code: { type: 'string', description: "The validator's issue code: `too_small`, `invalid_type`..." },
        path: {
          type: 'array',
          description: 'Where in the input: `["labels", 2]`.',
          items: { type: ['string', 'integer'], xml: { name: 'i' } },
          xml: { wrapped: true },
        },
        message: { type: 'string' },
      },
    },
  };
}

function entryOf(code: string, catalogue: ErrorCatalogue): ErrorEntry {
  const known: Readonly<Record<string, Omit<ErrorEntry, 'code'>>> = {
    ...restOnlyErrors,
    ...builtInErrors,
    ...catalogue,
  };
  const definition = known[code];
  if (!definition) throw new Error(`Error code "${code}" is not in the catalogue`);
  return { code, ...definition };
}

const pascal = (code: string) =>
  code
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
