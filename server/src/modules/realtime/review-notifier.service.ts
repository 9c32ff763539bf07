import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { ClientToServerEvents, ReviewQueueEvent, ServerToClientEvents } from '@knowledge-hub/shared';

/** Rooms of the live review queue: one per group (its moderators) and one for admins. */
export const reviewRoom = (groupId: string) => `review:${groupId}`;
export const ADMIN_REVIEW_ROOM = 'review:*';

/** Tells the moderators of a group (and admins) that the review queue changed. */
@Injectable()
export class ReviewNotifier {
  private server: Server<ClientToServerEvents, ServerToClientEvents> | null = null;

  bind(server: Server<ClientToServerEvents, ServerToClientEvents>): void {
    this.server = server;
  }

  queueChanged(groupId: string, event: ReviewQueueEvent): void {
    this.server?.to([reviewRoom(groupId), ADMIN_REVIEW_ROOM]).emit('review:queue-changed', event);
  }
}
