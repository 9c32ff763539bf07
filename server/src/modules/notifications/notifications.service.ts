import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { MarkReadBody, NotificationEmailMode, NotificationPageDto, NotificationPreferencesDto, NotificationsQuery } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { authorize } from '../../common/policy';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MailService } from '../mail/mail.service';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { digestMail, notificationMail } from './notification-mail';
import { type NotificationCause, recipientsOf } from './notifications.policy';
import { toNotificationDto } from './notifications.presenter';
import { type NotificationRow, NotificationsRepository, type Recipient } from './notifications.repository';

/** The digest covers the day before it runs, and runs once a day. */
export const DIGEST_WINDOW_MS = 24 * 60 * 60 * 1000;
const DIGEST_INTERVAL_MS = DIGEST_WINDOW_MS;
/** The join-request module mails its decisions itself: not again. */
const MAILED_ELSEWHERE = new Set(['join_request_decided']);

/** What a notification is about, besides who receives it and of which kind (notifications.policy.ts decides those). */
export interface NotificationSubject {
  actorId: string;
  entryId?: string | null;
  revisionId?: string | null;
  groupId?: string | null;
  commentId?: string | null;
  /** A comment's excerpt, a moderator's note, 'approved' / 'declined' for a join decision. */
  text?: string;
}

/**
 * In-app notifications: stored, sent live to the recipient's sockets, and
 * mailed per the recipient's preference (when SMTP_URL is set): at once, in a
 * daily digest of what is still unread, or never. Telling never fails the
 * action that caused it: callers notify after their commit; failures are logged.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly notifier: ReviewNotifier,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.mail.enabled) return;
    this.timer = setInterval(() => void this.sendDigests().catch((err) => this.logger.error(`digest: ${(err as Error).message}`)), DIGEST_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

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
        })),
      );
      for (const row of rows) this.notifier.notification(row.userId, toNotificationDto(row));
      await this.mailAtOnce(rows);
    } catch (err) {
      this.logger.error(`could not notify of a ${cause.kind}: ${(err as Error).message}`);
    }
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

  /**
   * Mails every account that wants a daily digest its unread notifications of
   * the last day not mailed yet, one message each; the number of messages the
   * SMTP server accepted. Runs daily; tests call it directly.
   */
  async sendDigests(now = new Date()): Promise<number> {
    if (!this.mail.enabled) return 0;
    const ids = await this.repo.claimDigestDue(new Date(now.getTime() - DIGEST_WINDOW_MS));
    const rows = await this.repo.findByIds(ids);
    const byUser = groupByUser(rows);
    const recipients = await this.repo.findRecipients(Array.from(byUser.keys()));
    let sent = 0;
    for (const r of recipients) {
      if (await this.mail.send(r.email, digestMail(r.locale, r.name, byUser.get(r.id)!, this.link()))) sent++;
    }
    return sent;
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

function groupByUser(rows: NotificationRow[]): Map<string, NotificationRow[]> {
  const out = new Map<string, NotificationRow[]>();
  for (const row of rows) out.set(row.userId, [...(out.get(row.userId) ?? []), row]);
  return out;
}
