import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, part 5: archived groups. An archived group keeps its entries (and
 * the public pages of the published ones) but takes no new entries; null means
 * the group is active.
 */
export class GroupArchive1764500000003 implements MigrationInterface {
  name = 'GroupArchive1764500000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE knowledge_groups ADD COLUMN archived_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE knowledge_groups DROP COLUMN archived_at`);
  }
}
