import { useCallback, useEffect, useState } from 'react';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import { getEntry } from '../../api/entries.api';
import { useResource, type Resource } from '../../api/use-resource';
import { useReviewQueueEvents } from '../review/use-review-queue-events';

/** How often an open editor re-reads the entry's record (status, published revision). */
const ENTRY_POLL_INTERVAL_MS = 15_000;

export interface LiveEntry {
  entry: Resource<EntryDetailDto>;
  /** Re-read the entry now, and have revision lists reload (after submit, restore, unpublish). */
  refresh: () => void;
  /** Changes whenever the entry's revisions may have changed: a key for the history and audit log. */
  revisionsKey: string;
}

/**
 * The entry record of an open editor, kept current. Review decisions reach
 * contributors through GET /api/entries/:id, polled every 15 s while the tab
 * is visible (and at once when it becomes visible again): the realtime
 * 'review:queue-changed' event goes to moderators only. When it does arrive
 * for this entry (the reader moderates its group), the entry is re-read at once.
 */
export function useLiveEntry(entryId: string, isModerator: boolean): LiveEntry {
  const entry = useResource(`entry:${entryId}`, (signal) => getEntry(entryId, signal));
  const { setData } = entry;
  const [generation, setGeneration] = useState(0);

  /** Re-reads the entry; `andThen` runs in the same callback, so React renders both changes at once. */
  const reread = useCallback(
    (andThen?: () => void) => {
      getEntry(entryId).then(
        (fresh) => {
          setData((current) => (current && JSON.stringify(current) === JSON.stringify(fresh) ? current : fresh));
          andThen?.();
        },
        // A failed read keeps what is shown; the next poll retries.
        () => andThen?.(),
      );
    },
    [entryId, setData],
  );

  // The new generation lands with the re-read entry: revision lists reload once, not once per change.
  const refresh = useCallback(() => reread(() => setGeneration((g) => g + 1)), [reread]);

  useEffect(() => {
    const poll = () => {
      if (document.visibilityState === 'visible') reread();
    };
    const timer = setInterval(poll, ENTRY_POLL_INTERVAL_MS);
    document.addEventListener('visibilitychange', poll);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', poll);
    };
  }, [reread]);

  useReviewQueueEvents((event) => {
    if (!event || event.entryId === entryId) refresh();
  }, isModerator);

  const data = entry.data;
  const revisionsKey = `${entryId}:${data?.status ?? ''}:${data?.publishedRevisionId ?? ''}:${generation}`;
  return { entry, refresh, revisionsKey };
}
