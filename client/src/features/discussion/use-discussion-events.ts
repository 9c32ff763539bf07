import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DiscussionEvent } from '@knowledge-hub/shared';
import { useRealtimeSocket } from '../presence/realtime-context';
import { discussionKeys } from './discussion.api';

/**
 * Refetches the threads of an entry's draft (revisionId null) or of one
 * revision when the server says they changed, and after a reconnect (events
 * sent meanwhile are lost).
 */
export function useDiscussionEvents(entryId: string, revisionId: string | null): void {
  const socket = useRealtimeSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const key = revisionId ? discussionKeys.revision(revisionId) : discussionKeys.entry(entryId);
    const onEvent = (e: DiscussionEvent) => {
      if (e.entryId === entryId && e.revisionId === revisionId) void queryClient.invalidateQueries({ queryKey: key });
    };
    const onConnect = () => void queryClient.invalidateQueries({ queryKey: key });
    socket.on('discussion:changed', onEvent);
    socket.io.on('reconnect', onConnect);
    return () => {
      socket.off('discussion:changed', onEvent);
      socket.io.off('reconnect', onConnect);
    };
  }, [socket, queryClient, entryId, revisionId]);
}
