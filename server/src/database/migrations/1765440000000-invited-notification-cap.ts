import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At most one unread `invited` notification per account and inviter: a
 * moderator who invites an account over and over refreshes that one
 * notification (the newest invitation's link, notifications.repository.ts)
 * instead of filling the account's bell. The unique index is what the
 * insert's ON CONFLICT names, so concurrent invitations cannot add a second
 * one either. Of the unread ones already there, all but the newest are
 * marked read (kept, not deleted). A notification whose inviter's account is
 * gone (actor_id NULL) is not capped: nobody can add to it.
 */
export class InvitedNotificationCap1765440000000 implements MigrationInterface {
  name = 'InvitedNotificationCap1765440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notifications n SET read_at = now()
      WHERE n.kind = 'invited' AND n.read_at IS NULL AND EXISTS (
        SELECT 1 FROM notifications m
        WHERE m.kind = 'invited' AND m.read_at IS NULL AND m.user_id = n.user_id AND m.actor_id = n.actor_id
          AND (m.created_at, m.id) > (n.created_at, n.id))`);
    await q.query(`CREATE UNIQUE INDEX notifications_invited_unread_key ON notifications(user_id, actor_id) WHERE kind = 'invited' AND read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_invited_unread_key`);
  }
}
