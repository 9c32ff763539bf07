import type { NotificationDto } from '@knowledge-hub/shared';
import type { NotificationRow } from './notifications.repository';

export function toNotificationDto(n: NotificationRow): NotificationDto {
  return {
    id: n.id,
    kind: n.kind,
    actor: n.actorId ? { userId: n.actorId, name: n.actorName ?? 'Unknown user' } : null,
    entry: n.entryId ? { id: n.entryId, title: n.entryTitle ?? '', slug: n.entrySlug ?? '' } : null,
    group: n.groupSlug ? { slug: n.groupSlug, name: n.groupName ?? '' } : null,
    revision: n.revisionId ? { id: n.revisionId, number: n.revisionNumber ?? 0 } : null,
    commentId: n.commentId,
    text: n.text,
    // The groups stay named once the invitation is used up; its token (the link) goes with it (see the repository).
    invitation: n.invitationGroups ? { token: n.invitationToken, groups: n.invitationGroups } : null,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}
