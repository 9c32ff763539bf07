import { describeNotification, notificationMail } from './notification-mail';
import type { NotificationRow } from './notifications.repository';

const row = (over: Partial<NotificationRow>): NotificationRow => ({
  id: 'n1',
  userId: 'u1',
  kind: 'join_requested',
  actorId: 'u2',
  actorName: 'Carol Reader',
  entryId: null,
  entryTitle: null,
  entrySlug: null,
  groupSlug: 'vaccines',
  groupName: 'Vaccines',
  revisionId: null,
  revisionNumber: null,
  commentId: null,
  text: '',
  invitationToken: null,
  invitationGroups: null,
  createdAt: new Date('2026-11-30T09:00:00Z'),
  readAt: null,
  ...over,
});

describe('notification mail texts of people joining', () => {
  const invited = row({
    kind: 'invited',
    groupSlug: null,
    groupName: null,
    actorName: 'Ada Admin',
    invitationToken: 'secret-token',
    invitationGroups: [
      { slug: 'vaccines', name: 'Vaccines' },
      { slug: 'epidemiology', name: 'Epidemiology' },
    ],
  });
  const table: [string, NotificationRow, string, string][] = [
    [
      'a join request',
      row({ text: 'I run the assay lab.' }),
      'Carol Reader asked to join Vaccines: the request waits for your decision',
      'Carol Reader 申请加入「Vaccines」，等待您决定',
    ],
    ['an invitation, with its groups', invited, 'Ada Admin invited you to join Vaccines, Epidemiology', 'Ada Admin 邀请您加入「Vaccines」、「Epidemiology」'],
  ];
  it.each(table)('%s', (_name, n, en, zh) => {
    expect(describeNotification('en', n)).toBe(en);
    expect(describeNotification('zh', n)).toBe(zh);
  });

  it('a join request’s mail carries its message; an invitation’s never its token (the invitation mail has the link)', () => {
    expect(notificationMail('en', 'Mo', row({ text: 'I run the assay lab.' }), null).text).toContain('I run the assay lab.');
    expect(JSON.stringify(notificationMail('en', 'Carol', invited, 'https://hub.example.org/app/notifications'))).not.toContain('secret-token');
  });
});
