import { describe, expect, it, vi } from 'vitest';
import { renewingFetch } from './renewing-fetch.ts';

function server(valid: string) {
  return vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const auth = new Headers(init?.headers).get('authorization');
    return new Response(null, { status: auth === `Bearer ${valid}` || auth === null ? 200 : 401 });
  });
}

describe('renewingFetch', () => {
  it('repeats a refused request once, with the renewed token', async () => {
    const fetchFn = server('new');
    const afterRejection = vi.fn(async () => 'new');
    const response = await renewingFetch(fetchFn, { afterRejection })('/trpc/x', {
      method: 'POST',
      body: '{}',
      headers: { authorization: 'Bearer old', 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(afterRejection).toHaveBeenCalledWith('old');
    const retried = new Headers(fetchFn.mock.calls[1]?.[1]?.headers);
    expect(retried.get('content-type')).toBe('application/json');
    expect(fetchFn.mock.calls[1]?.[1]?.body).toBe('{}');
  });

  it('passes the 401 on when the session cannot be renewed', async () => {
    const fetchFn = server('new');
    const response = await renewingFetch(fetchFn, { afterRejection: async () => undefined })('/trpc/x', {
      headers: { authorization: 'Bearer old' },
    });
    expect(response.status).toBe(401);
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('does not renew for a request sent without a token (a failed log-in is a 401 too)', async () => {
    const fetchFn = vi.fn(async () => new Response(null, { status: 401 }));
    const afterRejection = vi.fn(async () => 'new');
    const response = await renewingFetch(fetchFn, { afterRejection })('/trpc/auth.logIn', { method: 'POST' });
    expect(response.status).toBe(401);
    expect(afterRejection).not.toHaveBeenCalled();
  });

  it('does not loop when the renewed token is refused too', async () => {
    const fetchFn = server('never');
    const response = await renewingFetch(fetchFn, { afterRejection: async () => 'new' })('/trpc/x', {
      headers: { authorization: 'Bearer old' },
    });
    expect(response.status).toBe(401);
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });
});
