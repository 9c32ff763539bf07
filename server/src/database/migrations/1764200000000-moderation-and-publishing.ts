import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ModerationAndPublishing1764200000000 implements MigrationInterface {
  name = 'ModerationAndPublishing1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        number int NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'changes_requested', 'rejected')),
        yjs_state bytea NOT NULL,
        state_vector bytea NOT NULL,
        pm_json jsonb NOT NULL,
        html text NOT NULL,
        text text NOT NULL,
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        language text NOT NULL DEFAULT 'en',
        content_hash text NOT NULL,
        contributor_ids uuid[] NOT NULL DEFAULT '{}',
        submitted_by uuid NOT NULL REFERENCES users(id),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        review_note text NOT NULL DEFAULT '',
        UNIQUE (entry_id, number)
      )`);
    await q.query(`CREATE INDEX revisions_pending_idx ON revisions(submitted_at) WHERE status = 'pending'`);
    await q.query(`ALTER TABLE entries ADD COLUMN published_revision_id uuid REFERENCES revisions(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE entries ADD COLUMN published_at timestamptz`);
    await q.query(`CREATE INDEX entries_published_idx ON entries(published_at DESC) WHERE published_revision_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        revision_id uuid REFERENCES revisions(id) ON DELETE SET NULL,
        actor_id uuid NOT NULL REFERENCES users(id),
        action text NOT NULL,
        note text NOT NULL DEFAULT '',
        override boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_events_entry_idx ON audit_events(entry_id, id)`);
    // Full-text index of published revisions only (one row per published entry).
    await q.query(`
      CREATE TABLE search_documents (
        entry_id uuid PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
        revision_id uuid NOT NULL REFERENCES revisions(id) ON DELETE CASCADE,
        title text NOT NULL,
        summary text NOT NULL,
        body text NOT NULL,
        language text NOT NULL,
        tsv tsvector NOT NULL,
        published_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX search_documents_tsv_idx ON search_documents USING gin(tsv)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS search_documents`);
    await q.query(`DROP TABLE IF EXISTS audit_events`);
    await q.query(`ALTER TABLE entries DROP COLUMN IF EXISTS published_at`);
    await q.query(`ALTER TABLE entries DROP COLUMN IF EXISTS published_revision_id`);
    await q.query(`DROP TABLE IF EXISTS revisions`);
  }
}
