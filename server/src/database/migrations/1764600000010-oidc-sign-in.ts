import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, part 3: OpenID Connect sign-in.
 *
 * - users.password_hash becomes nullable: an account created through an
 *   identity provider has no password (password sign-in refuses it like a
 *   wrong password; an admin's reset link can still give it one).
 * - oidc_identities: the provider's `(issuer, sub)` → our user. One identity
 *   belongs to one user; a user may have several (another IdP, later).
 * - oidc_flows: one row per sign-in in progress, keyed by the SHA-256 of the
 *   random value in the browser's flow cookie (so the flow is bound to the
 *   browser that started it), holding what the callback checks (state, nonce,
 *   PKCE verifier) and what it then does (next, invitation, account to link).
 *   The callback deletes the row as it reads it: one use only, on any instance.
 */
export class OidcSignIn1764600000010 implements MigrationInterface {
  name = 'OidcSignIn1764600000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`);
    await q.query(`
      CREATE TABLE oidc_identities (
        issuer text NOT NULL,
        subject text NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issuer, subject)
      )`);
    await q.query(`CREATE INDEX oidc_identities_user_idx ON oidc_identities(user_id)`);
    await q.query(`
      CREATE TABLE oidc_flows (
        id_hash text PRIMARY KEY,
        state text NOT NULL,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        redirect_uri text NOT NULL,
        next_path text NOT NULL,
        invitation_token text,
        link_user_id uuid REFERENCES users(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX oidc_flows_expires_idx ON oidc_flows(expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oidc_flows`);
    await q.query(`DROP TABLE oidc_identities`);
    await q.query(`DELETE FROM users WHERE password_hash IS NULL`);
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL`);
  }
}
