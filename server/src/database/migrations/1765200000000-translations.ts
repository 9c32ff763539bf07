import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, paired English–Chinese entries.
 *
 * entries.translation_of   the source entry of a translation (null for every other entry);
 * entries.language         the translation's language, fixed at creation: with translation_of,
 *                          one translation per (source, language) (unique index);
 * entries.translation_synced_revision_id
 *                          the source revision the translation was pre-filled from: its sync
 *                          point until one of its own revisions is approved with a newer one;
 * revisions.synced_to_revision_id
 *                          the source revision a translation's revision claims to be brought up
 *                          to (chosen by its submitter); counts once the revision is approved,
 *                          so marking a translation up to date is reviewed like any change.
 */
export class Translations1765200000000 implements MigrationInterface {
  name = 'Translations1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entries
      ADD COLUMN translation_of uuid REFERENCES entries(id) ON DELETE SET NULL,
      ADD COLUMN language text,
      ADD COLUMN translation_synced_revision_id uuid REFERENCES revisions(id) ON DELETE SET NULL`);
    await q.query(`CREATE UNIQUE INDEX entries_translation_language_key ON entries (translation_of, language) WHERE translation_of IS NOT NULL`);
    await q.query(`ALTER TABLE revisions ADD COLUMN synced_to_revision_id uuid REFERENCES revisions(id) ON DELETE SET NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE revisions DROP COLUMN synced_to_revision_id`);
    await q.query(`DROP INDEX entries_translation_language_key`);
    await q.query(`ALTER TABLE entries DROP COLUMN translation_synced_revision_id, DROP COLUMN language, DROP COLUMN translation_of`);
  }
}
