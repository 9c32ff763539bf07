import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, datasets.
 *
 * - `datasets`: a group's table, described (licence, source).
 * - `dataset_versions`: immutable uploads. The raw file is a blob of the
 *   content-addressed file store (`sha256`); the parsed rows live in a table of
 *   their own, `dataset_rows_<version id without dashes>`, created when the
 *   version is uploaded (one typed column `c<i>` per CSV column, `_line` the
 *   row's position), never written again. A table per version keeps the rows
 *   typed (aggregates run on native numbers and dates) and its indexes small.
 * - `audit_events` becomes the audit log of every reviewed kind: a row names an
 *   entry (and revision) or a dataset (and version).
 */
export class Datasets1764800000000 implements MigrationInterface {
  name = 'Datasets1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        group_id uuid NOT NULL REFERENCES knowledge_groups(id),
        title text NOT NULL,
        title_zh text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        licence text NOT NULL,
        source_text text NOT NULL,
        source_url text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX datasets_group_idx ON datasets(group_id, created_at)`);
    await q.query(`
      CREATE TABLE dataset_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        number int NOT NULL CHECK (number > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        bytes bigint NOT NULL,
        filename text NOT NULL DEFAULT '',
        delimiter text NOT NULL,
        rows int NOT NULL,
        columns jsonb NOT NULL,
        key_columns jsonb NOT NULL DEFAULT '[]',
        changes jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'changes_requested', 'rejected')),
        note text NOT NULL DEFAULT '',
        uploaded_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        review_note text NOT NULL DEFAULT '',
        UNIQUE (dataset_id, number)
      )`);
    await q.query(`CREATE INDEX dataset_versions_pending_idx ON dataset_versions(created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX dataset_versions_sha_idx ON dataset_versions(sha256)`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN entry_id DROP NOT NULL`);
    await q.query(`ALTER TABLE audit_events ADD COLUMN dataset_id uuid REFERENCES datasets(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE audit_events ADD COLUMN dataset_version_id uuid REFERENCES dataset_versions(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE audit_events ADD CONSTRAINT audit_events_subject CHECK (entry_id IS NOT NULL OR dataset_id IS NOT NULL)`);
    await q.query(`CREATE INDEX audit_events_dataset_idx ON audit_events(dataset_id, id) WHERE dataset_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const tables: { name: string }[] = await q.query(`SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'dataset\\_rows\\_%'`);
    for (const t of tables) await q.query(`DROP TABLE IF EXISTS "${t.name}"`);
    await q.query(`DELETE FROM audit_events WHERE entry_id IS NULL`);
    await q.query(`ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS audit_events_subject`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN IF EXISTS dataset_version_id`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN IF EXISTS dataset_id`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN entry_id SET NOT NULL`);
    await q.query(`DROP TABLE IF EXISTS dataset_versions`);
    await q.query(`DROP TABLE IF EXISTS datasets`);
  }
}
