import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';

/**
 * Starts a page's main read while the page's chunk loads (from its route, in
 * the main bundle), instead of after: on a phone that is a round trip less
 * before the page shows. The page's own query finds it in flight or in the
 * cache (fresh for a second: see createQueryClient); a failure is left to the
 * page's query to report and retry.
 */
export function usePrefetch<T>(queryKey: readonly unknown[], read: (signal: AbortSignal) => Promise<T>): void {
  const queryClient = useQueryClient();
  const key = JSON.stringify(queryKey);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per key (the read is a new closure each render)
  useEffect(() => {
    void queryClient.prefetchQuery({ queryKey, queryFn: ({ signal }) => read(signal) });
  }, [queryClient, key]);
}
