import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** An identity at an OpenID provider: its issuer and the `sub` it gives that person (stable, never reassigned). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
}

/** Linked identities (oidc_identities, migration 1764600000010): `(issuer, sub)` → user. */
@Injectable()
export class OidcIdentitiesRepository {
  constructor(private readonly db: DataSource) {}

  async findUserId(identity: OidcIdentity): Promise<string | null> {
    const rows: { user_id: string }[] = await this.db.query(`SELECT user_id FROM oidc_identities WHERE issuer = $1 AND subject = $2`, [
      identity.issuer,
      identity.subject,
    ]);
    return rows[0]?.user_id ?? null;
  }

  /**
   * Links the identity to the user unless it is linked already; returns the
   * user it is linked to afterwards (this one, or whoever had it first).
   */
  async link(identity: OidcIdentity, userId: string): Promise<string> {
    const rows: { user_id: string }[] = await this.db.query(
      `WITH linked AS (
         INSERT INTO oidc_identities (issuer, subject, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id)
       SELECT user_id FROM linked
       UNION ALL
       SELECT user_id FROM oidc_identities WHERE issuer = $1 AND subject = $2`,
      [identity.issuer, identity.subject, userId],
    );
    // Empty only if a concurrent link committed after this statement's snapshot: read it now.
    return rows[0]?.user_id ?? ((await this.findUserId(identity)) as string);
  }

  /**
   * A new account without a password, linked to the identity, in one
   * transaction. Returns its id; 'email_taken' if another account has the
   * email; or, when a concurrent first sign-in of the same identity won, that
   * account's id (and nothing is created).
   */
  async createLinkedUser(identity: OidcIdentity, user: { email: string; name: string }): Promise<string | 'email_taken'> {
    return this.db.transaction(async (tx) => {
      const created: { id: string }[] = await tx.query(
        `WITH created AS (
           INSERT INTO users (email, name, password_hash) VALUES ($1, $2, NULL) ON CONFLICT (email) DO NOTHING RETURNING id)
         SELECT id FROM created`,
        [user.email, user.name],
      );
      const id = created[0]?.id;
      if (!id) return 'email_taken';
      const linked: { user_id: string }[] = await tx.query(
        `WITH linked AS (
           INSERT INTO oidc_identities (issuer, subject, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id)
         SELECT user_id FROM linked`,
        [identity.issuer, identity.subject, id],
      );
      if (linked.length === 0) {
        // Another request linked this identity meanwhile: undo our account, use theirs.
        await tx.query(`DELETE FROM users WHERE id = $1`, [id]);
        const [winner]: { user_id: string }[] = await tx.query(`SELECT user_id FROM oidc_identities WHERE issuer = $1 AND subject = $2`, [
          identity.issuer,
          identity.subject,
        ]);
        return winner.user_id;
      }
      return id;
    });
  }

  async isEmailTaken(email: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE email = $1`, [email]);
    return rows.length > 0;
  }
}
