/**
 * The HTTP statuses an error may carry: exactly those tRPC has a code for, so the status a tRPC
 * caller sees and the status a REST caller sees are always the same.
 */
export const trpcCodeByStatus = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
  499: 'CLIENT_CLOSED_REQUEST',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
} as const;

export type ErrorStatus = keyof typeof trpcCodeByStatus;
export type TrpcErrorCode = (typeof trpcCodeByStatus)[ErrorStatus];

/** One entry of an error catalogue: what a caller is told, and with which HTTP status. */
export interface ErrorDefinition {
  status: ErrorStatus;
  /** The public message; it never carries internal detail. */
  message: string;
  /** Longer explanation for the documentation: when it happens and what to do. */
  description?: string;
}

export type ErrorCatalogue = Readonly<Record<string, ErrorDefinition>>;

/**
 * Errors any procedure can return without declaring them, because the toolkit itself raises them
 * (validation, authentication, throttling, limits, unexpected failures).
 */
export const builtInErrors = {
  BAD_REQUEST: {
    status: 400,
    message: 'The request could not be understood.',
    description:
      'The body is not valid JSON, a batch holds too many calls, or the request is otherwise malformed.',
  },
  VALIDATION_FAILED: {
    status: 400,
    message: 'The input is invalid.',
    description: 'The input does not match the procedure schema; `issues` lists each problem with its path.',
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'Authentication is required.',
    description: 'No credential was sent, or the credential is invalid, expired or revoked.',
  },
  FORBIDDEN: {
    status: 403,
    message: 'You are not allowed to do this.',
    description: 'The caller is authenticated but lacks the role or scope the operation needs.',
  },
  NOT_FOUND: {
    status: 404,
    message: 'Not found.',
    description: 'The resource does not exist, or the caller may not know that it exists.',
  },
  METHOD_NOT_SUPPORTED: {
    status: 405,
    message: 'This method is not supported here.',
  },
  CONFLICT: {
    status: 409,
    message: 'The request conflicts with the current state.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: 'The request body is too large.',
    description: 'The request body is over the size limit.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'This content type is not supported.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This idempotency key was used for another call.',
    description:
      'A retry must send the same input as the call its `Idempotency-Key` was first used for; a new call needs a new key.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    message: 'Too many requests; retry later.',
    description: 'The caller has spent its rate-limit budget; `Retry-After` says when to retry.',
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    message: 'Something went wrong on our side.',
    description: 'An unexpected failure. Quote the request id when you report it.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: 'The service is unavailable; retry later.',
  },
} as const satisfies ErrorCatalogue;

export type BuiltInErrorCode = keyof typeof builtInErrors;

/**
 * Errors only the REST surface raises, before any procedure runs, with statuses tRPC has no code
 * for. They are problem details like the others, and the docs list them with the catalogue.
 */
export const restOnlyErrors = {
  NOT_ACCEPTABLE: {
    status: 406,
    message: 'None of the media types you accept can be served.',
    description:
      'Send `Accept: application/json` or `application/xml`; problem details follow the same choice.',
  },
  GONE: {
    status: 410,
    message: 'This operation has been retired.',
    description:
      'Its sunset date has passed. `detail` and the `Link` header name what to call instead; a tRPC caller gets `NOT_FOUND` with the same message.',
  },
} as const satisfies Readonly<Record<string, Omit<ErrorDefinition, 'status'> & { status: number }>>;

/**
 * Builds an API's error catalogue: the built-in errors plus the domain's own. A domain code may not
 * redefine a built-in one, so every layer agrees on what `NOT_FOUND` means.
 */
export function defineErrors<const TDomain extends ErrorCatalogue = Record<never, ErrorDefinition>>(
  domain: { [K in keyof TDomain]: K extends BuiltInErrorCode ? never : TDomain[K] },
): typeof builtInErrors & TDomain {
  for (const [code, definition] of Object.entries(domain)) {
    if (Object.hasOwn(builtInErrors, code))
      throw new Error(`Error code "${code}" is built in and cannot be redefined`);
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`Error code "${code}" must be UPPER_SNAKE_CASE`);
    if (!Object.hasOwn(trpcCodeByStatus, definition.status)) {
      throw new Error(`Error code "${code}" has status ${definition.status}, which tRPC cannot carry`);
    }
  }
  return { ...builtInErrors, ...domain };
}

export function isBuiltInErrorCode(code: string): code is BuiltInErrorCode {
  return Object.hasOwn(builtInErrors, code);
}
