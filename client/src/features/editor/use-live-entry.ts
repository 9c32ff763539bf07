import { useCallback, useEffect, useRef } from 'react';
import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import { getEntry } from '../../api/entries.api';
import { queryKeys } from '../../api/query-keys';

/**
 * How often an open editor re-reads the entry's record (status, published
 * revision) while the tab is visible. Polling stays here because no realtime
 * event reaches contributors: 'review:queue-changed' goes to moderators only
 * (for them the entry is refetched at once, see invalidateForReviewEvent).
 */
const ENTRY_POLL_INTERVAL_MS = 15_000;

export interface LiveEntry {
  entry: UseQueryResult<EntryDetailDto>;
  /** The entry and everything about it may have changed (after submit, restore, unpublish): refetch. */
  refresh: () => void;
}

/**
 * The entry record of an open editor, kept current: polled every 15 s while
 * the tab is visible, refetched when it becomes visible again, and at once on
 * a review event for it. When its status or published revision changes, its
 * revision history and audit log are refetched too.
 */
export function useLiveEntry(entryId: string): LiveEntry {
  const queryClient = useQueryClient();
  const entry = useQuery({
    queryKey: queryKeys.entry(entryId),
    queryFn: ({ signal }) => getEntry(entryId, signal),
    refetchInterval: ENTRY_POLL_INTERVAL_MS,
  });

  const state = entry.data ? `${entry.data.status}:${entry.data.publishedRevisionId ?? ''}` : null;
  const seen = useRef(state);
  useEffect(() => {
    if (seen.current === state) return;
    const first = seen.current === null;
    seen.current = state;
    if (first) return;
    // Not again when a refresh() already refetches them.
    void queryClient.invalidateQueries({ queryKey: queryKeys.entryRevisions(entryId) }, { cancelRefetch: false });
    void queryClient.invalidateQueries({ queryKey: queryKeys.entryAudit(entryId) }, { cancelRefetch: false });
  }, [state, entryId, queryClient]);

  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: queryKeys.entry(entryId) }), [queryClient, entryId]);
  return { entry, refresh };
}
