import { useMemo } from 'react';
import { describeError, formatWait } from './api-errors.ts';
import { useNow } from './use-now.ts';

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

interface ApiErrorProps {
  error: unknown;
  /** Offered as a button (once any wait the server asked for is over). */
  onRetry?: () => void;
  /** What failed, e.g. "Could not load the tasks.". */
  context?: string;
}

/**
 * A failed call, told to the user: the server's message, and after a 429 when to retry, counted
 * down. Announced once (role="alert"); the countdown itself is not re-announced every second.
 */
export function ApiError({ error, onRetry, context }: ApiErrorProps) {
  const { message, retryAfterSeconds, requestId } = describeError(error);
  // Counted from when this error arrived, not from each render.
  const retryAt = useMemo(
    () => (retryAfterSeconds === undefined ? undefined : Date.now() + retryAfterSeconds * 1000),
    [retryAfterSeconds],
  );
  const now = useNow(retryAt !== undefined);
  const waitSeconds = retryAt === undefined ? 0 : Math.max(0, (retryAt - now) / 1000);
  const waiting = waitSeconds > 0;
  return (
    <div className="notice notice-error" role="alert">
      <p>
        {context ? `${context} ` : ''}
        {message}
      </p>
      {retryAt !== undefined && (
        <p className="retry-after">
          You can try again at <time dateTime={new Date(retryAt).toISOString()}>{clock.format(retryAt)}</time>
          {waiting ? (
            <span aria-live="off">, in {formatWait(waitSeconds)}.</span>
          ) : (
            <span>: you can try again now.</span>
          )}
        </p>
      )}
      {requestId && (
        <p className="request-id">
          Reference: <code>{requestId}</code>
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry} disabled={waiting}>
          Try again
        </button>
      )}
    </div>
  );
}
