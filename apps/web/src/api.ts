import { type AppRouter, createClient } from '@charter/client';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { renewingFetch } from './session/renewing-fetch.ts';
import { SessionStore } from './session/session-store.ts';
import { sessionKey } from './session/stored-session.ts';
import { errorCodeOf, isTransient, retryAfterSecondsOf } from './ui/api-errors.ts';
import { RateLimitStore } from './ui/rate-limit-store.ts';

// The app is served by the API server itself (or by Vite's dev server, which forwards the API).
const url = window.location.origin;

/** The caller's rate-limit budgets, as every response reports them. */
export const rateLimits = new RateLimitStore();
/** The budgets the signed-in user's own calls report (not log-in's or refresh's, which are anonymous). */
export const signedInBudgets = new RateLimitStore();

// Log-in, refresh and log-out carry no access token, and are never retried (each may have had an effect).
const publicClient = createClient({ url, retry: false, onRateLimit: rateLimits.report });

/** The browser's log-in, shared by its tabs (see README: "How the app keeps its session"). */
export const session = new SessionStore({
  storage: window.localStorage,
  async refresh(refreshToken) {
    try {
      return await publicClient.auth.refresh.mutate({ refreshToken });
    } catch (error) {
      if (errorCodeOf(error) === 'INVALID_REFRESH_TOKEN') return null;
      throw error;
    }
  },
  async logOut(refreshToken) {
    await publicClient.auth.logOut.mutate({ refreshToken });
  },
  retryAfterSecondsOf,
  // Web Locks exist in secure contexts (https, and http on localhost); elsewhere each tab renews alone.
  ...(navigator.locks ? { exclusive: acrossTabs } : {}),
});
/** Runs `task` while no other tab of this origin runs one. */
async function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  await navigator.locks.request('charter.session.refresh', async () => {
    result = { value: await task() };
  });
  if (!result) throw new Error('The session lock was released without running the renewal');
  return result.value;
}

window.addEventListener('storage', (event) => {
  if (event.key === null || event.key === sessionKey) session.syncFromStorage();
});

/** The typed client every screen calls through. */
export const client = createClient({
  url,
  auth: { accessToken: () => session.accessToken() },
  fetch: renewingFetch(window.fetch.bind(window), session),
  // A short wait is waited out; a longer one is shown to the user with when to retry.
  retry: { maxRetries: 1, maxWaitSeconds: 3 },
  onRateLimit: (budgets) => {
    rateLimits.report(budgets);
    signedInBudgets.report(budgets);
  },
});

/**
 * A call refused as unauthenticated although the fetch already renewed once (say a batch where
 * only some calls were refused): renew again; if the server refuses that too, the session is
 * over and the app goes back to log-in.
 */
function recheckSessionOnUnauthorized(error: unknown) {
  const current = session.current();
  if (errorCodeOf(error) === 'UNAUTHORIZED' && current) {
    session.afterRejection(current.accessToken).catch(() => undefined);
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: recheckSessionOnUnauthorized }),
  mutationCache: new MutationCache({ onError: recheckSessionOnUnauthorized }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Refusals (4xx) are answers, not accidents: only a lost connection or a server failure is retried.
      retry: (failures, error) => failures < 2 && isTransient(error),
    },
    mutations: { retry: false },
  },
});

/** TanStack Query options for every procedure: `useQuery(trpc.projects.list.queryOptions())`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });

// Another account's cached data must never show: forget everything when the user changes.
let cachedFor = session.current()?.user.id;
session.subscribe(() => {
  const userId = session.current()?.user.id;
  if (userId !== cachedFor) queryClient.clear();
  cachedFor = userId;
});
