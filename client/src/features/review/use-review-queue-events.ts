import { useEffect, useRef, useState } from 'react';
import type { ReviewQueueEvent } from '@knowledge-hub/shared';
import { useRealtimeSocket } from '../presence/realtime-context';

/**
 * Calls `onChange` for every 'review:queue-changed' the server pushes (it
 * sends them to moderators and admins only), and with `null` after every
 * reconnect: events sent while the socket was down are lost, so a caller
 * should refetch then. Returns whether the live connection is known to be down.
 */
export function useReviewQueueEvents(onChange: (event: ReviewQueueEvent | null) => void, enabled = true): { unavailable: boolean } {
  const socket = useRealtimeSocket();
  const [unavailable, setUnavailable] = useState(false);
  // A ref, so a new callback identity never re-subscribes.
  const listener = useRef(onChange);
  useEffect(() => {
    listener.current = onChange;
  });

  useEffect(() => {
    if (!socket || !enabled) return;
    let disconnected = !socket.connected;
    const onEvent = (event: ReviewQueueEvent) => listener.current(event);
    const onConnect = () => {
      setUnavailable(false);
      if (disconnected) listener.current(null);
      disconnected = false;
    };
    const onDown = () => {
      disconnected = true;
      setUnavailable(true);
    };
    socket.on('review:queue-changed', onEvent);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDown);
    socket.on('connect_error', onDown);
    return () => {
      socket.off('review:queue-changed', onEvent);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDown);
      socket.off('connect_error', onDown);
    };
  }, [socket, enabled]);

  return { unavailable };
}
