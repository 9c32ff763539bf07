import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A daily digest is claimed, then mailed: `notification_digests` now tells
 * the two apart. `claimed_at` and `notification_ids` (what the claim marked
 * as mailed) are set by the claim, `sent_at` once the SMTP server accepted
 * the message. A claim left unsent for long (the process stopped between the
 * claim and the mail) is released by the next run: its notifications go in
 * that run's digest instead of being lost. Digests claimed before this
 * migration count as sent.
 */
export class DigestClaims1765450000000 implements MigrationInterface {
  name = 'DigestClaims1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_digests
      ADD COLUMN claimed_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN notification_ids uuid[] NOT NULL DEFAULT '{}',
      ALTER COLUMN sent_at DROP NOT NULL,
      ALTER COLUMN sent_at DROP DEFAULT`);
    await q.query(`UPDATE notification_digests SET claimed_at = sent_at`);
    await q.query(`CREATE INDEX notification_digests_unsent_idx ON notification_digests(claimed_at) WHERE sent_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_digests_unsent_idx`);
    await q.query(`UPDATE notification_digests SET sent_at = claimed_at WHERE sent_at IS NULL`);
    await q.query(`ALTER TABLE notification_digests
      ALTER COLUMN sent_at SET DEFAULT now(),
      ALTER COLUMN sent_at SET NOT NULL,
      DROP COLUMN notification_ids,
      DROP COLUMN claimed_at`);
  }
}
