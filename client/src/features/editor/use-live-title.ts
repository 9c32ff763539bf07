import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { DOC_META, META_TITLE, metaTextSlot } from '@knowledge-hub/shared';

/** How long the co-edited title must rest before the page's heading and the tab follow it (not every keystroke is announced). */
export const TITLE_SETTLE_MS = 400;

/**
 * Tells `onTitle` the entry's title as the live document has it (meta.title,
 * typed by anyone in the session), at once and then each time it has rested
 * TITLE_SETTLE_MS. Nothing is told while the document has no title yet
 * (before the first sync, or without a session yet): the page keeps the title the REST API knew.
 */
export function useLiveTitle(doc: Y.Doc | null, onTitle: (title: string) => void): void {
  const latest = useRef(onTitle);
  latest.current = onTitle;
  useEffect(() => {
    if (!doc) return; // no session yet
    const meta = doc.getMap<unknown>(DOC_META);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tell = () => {
      const slot = metaTextSlot(doc, META_TITLE);
      if (slot.kind === 'text') latest.current(slot.text.toString());
      else if (slot.kind === 'legacy') latest.current(slot.value);
    };
    const settle = () => {
      clearTimeout(timer);
      timer = setTimeout(tell, TITLE_SETTLE_MS);
    };
    tell();
    meta.observeDeep(settle);
    return () => {
      clearTimeout(timer);
      meta.unobserveDeep(settle);
    };
  }, [doc]);
}
