import type { Query, QueryClient, QueryFilters } from '@tanstack/react-query';

/**
 * Marks the matching queries stale and fetches again those on screen, a first load still in
 * flight included. A plain `invalidateQueries` hands such a query the fetch it already has (TanStack
 * Query cancels a fetch in flight only once the query has data), and that fetch may have read the
 * server before the change that calls for the refresh: a task created while its list first loads
 * would never show. So a first load in flight is cancelled, then fetched again.
 */
export async function refreshQueries(queryClient: QueryClient, filters: QueryFilters): Promise<void> {
  const firstLoadInFlight = (query: Query) =>
    query.state.data === undefined &&
    query.state.fetchStatus === 'fetching' &&
    (filters.predicate?.(query) ?? true);
  await queryClient.cancelQueries({ ...filters, predicate: firstLoadInFlight });
  await queryClient.invalidateQueries(filters);
}
