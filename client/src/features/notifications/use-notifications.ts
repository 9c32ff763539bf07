import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRealtimeSocket } from '../presence/realtime-context';
import { usePageShown } from '../../ui/page-shown';
import { listNotifications, notificationKeys } from '../discussion/discussion.api';

/** The unread count, kept current by 'notification:new' (and refetched after a reconnect). */
export function useUnreadNotifications(): number {
  const queryClient = useQueryClient();
  const socket = useRealtimeSocket();
  // Asked for once the page has shown its content: the count is not the page's, and its request would share a slow line.
  const pageShown = usePageShown();
  const unread = useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: ({ signal }) => listNotifications({ limit: 1 }, signal).then((p) => p.unread),
    enabled: pageShown,
  });
  useEffect(() => {
    if (!socket) return;
    const refetch = () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    socket.on('notification:new', refetch);
    socket.io.on('reconnect', refetch);
    return () => {
      socket.off('notification:new', refetch);
      socket.io.off('reconnect', refetch);
    };
  }, [socket, queryClient]);
  return unread.data ?? 0;
}
