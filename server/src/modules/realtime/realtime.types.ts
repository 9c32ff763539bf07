import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, PresenceMember, ServerToClientEvents } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';

/** Events between the instances of the server (socket.io serverSideEmit over the Redis adapter); never seen by clients. */
export interface InterServerEvents {
  /** A group's roster changed on the sending instance: recompute it and send it to your own watchers. */
  'presence:changed': (groupSlug: string) => void;
  /** Asks every other instance for the members its own sockets contribute to a group's roster. */
  'presence:members': (groupSlug: string, ack: (members: PresenceMember[]) => void) => void;
}

export interface SocketData {
  actor: Actor;
  /** The session token it authenticated with: re-verified when the account's access changes. */
  token: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
