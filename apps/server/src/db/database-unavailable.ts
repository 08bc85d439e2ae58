import { builtInErrors } from '@charter/rpc';
import { ContractError } from '@charter/rpc/server';

/** How long a caller is told to wait: about what a PostgreSQL restart or failover takes. */
export const databaseRetryAfterSeconds = 5;

/**
 * The database cannot be reached now (stopped, restarting, failing over, the network in between):
 * not a bug in our code, so every surface answers 503 SERVICE_UNAVAILABLE with `Retry-After`. The
 * driver's error stays the cause, for the log only.
 */
export class DatabaseUnavailable extends ContractError<'SERVICE_UNAVAILABLE'> {
  /** What Express, Koa (oidc-provider) and http-errors read as the response status. */
  readonly status = 503;
  readonly statusCode = 503;

  constructor(cause: unknown) {
    super('SERVICE_UNAVAILABLE', builtInErrors.SERVICE_UNAVAILABLE, {
      cause,
      retryAfterSeconds: databaseRetryAfterSeconds,
      headers: { 'Retry-After': String(databaseRetryAfterSeconds) },
    });
    this.name = 'DatabaseUnavailable';
  }
}

// The connection failed or was refused at the socket.
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATE: shutting down (57P01 admin, 57P02 crash), starting up (57P03), out of connections
// (53300), and read-only (25006: after a failover, still connected to what is now a standby; the
// server never asks for a read-only transaction itself).
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300', '25006']);
// node-postgres says these in words only: a dropped connection, a connection or pool checkout that
// timed out, a client used after its connection broke.
const driverMessages = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^timeout expired$/,
  /is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
];

/**
 * Whether an error from the database driver means the database is out of reach rather than that
 * the query was wrong: socket failures, SQLSTATE class 08 (connection exception), shutdown and
 * start-up states, and node-postgres's own connection errors. Looks through `cause` and the
 * errors an AggregateError gathers (a host name with several addresses).
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (socketCodes.has(code) || unavailableStates.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && driverMessages.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((inner) => isConnectionFailure(inner, depth + 1))) return true;
  return isConnectionFailure(cause, depth + 1);
}

/** The error a caller should see: DatabaseUnavailable for a connection failure, else the error as is. */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof DatabaseUnavailable || !isConnectionFailure(error)) return error;
  return new DatabaseUnavailable(error);
}
