import { Injectable } from '@nestjs/common';
import type { ReviewQueueEvent } from '@knowledge-hub/shared';
import type { RealtimeServer } from './realtime.types';

/** Rooms of the live review queue: one per group (its moderators) and one for admins. */
export const REVIEW_ROOM_PREFIX = 'review:';
export const reviewRoom = (groupId: string) => `${REVIEW_ROOM_PREFIX}${groupId}`;
export const ADMIN_REVIEW_ROOM = `${REVIEW_ROOM_PREFIX}*`;

/** Tells the moderators of a group (and admins) that the review queue changed, on every instance (Redis adapter). */
@Injectable()
export class ReviewNotifier {
  private server: RealtimeServer | null = null;

  bind(server: RealtimeServer): void {
    this.server = server;
  }

  queueChanged(groupId: string, event: ReviewQueueEvent): void {
    this.server?.to([reviewRoom(groupId), ADMIN_REVIEW_ROOM]).emit('review:queue-changed', event);
  }
}
