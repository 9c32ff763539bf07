import { useEffect } from 'react';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { type Params, useParams } from 'react-router';

/**
 * A page's main reads, started before the page renders: at a load, before the first render (preloadRoute, from
 * main.tsx), side by side with the page's chunk; after a navigation, by the page's route (in the main bundle) while
 * the chunk loads. On a phone that is a round trip less before the page shows. The page's own queries find them in
 * flight or in the cache (fresh for a second: see createQueryClient); a failure is left to the page's query to
 * report and retry.
 */
export type RoutePrefetch = (queryClient: QueryClient, params: Params) => void;

/** The route's one read (its key and how to fetch it, from the route's params) as a RoutePrefetch. */
export function prefetchRead<T>(queryKey: (params: Params) => readonly unknown[], read: (params: Params, signal: AbortSignal) => Promise<T>): RoutePrefetch {
  return (queryClient, params) => {
    void queryClient.prefetchQuery({ queryKey: queryKey(params), queryFn: ({ signal }) => read(params, signal) });
  };
}

/** Runs the route's prefetch for the current params (once per set of params): after a navigation to it. */
export function useRoutePrefetch(prefetch: RoutePrefetch): void {
  const queryClient = useQueryClient();
  const params = useParams();
  const key = JSON.stringify(params);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per set of params (a new object each render)
  useEffect(() => prefetch(queryClient, params), [queryClient, key, prefetch]);
}
