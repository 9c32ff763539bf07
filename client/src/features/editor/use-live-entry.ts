import { useCallback, useEffect, useRef } from 'react';
import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import { getEntry } from '../../api/entries.api';
import { queryKeys } from '../../api/query-keys';

export interface LiveEntry {
  entry: UseQueryResult<EntryDetailDto>;
  /** The entry and everything about it may have changed (after submit, restore, unpublish): refetch. */
  refresh: () => void;
}

/**
 * How often a read-only viewer's editor re-reads the entry. 'entry:changed'
 * goes to those watching the entry's group, and only members may (presence is
 * the group's business), so a signed-in non-member would otherwise never see
 * the entry submitted, approved or unpublished.
 */
const READ_ONLY_POLL_MS = 15_000;

/** The record the route prefetched while the page's chunk loaded is not fetched again on mount if it is this recent. */
const JUST_FETCHED_MS = 3_000;

/**
 * The entry record of an open editor, kept current: a member's editor watches
 * the entry's group, so an 'entry:changed' event (submitted, decided,
 * unpublished) refetches it at once (invalidateForEntryEvent), as does a
 * reconnect of the realtime socket and the tab becoming visible again; a
 * read-only viewer's polls. When its status or published revision changes,
 * its revision history and audit log are refetched too.
 */
export function useLiveEntry(entryId: string): LiveEntry {
  const queryClient = useQueryClient();
  const entry = useQuery({
    queryKey: queryKeys.entry(entryId),
    queryFn: ({ signal }) => getEntry(entryId, signal),
    refetchInterval: (query) => (query.state.data?.access === 'read' ? READ_ONLY_POLL_MS : false),
    refetchOnMount: (query) => Date.now() - query.state.dataUpdatedAt > JUST_FETCHED_MS,
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
