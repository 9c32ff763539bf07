import { NOTIFICATION_KINDS, type NotificationDto, type NotificationKind } from '@knowledge-hub/shared';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { translateWith } from '../../i18n/test-translate';
import { zh } from '../../i18n/zh';
import { notificationTarget, notificationText } from './notification-text';

function notification(kind: NotificationKind, over: Partial<NotificationDto> = {}): NotificationDto {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind,
    actor: { userId: 'u1', name: 'Carol Diaz' },
    entry: null,
    group: { slug: 'enzymes', name: 'Enzymes' },
    revision: null,
    commentId: null,
    text: '',
    invitation: null,
    createdAt: '2026-11-30T09:00:00.000Z',
    readAt: null,
    ...over,
  };
}

describe('notification texts', () => {
  it.each([
    ['en', en],
    ['zh', zh],
  ] as const)('every kind has a text in %s, with nothing left unfilled', (_locale, messages) => {
    const t = translateWith(messages);
    for (const kind of NOTIFICATION_KINDS) {
      const text = notificationText(t, notification(kind));
      expect(text).not.toMatch(/\{\w+\}|notifications\.kind/);
      expect(text.length).toBeGreaterThan(0);
    }
  });

  it('a mention in the body (no comment) says where, by whom when known; one in a comment says so', () => {
    const entry = { id: 'e1', title: 'Freezer audit', slug: 'freezer-audit' };
    expect(notificationText(translateWith(en), notification('mentioned', { entry }))).toBe('Carol Diaz mentioned you in “Freezer audit”');
    expect(notificationText(translateWith(zh), notification('mentioned', { entry }))).toBe('Carol Diaz 在「Freezer audit」中提到了您');
    expect(notificationText(translateWith(en), notification('mentioned', { entry, actor: null }))).toBe('You were mentioned in “Freezer audit”');
    expect(notificationText(translateWith(en), notification('mentioned', { entry, commentId: 'c1' }))).toBe(
      'Carol Diaz mentioned you in a comment on “Freezer audit”',
    );
  });

  it('a join request reads with who asked and the group, and leads to the group page where requests are decided', () => {
    const n = notification('join_requested', { text: 'I run the assay lab.' });
    expect(notificationText(translateWith(en), n)).toBe('Carol Diaz asked to join Enzymes');
    expect(notificationText(translateWith(zh), n)).toBe('Carol Diaz 申请加入「Enzymes」');
    expect(notificationTarget(n)).toBe('/g/enzymes');
  });

  it('an invitation names its groups and leads to the join page of its link', () => {
    const n = notification('invited', {
      group: null,
      invitation: {
        token: 'tok_en-1',
        groups: [
          { slug: 'enzymes', name: 'Enzymes' },
          { slug: 'stability', name: 'Stability' },
        ],
      },
    });
    expect(notificationText(translateWith(en), n)).toBe('Carol Diaz invited you to join Enzymes, Stability');
    expect(notificationTarget(n)).toBe('/join/tok_en-1');
  });

  it('an invitation no longer usable (accepted, revoked, expired) still names its groups, and leads nowhere', () => {
    const n = notification('invited', { group: null, invitation: { token: null, groups: [{ slug: 'enzymes', name: 'Enzymes' }] } });
    expect(notificationText(translateWith(en), n)).toBe('Carol Diaz invited you to join Enzymes');
    expect(notificationTarget(n)).toBeNull();
  });
});
