import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AwarenessUser } from '@knowledge-hub/shared';
import { CollabSession, type CollabSnapshot } from './collab-session';

/**
 * The live session of one entry: created when the entry opens, destroyed
 * (provider and Y.Doc) when it closes or another entry opens. Never recreated
 * by ordinary re-renders, so a page with many editors stays cheap.
 */
export function useCollabSession(entryId: string, user: AwarenessUser, readOnly: boolean): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  const { name, color, userId } = user;

  useEffect(() => {
    const created = new CollabSession(entryId, { name, color, userId }, readOnly);
    setSession(created);
    return () => {
      created.destroy();
      setSession(null);
    };
  }, [entryId, name, color, userId, readOnly]);

  return session;
}

export function useCollabSnapshot(session: CollabSession): CollabSnapshot {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
