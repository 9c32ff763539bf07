import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A revision can be `superseded`: a newer one of its entry was approved while it waited (it leaves the queue). */
export class SupersededRevisions1764300000001 implements MigrationInterface {
  name = 'SupersededRevisions1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE revisions DROP CONSTRAINT IF EXISTS revisions_status_check`);
    await q.query(
      `ALTER TABLE revisions ADD CONSTRAINT revisions_status_check
       CHECK (status IN ('pending', 'approved', 'changes_requested', 'rejected', 'superseded'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE revisions SET status = 'rejected' WHERE status = 'superseded'`);
    await q.query(`ALTER TABLE revisions DROP CONSTRAINT IF EXISTS revisions_status_check`);
    await q.query(`ALTER TABLE revisions ADD CONSTRAINT revisions_status_check CHECK (status IN ('pending', 'approved', 'changes_requested', 'rejected'))`);
  }
}
