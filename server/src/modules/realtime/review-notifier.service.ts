import { Injectable } from '@nestjs/common';
import type { DiscussionEvent, EntryChangedEvent, JoinRequestEvent, NotificationDto, ReviewQueueEvent } from '@knowledge-hub/shared';
import type { RealtimeServer } from './realtime.types';
import { groupRoom } from './roster-broadcaster.service';

/** Rooms of the live review queue: one per group (its moderators) and one for admins. */
export const REVIEW_ROOM_PREFIX = 'review:';
export const reviewRoom = (groupId: string) => `${REVIEW_ROOM_PREFIX}${groupId}`;
export const ADMIN_REVIEW_ROOM = `${REVIEW_ROOM_PREFIX}*`;
/** Every socket of one account, on every instance: what concerns that person alone. */
export const userRoom = (userId: string) => `user:${userId}`;

/**
 * Tells the moderators of a group (and admins) that the review queue changed,
 * and everyone watching the group (its members) that an entry's record did, on
 * every instance (Redis adapter).
 */
@Injectable()
export class ReviewNotifier {
  private server: RealtimeServer | null = null;

  bind(server: RealtimeServer): void {
    this.server = server;
  }

  queueChanged(groupId: string, event: ReviewQueueEvent): void {
    this.server?.to([reviewRoom(groupId), ADMIN_REVIEW_ROOM]).emit('review:queue-changed', event);
    if (event.item === 'dataset_version' || event.item === 'report') return; // not an entry: no entry record changed
    this.entryChanged({ kind: event.kind, entryId: event.entryId, groupSlug: event.groupSlug });
  }

  entryChanged(event: EntryChangedEvent): void {
    this.server?.to(groupRoom(event.groupSlug)).emit('entry:changed', event);
  }

  /** A join request to the group was created or decided: its moderators (the same rooms as the review queue) and admins refetch the list. */
  joinRequestChanged(groupId: string, event: JoinRequestEvent, requesterId?: string): void {
    const rooms = [reviewRoom(groupId), ADMIN_REVIEW_ROOM];
    if (requesterId) rooms.push(userRoom(requesterId));
    this.server?.to(rooms).emit('people:join-request', event);
  }

  /** A comment thread changed: those watching the group (its members) and its moderators (the review page) refetch the threads. */
  discussionChanged(groupId: string, event: DiscussionEvent): void {
    this.server?.to([groupRoom(event.groupSlug), reviewRoom(groupId), ADMIN_REVIEW_ROOM]).emit('discussion:changed', event);
  }

  /** A new notification, to its recipient's sockets only. */
  notification(userId: string, notification: NotificationDto): void {
    this.server?.to(userRoom(userId)).emit('notification:new', notification);
  }
}
