import { isClientError } from '@charter/client';
import type { Issue } from '../forms/field-errors.ts';

/** The catalogue code of an API error (`EMAIL_TAKEN`, `TOO_MANY_REQUESTS`, …), if it is one. */
export function errorCodeOf(error: unknown): string | undefined {
  return isClientError(error) ? error.data?.appCode : undefined;
}

/** With TOO_MANY_REQUESTS: how many seconds until a retry can succeed. */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  return isClientError(error) ? error.data?.retryAfterSeconds : undefined;
}

/** The server's validation issues, with paths into the input. */
export function issuesOf(error: unknown): readonly Issue[] {
  return (isClientError(error) && error.data?.issues) || [];
}

/** Whether trying the same call again soon may succeed: offline, a timeout, a server failure. */
export function isTransient(error: unknown): boolean {
  if (!isClientError(error)) return false;
  const status = error.data?.httpStatus;
  return status === undefined || status >= 500;
}

export interface ErrorDescription {
  message: string;
  /** When the caller may try again, in seconds from when the error arrived. */
  retryAfterSeconds?: number;
  /** The server's id for the request, to quote when reporting a problem. */
  requestId?: string;
}

/** What to tell the user about a failed call, in the server's own words where it gave any. */
export function describeError(error: unknown): ErrorDescription {
  if (!isClientError(error))
    return { message: 'Something went wrong in the app. Reload the page and try again.' };
  const data = error.data;
  if (!data) {
    return { message: 'Could not reach the server. Check your connection and try again.' };
  }
  return {
    message: error.message,
    ...(data.retryAfterSeconds !== undefined ? { retryAfterSeconds: data.retryAfterSeconds } : {}),
    ...(data.requestId && data.httpStatus >= 500 ? { requestId: data.requestId } : {}),
  };
}

/** "in 42 seconds", "in 2 minutes 5 seconds": how long until a retry, for people. */
export function formatWait(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes === 0) return plural(rest, 'second');
  return rest === 0 ? plural(minutes, 'minute') : `${plural(minutes, 'minute')} ${plural(rest, 'second')}`;
}
