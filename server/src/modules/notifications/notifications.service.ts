import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MarkReadBody, NotificationEmailMode, NotificationPageDto, NotificationPreferencesDto, NotificationsQuery } from '@knowledge-hub/shared';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { authorize } from '../../common/policy';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MailService } from '../mail/mail.service';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { notificationMail } from './notification-mail';
import { type NotificationCause, recipientsOf } from './notifications.policy';
import { toNotificationDto } from './notifications.presenter';
import { type NotificationRow, NotificationsRepository, type Recipient } from './notifications.repository';

/** The join-request module mails its decisions itself, the invitations module its invitations (with the link): not again. */
const MAILED_ELSEWHERE = new Set(['join_request_decided', 'invited']);

/** What a notification is about, besides who receives it and of which kind (notifications.policy.ts decides those). */
export interface NotificationSubject {
  /** Null when nobody known caused it (a body mention whose writer is unknown). */
  actorId: string | null;
  entryId?: string | null;
  revisionId?: string | null;
  groupId?: string | null;
  commentId?: string | null;
  /** A comment's excerpt, a moderator's note, 'approved' / 'declined' for a join decision, a join request's message. */
  text?: string;
  /** `invited`: the invitation and its token (see the migration 1765410000000 on why the token may be stored). */
  invitation?: { id: string; token: string };
}

/**
 * In-app notifications: stored, sent live to the recipient's sockets, and
 * mailed per the recipient's preference (when SMTP_URL is set): at once, in a
 * daily digest of what is still unread (notification-digests.service.ts),
 * or never. Telling never fails the action that caused it: callers notify
 * after their commit; failures are logged.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly notifier: ReviewNotifier,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async notify(cause: NotificationCause, subject: NotificationSubject): Promise<void> {
    try {
      const deliveries = recipientsOf(cause);
      const rows = await this.repo.insertMany(
        deliveries.map((d) => ({
          userId: d.userId,
          kind: d.kind,
          actorId: subject.actorId,
          entryId: subject.entryId ?? null,
          revisionId: subject.revisionId ?? null,
          groupId: subject.groupId ?? null,
          commentId: subject.commentId ?? null,
          text: subject.text ?? '',
          invitationId: subject.invitation?.id ?? null,
          invitationToken: subject.invitation?.token ?? null,
        })),
      );
      for (const row of rows) this.notifier.notification(row.userId, toNotificationDto(row));
      await this.mailAtOnce(rows);
    } catch (err) {
      this.logger.error(`could not notify of a ${cause.kind}: ${(err as Error).message}`);
    }
  }

  /** A join request was made (and committed): those who may decide it are told. */
  async joinRequested(request: { requesterId: string; groupId: string; message: string }): Promise<void> {
    try {
      const deciderIds = await this.repo.joinRequestDecidersOfGroup(request.groupId);
      await this.notify(
        { kind: 'join_requested', requesterId: request.requesterId, deciderIds },
        { actorId: request.requesterId, groupId: request.groupId, text: request.message },
      );
    } catch (err) {
      this.logger.error(`could not notify of a join request: ${(err as Error).message}`);
    }
  }

  /**
   * An invitation naming `email` was created (and committed): the enabled account with that email, if any, is
   * told. Once per inviter while unread: inviting again refreshes that notification with the newest link.
   */
  async invited(invitation: { id: string; token: string; inviterId: string; email: string }): Promise<void> {
    try {
      const inviteeId = await this.repo.enabledAccountByEmail(invitation.email);
      if (!inviteeId) return;
      await this.notify(
        { kind: 'invited', inviterId: invitation.inviterId, inviteeId },
        { actorId: invitation.inviterId, invitation: { id: invitation.id, token: invitation.token } },
      );
    } catch (err) {
      this.logger.error(`could not notify of an invitation: ${(err as Error).message}`);
    }
  }

  /**
   * The invitation was used or revoked: its `invited` notification keeps saying who invited, without the
   * link. In the caller's transaction, so the token goes exactly when the invitation stops working.
   */
  invitationEnded(invitationId: string, tx: EntityManager): Promise<void> {
    return this.repo.clearInvitationToken(invitationId, tx);
  }

  async page(actor: Actor | null, q: NotificationsQuery): Promise<NotificationPageDto> {
    authorize(actor, true, 'see your notifications');
    const rows = await this.repo.findPageOfUser(actor.id, { before: q.before ? new Date(q.before) : null, limit: q.limit, unreadOnly: q.unread === 'true' });
    return {
      items: rows.map(toNotificationDto),
      unread: await this.repo.countUnread(actor.id),
      next: rows.length === q.limit ? rows[rows.length - 1].createdAt.toISOString() : null,
    };
  }

  async markRead(actor: Actor | null, body: MarkReadBody): Promise<{ unread: number }> {
    authorize(actor, true, 'mark your notifications read');
    await this.repo.markRead(actor.id, 'ids' in body ? body.ids : null);
    return { unread: await this.repo.countUnread(actor.id) };
  }

  async preferences(actor: Actor | null): Promise<NotificationPreferencesDto> {
    authorize(actor, true, 'see your notification settings');
    return { email: await this.repo.emailMode(actor.id) };
  }

  async setPreferences(actor: Actor | null, body: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    authorize(actor, true, 'change your notification settings');
    await this.repo.setEmailMode(actor.id, body.email);
    return { email: body.email };
  }

  private async mailAtOnce(rows: NotificationRow[]): Promise<void> {
    if (!this.mail.enabled || rows.length === 0) return;
    const wanted = rows.filter((r) => !MAILED_ELSEWHERE.has(r.kind));
    const recipients = new Map<string, Recipient>((await this.repo.findRecipients(wanted.map((r) => r.userId))).map((r) => [r.id, r]));
    const mailed: string[] = [];
    for (const row of wanted) {
      const r = recipients.get(row.userId);
      if (r?.mode !== ('immediately' satisfies NotificationEmailMode)) continue;
      if (await this.mail.send(r.email, notificationMail(r.locale, r.name, row, this.link()))) mailed.push(row.id);
    }
    await this.repo.markEmailed(mailed);
  }

  /** Where the notifications page is, when the hub knows its public origin (the first of ALLOWED_ORIGINS). */
  private link(): string | null {
    const origin = this.config.allowedOrigins[0];
    return origin ? `${origin}/app/notifications` : null;
  }
}
