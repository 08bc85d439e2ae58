import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { describe, expect, it } from 'vitest';
import { builtInErrors } from '../error-catalogue.ts';
import { ContractError, headersOfErrors } from './contract-error.ts';
import { describeError, formatError } from './error-formatter.ts';

/** What tRPC hands the formatter for an error, and what goes out. */
function formatted(error: TRPCError, ctx: unknown = { requestId: 'req-1' }) {
  const httpStatus = getHTTPStatusCodeFromError(error);
  return formatError({
    shape: { code: -32603, message: error.message, data: { code: error.code, httpStatus } },
    error,
    ctx,
  });
}

const outage = () =>
  new ContractError('SERVICE_UNAVAILABLE', builtInErrors.SERVICE_UNAVAILABLE, {
    cause: new Error('connect ECONNREFUSED 10.0.0.5:5432 (user charter)'),
    retryAfterSeconds: 5,
    headers: { 'Retry-After': '5' },
  });

describe('formatError', () => {
  it('sends an outage as SERVICE_UNAVAILABLE 503 with its retry time, in the catalogue words', () => {
    const error = outage();
    expect(formatted(error)).toEqual({
      code: -32603,
      message: builtInErrors.SERVICE_UNAVAILABLE.message,
      data: {
        code: 'SERVICE_UNAVAILABLE',
        httpStatus: 503,
        appCode: 'SERVICE_UNAVAILABLE',
        requestId: 'req-1',
        retryAfterSeconds: 5,
      },
    });
    expect(headersOfErrors([error])).toEqual({ 'Retry-After': '5' });
  });

  it('never sends the cause of a 5xx: the address and user of a database stay in the log', () => {
    const sent = JSON.stringify([
      formatted(outage()),
      formatted(
        new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'pg said: relation "x" does not exist' }),
      ),
    ]);
    expect(sent).not.toContain('10.0.0.5');
    expect(sent).not.toContain('relation');
  });

  it('turns anything unexpected into INTERNAL_SERVER_ERROR with the generic message', () => {
    const error = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: new TypeError('x is undefined') });
    expect(describeError(error, 500)).toEqual({
      appCode: 'INTERNAL_SERVER_ERROR',
      message: builtInErrors.INTERNAL_SERVER_ERROR.message,
    });
  });

  it("keeps tRPC's own SERVICE_UNAVAILABLE a 503 of the same code", () => {
    const error = new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'draining' });
    expect(describeError(error, 503)).toEqual({
      appCode: 'SERVICE_UNAVAILABLE',
      message: builtInErrors.SERVICE_UNAVAILABLE.message,
    });
  });
});
