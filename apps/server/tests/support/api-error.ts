import { type ClientError, isClientError } from '@charter/client';
import type { ErrorData } from '@charter/rpc';
import { expect } from 'vitest';

/** Awaits a call that must fail, and returns its API error for closer checks. */
export async function apiError(call: Promise<unknown>): Promise<ClientError> {
  const outcome = await call.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome))
    throw new Error(`expected the call to fail, it returned ${JSON.stringify(outcome.value)}`);
  if (!isClientError(outcome.error)) throw outcome.error;
  return outcome.error;
}

/** Asserts that a call fails with this catalogue code (and HTTP status, message, ... when given). */
export async function expectApiError(
  call: Promise<unknown>,
  expected: Partial<ErrorData> & { message?: string },
) {
  const error = await apiError(call);
  const { message, ...data } = expected;
  expect(error.data).toMatchObject(data);
  if (message !== undefined) expect(error.message).toBe(message);
  return error;
}
