import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11, files: the content-addressed store and what was uploaded where.
 *
 * - `file_blobs` and `file_chunks`: the bytes, when they are kept in Postgres
 *   (FILES_DIR unset). One blob per SHA-256, split into chunks of at most
 *   `chunk_bytes`; a blob being written has chunks under a staging key
 *   (`~<uuid>`) that becomes its SHA-256 once complete.
 * - `file_uploads`: one row per entry and file (who uploaded it, its sniffed
 *   type and size); the collector deletes a file once no upload row of it is
 *   within the grace period and nothing refers to it.
 * - `file_variants`: the smaller WebP copies made of an image, by width.
 */
export class Files1764700000000 implements MigrationInterface {
  name = 'Files1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE file_blobs (
        sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        bytes bigint NOT NULL CHECK (bytes >= 0),
        chunk_bytes int NOT NULL CHECK (chunk_bytes > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE file_chunks (
        blob_key text NOT NULL,
        idx int NOT NULL CHECK (idx >= 0),
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (blob_key, idx)
      )`);
    await q.query(`
      CREATE TABLE file_uploads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        entry_id uuid NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        mime text NOT NULL,
        bytes bigint NOT NULL,
        width int,
        height int,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (entry_id, sha256)
      )`);
    await q.query(`CREATE INDEX file_uploads_sha256_idx ON file_uploads(sha256)`);
    await q.query(`
      CREATE TABLE file_variants (
        sha256 text NOT NULL,
        width int NOT NULL,
        height int NOT NULL,
        variant_sha256 text NOT NULL,
        mime text NOT NULL,
        bytes bigint NOT NULL,
        PRIMARY KEY (sha256, width)
      )`);
    await q.query(`CREATE INDEX file_variants_variant_idx ON file_variants(variant_sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE file_variants`);
    await q.query(`DROP TABLE file_uploads`);
    await q.query(`DROP TABLE file_chunks`);
    await q.query(`DROP TABLE file_blobs`);
  }
}
