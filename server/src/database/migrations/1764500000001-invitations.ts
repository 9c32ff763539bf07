import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, part 1: invitations.
 *
 * An invitation stores only the SHA-256 of its token (hex). `uses` only ever
 * grows through one conditional UPDATE (`uses < max_uses`), so concurrent
 * accepts of a multi-use link cannot overshoot; the CHECK says so too.
 *
 * Invitations created / accepted / revoked are recorded in `people_audit`
 * (1764500000000-account-lifecycle): moderation's audit log is entry-scoped.
 */
export class Invitations1764500000001 implements MigrationInterface {
  name = 'Invitations1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        created_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        email text CHECK (email = lower(email)),
        groups jsonb NOT NULL,
        max_uses int NOT NULL CHECK (max_uses > 0),
        uses int NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= max_uses),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invitations_created_by_idx ON invitations(created_by, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invitations`);
  }
}
