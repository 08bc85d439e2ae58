/** What a renewing fetch needs from the session: a token to retry with after a 401, if any. */
export interface RenewableSession {
  afterRejection(rejected: string): Promise<string | undefined>;
}

/**
 * A fetch that, when the server refuses the access token it was sent (401), renews the session
 * once and repeats the request with the new token: an expired or rotated token costs the caller
 * nothing. Requests sent without a token (logging in) pass through as they are.
 */
export function renewingFetch(fetchFn: typeof fetch, session: RenewableSession): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    if (response.status !== 401) return response;
    const sent = /^Bearer (.+)$/.exec(new Headers(init?.headers).get('authorization') ?? '')?.[1];
    if (!sent) return response;
    const renewed = await session.afterRejection(sent).catch(() => undefined);
    if (!renewed || renewed === sent) return response;
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${renewed}`);
    return fetchFn(input, { ...init, headers });
  };
}
