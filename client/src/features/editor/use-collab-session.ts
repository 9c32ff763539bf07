import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AwarenessUser } from '@knowledge-hub/shared';
import { loadOnce } from '../../ui/load-once';
import { useChunk } from '../../ui/use-chunk';
import type { CollabSession, CollabSnapshot } from './collab-session';

export type SessionParts = typeof import('./session-parts');

const loadSessionParts = loadOnce(() => import('./session-parts'));

/** The live session of an entry, with the chunk that made it (for its text fields). */
export interface LiveSession {
  session: CollabSession;
  parts: SessionParts;
}

/**
 * The live session of one entry: created once `wanted` (its chunk, Yjs, is fetched then), destroyed (provider and
 * Y.Doc) when the entry closes or another opens. Never recreated by ordinary re-renders, so a page with many
 * editors stays cheap. Null until created; a chunk that cannot be fetched goes to the page's error boundary.
 */
export function useCollabSession(entryId: string, user: AwarenessUser, readOnly: boolean, wanted: boolean): LiveSession | null {
  const [live, setLive] = useState<LiveSession | null>(null);
  const parts = useChunk(loadSessionParts, wanted);
  const { name, color, userId } = user;

  useEffect(() => {
    if (!parts) return;
    const session = new parts.CollabSession(entryId, { name, color, userId }, readOnly);
    setLive({ session, parts });
    return () => {
      session.destroy();
      setLive(null);
    };
  }, [parts, entryId, name, color, userId, readOnly]);

  return live;
}

/** What the page shows before the session exists: connecting, nothing loaded. */
const NO_SESSION: CollabSnapshot = { status: 'connecting', loaded: false, closeCode: null, stopped: false, readOnlyNotice: null };
const noSubscription = () => () => undefined;
const noSessionSnapshot = () => NO_SESSION;

export function useCollabSnapshot(session: CollabSession | null): CollabSnapshot {
  return useSyncExternalStore(session ? session.subscribe : noSubscription, session ? session.getSnapshot : noSessionSnapshot);
}
