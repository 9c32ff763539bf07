import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, part 2: mentions in an entry's body. `body_mentions` holds each
 * (entry, user) pair the collab engine has handled: the user was told
 * `mentioned` once (notified) or not (over their hourly cap), and is never
 * told again for that entry, however often the mention is written, moved or
 * retyped. The primary key makes the claim atomic across instances; the
 * index counts a user's recent notices (the per-user cap).
 */
export class BodyMentions1765420000000 implements MigrationInterface {
  name = 'BodyMentions1765420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE body_mentions (
      entry_id uuid NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
      notified boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (entry_id, user_id)
    )`);
    await q.query(`CREATE INDEX body_mentions_user_recent_idx ON body_mentions(user_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE body_mentions`);
  }
}
