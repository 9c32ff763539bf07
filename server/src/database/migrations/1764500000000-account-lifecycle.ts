import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, account lifecycle and personal API tokens:
 * - users get a locale, a disabled flag and when they were last seen (updated
 *   at most once a minute per user, so it costs nothing per request);
 * - personal_tokens: bearer tokens for scripts, stored as SHA-256, with a
 *   scope (read: safe methods only) and an expiry; revoked rows are kept;
 * - password_resets: one-use links an admin hands out, stored as SHA-256;
 * - people_audit: who disabled, promoted or reset whom, and who created which
 *   token (moderation's audit log is entry-scoped).
 */
export class AccountLifecycle1764500000000 implements MigrationInterface {
  name = 'AccountLifecycle1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'zh')),
        ADD COLUMN disabled boolean NOT NULL DEFAULT false,
        ADD COLUMN last_seen_at timestamptz`);
    await q.query(`
      CREATE TABLE personal_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('read', 'write')),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX personal_tokens_user_idx ON personal_tokens(user_id)`);
    await q.query(`
      CREATE TABLE password_resets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE people_audit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        action text NOT NULL,
        subject_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX people_audit_created_idx ON people_audit(created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['people_audit', 'password_resets', 'personal_tokens']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`ALTER TABLE users DROP COLUMN locale, DROP COLUMN disabled, DROP COLUMN last_seen_at`);
  }
}
