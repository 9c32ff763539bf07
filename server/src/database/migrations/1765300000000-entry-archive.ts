import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, part 4: the workspace's lists and archived entries.
 * - `entries.archived_at` / `archived_by`: a moderator archived the entry
 *   (soft: nothing is deleted). Archived entries leave the workspace's lists
 *   and the public site, whose page answers 410 Gone. Null: not archived.
 * - `entries.live_text`: the plain text of the live document's body, copied
 *   by the collab engine with the title and summary, for the workspace's
 *   search over drafts.
 */
export class EntryArchive1765300000000 implements MigrationInterface {
  name = 'EntryArchive1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entries
      ADD COLUMN archived_at timestamptz,
      ADD COLUMN archived_by uuid REFERENCES users(id) ON DELETE SET NULL,
      ADD COLUMN live_text text NOT NULL DEFAULT ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entries DROP COLUMN live_text, DROP COLUMN archived_by, DROP COLUMN archived_at`);
  }
}
