import { useEffect, useState } from 'react';
import type { PresenceMember } from '@knowledge-hub/shared';
import { useRealtimeDown, useRealtimeSocket } from './realtime-context';

export interface GroupPresence {
  /** Who is online in the group (null until the first roster arrives). */
  members: PresenceMember[] | null;
  /** The realtime connection is known to be down (not merely still connecting). */
  unavailable: boolean;
}

/**
 * Tells the server which group this page looks at (and which entry it edits),
 * and returns the group's roster as the server pushes it. The watch is
 * re-announced after every reconnect because the server forgets a socket's
 * watch when it disconnects.
 */
export function useGroupPresence(groupSlug: string | null, entryId: string | null = null): GroupPresence {
  const socket = useRealtimeSocket();
  const [members, setMembers] = useState<PresenceMember[] | null>(null);
  const unavailable = useRealtimeDown();

  useEffect(() => {
    if (!socket || !groupSlug) return;
    const watch = () => {
      socket.emit('presence:watch', { groupSlug, entryId }, (ack) => {
        if (!ack.ok) console.warn(`presence:watch refused: ${ack.code} ${ack.message}`);
      });
    };
    const onRoster = (roster: { groupSlug: string; members: PresenceMember[] }) => {
      if (roster.groupSlug === groupSlug) setMembers(roster.members);
    };
    socket.on('connect', watch);
    socket.on('presence:roster', onRoster);
    if (socket.connected) watch();
    return () => {
      socket.off('connect', watch);
      socket.off('presence:roster', onRoster);
      // Only when connected: socket.io buffers emits made offline and would
      // replay this unwatch *after* the next page's watch on reconnect.
      if (socket.connected) socket.emit('presence:unwatch', () => undefined);
      setMembers(null);
    };
  }, [socket, groupSlug, entryId]);

  return { members, unavailable };
}
