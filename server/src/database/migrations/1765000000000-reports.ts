import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, reports (video and audio).
 *
 * - `reports`: a group's report, its review status (the third reviewed kind,
 *   beside entry revisions and dataset versions) and its current media.
 * - `report_media`: an uploaded media file (a blob of the content-addressed
 *   store) with what ffprobe read of it and its poster frame's blob.
 * - `report_captions`: one WebVTT file per (report, language), its blob and
 *   its cues (the transcript, and `text` for search).
 * - `report_uploads` / `report_upload_parts`: resumable uploads; each PATCH's
 *   bytes are a blob of the store at their offset, joined into one blob when
 *   the last byte arrives (any instance can take the next chunk).
 * - `audit_events` also names reports.
 */
export class Reports1765000000000 implements MigrationInterface {
  name = 'Reports1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        group_id uuid NOT NULL REFERENCES knowledge_groups(id),
        title text NOT NULL,
        title_zh text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        kind text NOT NULL CHECK (kind IN ('video', 'audio')),
        recorded_at date,
        speakers jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'pending', 'approved', 'changes_requested', 'rejected')),
        media_id uuid,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        submitted_by uuid REFERENCES users(id),
        submitted_at timestamptz,
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        review_note text NOT NULL DEFAULT ''
      )`);
    await q.query(`CREATE INDEX reports_group_idx ON reports(group_id, created_at)`);
    await q.query(`CREATE INDEX reports_pending_idx ON reports(submitted_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE report_media (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        mime text NOT NULL,
        bytes bigint NOT NULL,
        duration_seconds float8,
        width int,
        height int,
        codecs jsonb NOT NULL DEFAULT '[]',
        poster_sha256 text,
        missing jsonb NOT NULL DEFAULT '[]',
        missing_reason text,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX report_media_sha_idx ON report_media(sha256)`);
    await q.query(`CREATE INDEX report_media_poster_idx ON report_media(poster_sha256) WHERE poster_sha256 IS NOT NULL`);
    await q.query(`ALTER TABLE reports ADD CONSTRAINT reports_media_fk FOREIGN KEY (media_id) REFERENCES report_media(id) ON DELETE SET NULL`);
    await q.query(`
      CREATE TABLE report_captions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        language text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        cues jsonb NOT NULL,
        text text NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (report_id, language)
      )`);
    await q.query(`CREATE INDEX report_captions_sha_idx ON report_captions(sha256)`);
    await q.query(`
      CREATE TABLE report_uploads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        bytes bigint NOT NULL CHECK (bytes > 0),
        expected_sha256 text,
        received bigint NOT NULL DEFAULT 0,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE report_upload_parts (
        upload_id uuid NOT NULL REFERENCES report_uploads(id) ON DELETE CASCADE,
        "offset" bigint NOT NULL,
        sha256 text NOT NULL,
        bytes bigint NOT NULL,
        PRIMARY KEY (upload_id, "offset")
      )`);
    await q.query(`CREATE INDEX report_upload_parts_sha_idx ON report_upload_parts(sha256)`);
    await q.query(`ALTER TABLE audit_events ADD COLUMN report_id uuid REFERENCES reports(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_subject`);
    await q.query(
      `ALTER TABLE audit_events ADD CONSTRAINT audit_events_subject CHECK (entry_id IS NOT NULL OR dataset_id IS NOT NULL OR report_id IS NOT NULL)`,
    );
    await q.query(`CREATE INDEX audit_events_report_idx ON audit_events(report_id, id) WHERE report_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM audit_events WHERE report_id IS NOT NULL AND entry_id IS NULL AND dataset_id IS NULL`);
    await q.query(`ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS audit_events_subject`);
    await q.query(`ALTER TABLE audit_events ADD CONSTRAINT audit_events_subject CHECK (entry_id IS NOT NULL OR dataset_id IS NOT NULL)`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN IF EXISTS report_id`);
    await q.query(`DROP TABLE IF EXISTS report_upload_parts`);
    await q.query(`DROP TABLE IF EXISTS report_uploads`);
    await q.query(`DROP TABLE IF EXISTS report_captions`);
    await q.query(`ALTER TABLE reports DROP CONSTRAINT IF EXISTS reports_media_fk`);
    await q.query(`DROP TABLE IF EXISTS report_media`);
    await q.query(`DROP TABLE IF EXISTS reports`);
  }
}
