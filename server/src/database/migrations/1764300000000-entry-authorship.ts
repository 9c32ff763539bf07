import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authorship counted from the update log (four-eyes across deletions and
 * restores): `entry_authorship` holds, per entry and user, how many accepted
 * updates that user sent (bumped in the same statement that appends them to
 * `entry_updates`); a revision stores these counters as they were at its freeze.
 *
 * Existing data is kept: the counters start from the log rows still present,
 * plus one edit for every user the old client-id record knows (their rows may
 * already be compacted away). Existing revisions get no counters (NULL): a
 * published revision without them counts as "nobody had written", so the next
 * submission lists everyone who ever wrote.
 */
export class EntryAuthorship1764300000000 implements MigrationInterface {
  name = 'EntryAuthorship1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entry_authorship (
        entry_id uuid NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        edits bigint NOT NULL CHECK (edits >= 0),
        PRIMARY KEY (entry_id, user_id)
      )`);
    await q.query(`
      INSERT INTO entry_authorship (entry_id, user_id, edits)
      SELECT entry_id, user_id, sum(edits)
      FROM (
        SELECT entry_id, user_id, count(*) AS edits FROM entry_updates WHERE user_id IS NOT NULL GROUP BY entry_id, user_id
        UNION ALL
        SELECT DISTINCT entry_id, user_id, 1 FROM entry_contributors
      ) known
      GROUP BY entry_id, user_id`);
    await q.query(`ALTER TABLE revisions ADD COLUMN authorship jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE revisions DROP COLUMN IF EXISTS authorship`);
    await q.query(`DROP TABLE IF EXISTS entry_authorship`);
  }
}
