import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, notifications part 2.
 * - `notifications.invitation_id` / `invitation_token`: an `invited`
 *   notification's invitation and its token, so the invited account's bell
 *   links to the join page. The token is a secret stored in clear here (the
 *   invitations table keeps only its hash): it is shown to the invited
 *   account only, which receives the same link by e-mail, and an invitation
 *   naming an email is accepted by that email's account only, so the token
 *   alone lets no one else in. Gone with the invitation.
 * - `notification_digests`: one row per account and day whose daily digest
 *   was claimed; the primary key makes the claim, so a digest is sent once
 *   per account and day across restarts and concurrent instances.
 * - `notification_digest_runs`: one row per day whose scheduled digest run
 *   an instance claimed, so the run (and the catch-up after a restart past
 *   the hour) happens once a day however many instances start.
 */
export class NotificationDigests1765410000000 implements MigrationInterface {
  name = 'NotificationDigests1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications
      ADD COLUMN invitation_id uuid REFERENCES invitations(id) ON DELETE CASCADE,
      ADD COLUMN invitation_token text`);
    await q.query(`
      CREATE TABLE notification_digests (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        day date NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, day)
      )`);
    await q.query(`
      CREATE TABLE notification_digest_runs (
        day date PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_digest_runs`);
    await q.query(`DROP TABLE notification_digests`);
    await q.query(`ALTER TABLE notifications DROP COLUMN invitation_token, DROP COLUMN invitation_id`);
  }
}
