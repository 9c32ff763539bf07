import type { Locale } from '@knowledge-hub/shared';
import { type Block, compose, type MailContent } from '../mail/mail-templates';
import type { NotificationRow } from './notifications.repository';

/**
 * Notification mails in English and Chinese: one notification (immediately)
 * or the unread ones of the last day (digest). Pure; names, titles and notes
 * come from people and are escaped by compose.
 */

/** One line saying what happened, as the bell's list says it too. */
export function describeNotification(locale: Locale, n: NotificationRow): string {
  const who = n.actorName ?? (locale === 'zh' ? '有人' : 'Someone');
  const title = n.entryTitle ?? '';
  const number = n.revisionNumber ?? 0;
  const invitedTo = (n.invitationGroups ?? []).map((g) => g.name);
  if (locale === 'zh') {
    switch (n.kind) {
      case 'mentioned':
        // No comment: a mention in the entry's body.
        return n.commentId ? `${who} 在「${title}」的评论中提到了您` : `${who} 在「${title}」中提到了您`;
      case 'commented':
        return `${who} 评论了您参与编写的「${title}」`;
      case 'revision_approved':
        return `「${title}」的第 ${number} 版已获批准`;
      case 'revision_changes_requested':
        return `「${title}」的第 ${number} 版需要修改`;
      case 'revision_rejected':
        return `「${title}」的第 ${number} 版被拒绝`;
      case 'join_request_decided':
        return `您加入「${n.groupName ?? ''}」的申请${n.text === 'approved' ? '已获批准' : '未获批准'}`;
      case 'revision_submitted':
        return `${who} 提交了「${title}」的第 ${number} 版，等待您审核`;
      case 'join_requested':
        return `${who} 申请加入「${n.groupName ?? ''}」，等待您决定`;
      case 'invited':
        return `${who} 邀请您加入${invitedTo.map((g) => `「${g}」`).join('、')}`;
    }
  }
  switch (n.kind) {
    case 'mentioned':
      return n.commentId ? `${who} mentioned you in a comment on “${title}”` : `${who} mentioned you in “${title}”`;
    case 'commented':
      return `${who} commented on “${title}”, which you contributed to`;
    case 'revision_approved':
      return `Revision ${number} of “${title}” was approved`;
    case 'revision_changes_requested':
      return `Changes were requested on revision ${number} of “${title}”`;
    case 'revision_rejected':
      return `Revision ${number} of “${title}” was rejected`;
    case 'join_request_decided':
      return `Your request to join ${n.groupName ?? ''} was ${n.text === 'approved' ? 'approved' : 'declined'}`;
    case 'revision_submitted':
      return `${who} submitted revision ${number} of “${title}” for your review`;
    case 'join_requested':
      return `${who} asked to join ${n.groupName ?? ''}: the request waits for your decision`;
    case 'invited':
      return `${who} invited you to join ${invitedTo.join(', ')}`;
  }
}

/** The text that goes with it: a comment's excerpt, a moderator's note, a join request's message (a join decision's text is the decision itself). */
function detail(n: NotificationRow): string {
  return n.kind === 'join_request_decided' ? '' : n.text;
}

export function notificationMail(locale: Locale, name: string, n: NotificationRow, link: string | null): MailContent {
  const line = describeNotification(locale, n);
  const blocks: Block[] = [locale === 'zh' ? `${name}，您好：` : `Hello ${name},`, line];
  if (detail(n)) blocks.push(detail(n));
  if (link) blocks.push({ link });
  return compose(line, blocks);
}

export function digestMail(locale: Locale, name: string, items: NotificationRow[], link: string | null): MailContent {
  const lines = items.map((n) => {
    const d = detail(n);
    return d ? `- ${describeNotification(locale, n)}\n  ${d.replace(/\n+/g, ' ')}` : `- ${describeNotification(locale, n)}`;
  });
  const subject =
    locale === 'zh'
      ? `Knowledge Hub：过去一天的 ${items.length} 条通知`
      : `Knowledge Hub: ${items.length} notification${items.length === 1 ? '' : 's'} from the last day`;
  const blocks: Block[] = [locale === 'zh' ? `${name}，您好：` : `Hello ${name},`, lines.join('\n')];
  if (link) blocks.push({ link });
  return compose(subject, blocks);
}
