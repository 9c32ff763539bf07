import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, discussion: comments anchored to the text, notifications, the
 * e-mail preference for them, and the change note of a submission.
 *
 * A thread is its first comment (parent_id null), which carries the anchor
 * (JSON: relative positions on the live draft, or block offsets on a frozen
 * revision: revision_id set) and the resolved state; replies point at it.
 * Comments are never part of the entry's document nor of any public page.
 */
export class Discussion1765100000000 implements MigrationInterface {
  name = 'Discussion1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        revision_id uuid REFERENCES revisions(id) ON DELETE CASCADE,
        parent_id uuid REFERENCES comments(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        body text NOT NULL,
        mentions uuid[] NOT NULL DEFAULT '{}',
        anchor jsonb,
        resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        CHECK ((parent_id IS NULL) = (anchor IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX comments_entry_idx ON comments(entry_id, created_at)`);
    await q.query(`CREATE INDEX comments_parent_idx ON comments(parent_id)`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        entry_id uuid REFERENCES entries(id) ON DELETE CASCADE,
        revision_id uuid REFERENCES revisions(id) ON DELETE CASCADE,
        group_id uuid REFERENCES knowledge_groups(id) ON DELETE CASCADE,
        comment_id uuid REFERENCES comments(id) ON DELETE SET NULL,
        text text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        emailed_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications(user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications(user_id) WHERE read_at IS NULL`);
    await q.query(
      `ALTER TABLE users ADD COLUMN notification_email text NOT NULL DEFAULT 'daily' CHECK (notification_email IN ('immediately', 'daily', 'never'))`,
    );
    await q.query(`ALTER TABLE revisions ADD COLUMN change_note text NOT NULL DEFAULT ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE revisions DROP COLUMN change_note`);
    await q.query(`ALTER TABLE users DROP COLUMN notification_email`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE comments`);
  }
}
