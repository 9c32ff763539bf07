import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import type * as Y from 'yjs';
import { DOC_BODY, type PmNode } from '@knowledge-hub/shared';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/http';
import { getPublished, type PublishedDocument } from '../../api/moderation.api';
import { queryKeys } from '../../api/query-keys';
import { changesCounter } from './changes-counter';

/** Recount at most this often while people type (local and remote edits alike). */
const RECOUNT_DEBOUNCE_MS = 500;

/**
 * How many blocks of the live draft differ from the published revision
 * (added + removed + changed, as the moderator's diff counts them), or null
 * when nothing is published or the draft is not loaded yet.
 *
 * The published ProseMirror JSON is fetched once per published revision id (cached);
 * the count is recomputed in the browser with the shared `diffDocuments`
 * (in a worker: see ChangesCounter), debounced, whenever the Y.Doc's body changes — from this editor or from
 * anyone else's.
 */
export function useChangesSincePublished(
  entryId: string,
  publishedRevisionId: string | null,
  doc: Y.Doc | null,
  editor: Editor | null,
  loaded: boolean,
): number | null {
  const published = usePublishedRevision(entryId, publishedRevisionId)?.pmJson ?? null;
  const [count, setCount] = useState<number | null>(null);

  useEffect(() => {
    if (!published || !editor || !loaded || !doc) {
      setCount(null);
      return;
    }
    // The diff runs in a worker (see ChangesCounter): the count comes after the text, and typing never waits for it.
    const counter = changesCounter();
    let stopped = false;
    let asked = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const recount = () => {
      if (stopped || editor.isDestroyed) return;
      const ask = ++asked;
      counter
        .count(published, editor.getJSON() as PmNode)
        .then((n) => {
          // Only the latest count is shown: an earlier one may answer after it.
          if (!stopped && ask === asked) setCount(n);
        })
        .catch((err: unknown) => console.warn('Could not count the changes since the published revision', err));
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(recount, RECOUNT_DEBOUNCE_MS);
    };
    recount();
    const body = doc.getXmlFragment(DOC_BODY);
    body.observeDeep(schedule);
    return () => {
      stopped = true;
      clearTimeout(timer);
      body.unobserveDeep(schedule);
    };
  }, [published, editor, loaded, doc]);

  return count;
}

/**
 * The published revision (its document and HTML), or null (nothing published, or it could not be read). One
 * query for the editor: the changes count reads its document, the body shows its HTML while syncing.
 */
export function usePublishedRevision(entryId: string, publishedRevisionId: string | null): PublishedDocument | null {
  return usePublishedRevisionState(entryId, publishedRevisionId).published;
}

/** The same, and whether it is settled: read, failed, or there is nothing to read. */
export function usePublishedRevisionState(entryId: string, publishedRevisionId: string | null): { published: PublishedDocument | null; settled: boolean } {
  const published = useQuery({
    queryKey: queryKeys.entryPublished(entryId, publishedRevisionId ?? ''),
    queryFn: ({ signal }) => getPublished(entryId, signal),
    enabled: publishedRevisionId !== null,
    // A published revision never changes: read it once.
    staleTime: Infinity,
  });
  useEffect(() => {
    // not_published: unpublished meanwhile (the entry poll will catch up). Anything else: just hide the count.
    if (published.error && !(published.error instanceof ApiError && published.error.code === 'not_published')) {
      console.warn('Could not load the published revision', published.error);
    }
  }, [published.error]);
  return {
    published: publishedRevisionId !== null && published.data ? published.data : null,
    settled: publishedRevisionId === null || published.status !== 'pending',
  };
}
