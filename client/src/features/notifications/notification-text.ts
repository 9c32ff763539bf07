import type { NotificationDto } from '@knowledge-hub/shared';
import type { Translate as T } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';

/** The line that says what happened. */
export function notificationText(t: T, n: NotificationDto): string {
  const vars = {
    who: n.actor?.name ?? '',
    title: n.entry?.title || t('entries.untitled'),
    number: n.revision?.number ?? 0,
    group: n.group?.name ?? '',
    groups: (n.invitation?.groups ?? []).map((g) => g.name).join(', '),
  };
  // A mention in the entry's body (no comment), by its writer when known.
  if (n.kind === 'mentioned' && !n.commentId)
    return t(n.actor ? 'notifications.kind.mentioned_in_body' : 'notifications.kind.mentioned_in_body_by_nobody', vars);
  if (n.kind === 'join_request_decided') return t(n.text === 'approved' ? 'notifications.kind.join_approved' : 'notifications.kind.join_declined', vars);
  return t(`notifications.kind.${n.kind}`, vars);
}

/** Where it leads in the workspace (a path of the app), or null. */
export function notificationTarget(n: NotificationDto): string | null {
  // An invitation that can no longer be used has no link (its groups are still named in the text).
  if (n.kind === 'invited' && n.invitation?.token) return paths.join(n.invitation.token);
  if (n.kind === 'revision_submitted' && n.revision) return `/review/${encodeURIComponent(n.revision.id)}`;
  if (n.entry) return `/e/${encodeURIComponent(n.entry.id)}`;
  // A join request: the group's page, where its moderators decide requests.
  if (n.group) return `/g/${encodeURIComponent(n.group.slug)}`;
  return null;
}

/** The note or excerpt shown under it (a join decision's text is the decision itself). */
export function notificationDetail(n: NotificationDto): string {
  return n.kind === 'join_request_decided' ? '' : n.text;
}
