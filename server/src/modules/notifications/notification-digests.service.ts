import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MailService } from '../mail/mail.service';
import { DAY_MS, DigestScheduler, digestDay } from './digest-schedule';
import { digestMail } from './notification-mail';
import type { NotificationRow } from './notifications.repository';
import { NotificationsRepository } from './notifications.repository';

/**
 * How far back a digest reaches: every unread notification not mailed yet
 * from the last seven days, not only the last day's. A digest the SMTP server
 * refused gives its notifications back (releaseDigest); the next day's run
 * must still find them, and a run missed (the server down at the digest hour)
 * loses nothing either, within this bound. Older ones stay unmailed (they are
 * on the notifications page): a first digest after switching to daily does
 * not unearth months of backlog.
 */
export const DIGEST_LOOKBACK_MS = 7 * DAY_MS;

/**
 * A digest claimed this long ago and never sent was left by a run that stopped between the claim and the
 * mail (a crash, a deploy): the next run releases it and mails its notifications. Longer than any run takes
 * (one message per account, each over SMTP). A run that stopped after the SMTP server accepted a message but
 * before it was marked sent makes that digest go out twice: at least once, never lost.
 */
export const STALE_DIGEST_CLAIM_MS = 60 * 60_000;

/**
 * The daily digest (when SMTP_URL is set): every day at
 * NOTIFICATION_DIGEST_HOUR_UTC, each account that wants one gets its unread
 * notifications not mailed yet (of the last DIGEST_LOOKBACK_MS), in one message. Once per
 * account and day whatever happens: each run claims its day
 * (notification_digest_runs) and each digest its account and day
 * (notification_digests) in Postgres, so restarts and several instances
 * neither repeat nor double a digest.
 */
@Injectable()
export class NotificationDigestsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('NotificationDigests');
  private scheduler: DigestScheduler | null = null;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.mail.enabled) return;
    this.scheduler = new DigestScheduler(this.config.notifications.digestHourUtc, (at) => this.runScheduled(at));
    this.scheduler.start();
  }

  onModuleDestroy(): void {
    this.scheduler?.stop();
  }

  /** The scheduled run of `scheduledAt`'s day, by the one instance that claims it. */
  private async runScheduled(scheduledAt: Date): Promise<void> {
    try {
      if (!(await this.repo.claimDigestRun(digestDay(scheduledAt)))) return;
      const sent = await this.sendDigests(scheduledAt);
      this.logger.log(`digest of ${digestDay(scheduledAt)}: ${sent} sent`);
    } catch (err) {
      this.logger.error(`digest: ${(err as Error).message}`);
    }
  }

  /**
   * Mails the digests of `now`'s day (UTC) not sent yet: each account that
   * wants one and has no digest of that day gets its unread notifications not
   * mailed yet, of the last DIGEST_LOOKBACK_MS (so those of a digest refused
   * on an earlier day too); the number of messages the SMTP server
   * accepted. A digest it did not accept is released, for the next run.
   * The scheduler calls it daily; tests call it directly.
   */
  async sendDigests(now = new Date()): Promise<number> {
    if (!this.mail.enabled) return 0;
    const day = digestDay(now);
    const released = await this.repo.releaseStaleDigests(new Date(Date.now() - STALE_DIGEST_CLAIM_MS));
    if (released > 0) this.logger.warn(`digest: ${released} digest(s) claimed by a run that stopped before mailing them go out now`);
    const ids = await this.repo.claimDigestsOfDay(day, new Date(now.getTime() - DIGEST_LOOKBACK_MS));
    const byUser = groupByUser(await this.repo.findByIds(ids));
    const recipients = await this.repo.findRecipients(Array.from(byUser.keys()));
    let sent = 0;
    for (const r of recipients) {
      const items = byUser.get(r.id)!;
      if (await this.mail.send(r.email, digestMail(r.locale, r.name, items, this.link()))) {
        await this.repo.markDigestSent(r.id, day);
        sent++;
      } else
        await this.repo.releaseDigest(
          r.id,
          day,
          items.map((n) => n.id),
        );
    }
    return sent;
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
