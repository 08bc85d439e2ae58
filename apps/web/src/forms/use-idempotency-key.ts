import { useCallback, useState } from 'react';

/**
 * The Idempotency-Key of what a form is about to create: one per form, not per submit, so a double
 * submit (or a retry after a lost answer) is one call. Renew it once the call succeeded, for the next.
 */
export function useIdempotencyKey(): { idempotencyKey: string; renew: () => void } {
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  const renew = useCallback(() => setKey(crypto.randomUUID()), []);
  return { idempotencyKey, renew };
}
