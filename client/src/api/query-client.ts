import { QueryClient } from '@tanstack/react-query';
import { isRetryable } from './http';

/** A failed read is tried again this often, and only when it may succeed as is (network, 5xx). */
const MAX_QUERY_RETRIES = 1;

/**
 * The cache of server state. Queries refetch when a page mounts and when the
 * tab becomes visible again; what changes while a page stays open is pushed
 * by invalidations (realtime events, our own mutations). Nothing polls.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A read younger than a second is not read again when a page mounts: the page's route may just have
        // started it (preloadRoute, useRoutePrefetch). Events and mutations invalidate as before.
        staleTime: 1_000,
        retry: (failures, error) => failures < MAX_QUERY_RETRIES && isRetryable(error),
      },
      mutations: { retry: false },
    },
  });
}
