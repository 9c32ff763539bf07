import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { whenPageIdle } from '../../ui/page-shown';
import { REALTIME_PATH, REALTIME_UNAUTHENTICATED, type ClientToServerEvents, type ServerToClientEvents } from '@knowledge-hub/shared';

/**
 * One socket.io connection per signed-in session (same origin, session
 * cookie). It exists only while someone is signed in: signing out unmounts
 * the provider's user and disconnects it.
 */
export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const RETRY_AFTER_REFUSAL_MS = 5_000;

interface Realtime {
  socket: RealtimeSocket | null;
  /** The connection is known to be down (it failed or dropped; not merely still connecting). */
  down: boolean;
}

const RealtimeContext = createContext<Realtime>({ socket: null, down: false });

interface RealtimeProviderProps {
  /** The signed-in user's id, or null to stay disconnected. */
  userId: string | null;
  /** Called when the server refuses the handshake as unauthenticated (session ended). */
  onUnauthenticated: () => void;
  children: ReactNode;
}

export function RealtimeProvider({ userId, onUnauthenticated, children }: RealtimeProviderProps) {
  const [socket, setSocket] = useState<RealtimeSocket | null>(null);
  const [down, setDown] = useState(false);
  // A ref, so a new callback identity never tears down the connection.
  const unauthenticated = useRef(onUnauthenticated);
  useEffect(() => {
    unauthenticated.current = onUnauthenticated;
  });

  useEffect(() => {
    if (!userId) return;
    // socket.io's client is its own chunk, fetched once the page has shown its content: pages render from REST, and
    // live updates follow (on a phone's slow line, a chunk fetched earlier would delay the page's own requests).
    let s: RealtimeSocket | null = null;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () =>
      import('socket.io-client')
        .then(({ io }) => {
          if (closed) return;
          // WebSocket from the start, as the editor's own connection is: no long-polling handshake first (two round
          // trips and their tasks on a phone), and several server instances need no sticky sessions.
          const socket: RealtimeSocket = io({ path: REALTIME_PATH, withCredentials: true, transports: ['websocket'] });
          s = socket;
          socket.on('connect', () => setDown(false));
          socket.on('disconnect', () => setDown(true));
          socket.on('connect_error', (err) => {
            setDown(true);
            // Transport failures are retried by socket.io itself; a refusal by the
            // server's middleware is not, so we decide here.
            if (socket.active) return;
            if (err.message === REALTIME_UNAUTHENTICATED) unauthenticated.current();
            else retry = setTimeout(() => socket.connect(), RETRY_AFTER_REFUSAL_MS);
          });
          setSocket(socket);
        })
        .catch((err: unknown) => {
          // The chunk could not be fetched (offline, a new deployment): no live updates until the next load.
          console.warn('Live updates are unavailable', err);
          if (!closed) setDown(true);
        });
    const cancelWait = whenPageIdle(() => void connect());
    return () => {
      closed = true;
      cancelWait();
      clearTimeout(retry);
      s?.disconnect();
      setSocket(null);
      setDown(false);
    };
  }, [userId]);

  const value = useMemo(() => ({ socket, down }), [socket, down]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtimeSocket(): RealtimeSocket | null {
  return useContext(RealtimeContext).socket;
}

/** Whether live updates are known to be unavailable right now (for "reconnecting…" notes). */
export function useRealtimeDown(): boolean {
  return useContext(RealtimeContext).down;
}
