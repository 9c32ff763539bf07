import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A sign-in in progress: what the callback checks (state, nonce, PKCE verifier) and what it does next. */
export interface OidcFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The redirect_uri of the authorization request: the token request must repeat it exactly. */
  redirectUri: string;
  /** A same-site path (safeNextPath) where the browser goes afterwards. */
  nextPath: string;
  /** An invitation to accept for the account once signed in. */
  invitationToken: string | null;
  /** Set: a signed-in user started the flow, to link the identity to their account. */
  linkUserId: string | null;
}

/** Sign-ins in progress (oidc_flows, migration 1764600000010), keyed by the SHA-256 of the flow cookie's value. */
@Injectable()
export class OidcFlowsRepository {
  constructor(private readonly db: DataSource) {}

  /** Stores a flow (and drops expired ones: abandoned sign-ins leave nothing behind for long). */
  async insert(idHash: string, flow: OidcFlow, expiresAt: Date): Promise<void> {
    await this.db.query(`DELETE FROM oidc_flows WHERE expires_at < now()`);
    await this.db.query(
      `INSERT INTO oidc_flows (id_hash, state, nonce, code_verifier, redirect_uri, next_path, invitation_token, link_user_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [idHash, flow.state, flow.nonce, flow.codeVerifier, flow.redirectUri, flow.nextPath, flow.invitationToken, flow.linkUserId, expiresAt],
    );
  }

  /** Deletes the flow and returns it if it had not expired: a flow is used once, whatever the outcome. */
  async take(idHash: string): Promise<OidcFlow | null> {
    const rows: (OidcFlow & { live: boolean })[] = await this.db.query(
      `WITH taken AS (DELETE FROM oidc_flows WHERE id_hash = $1 RETURNING *)
       SELECT state, nonce, code_verifier AS "codeVerifier", redirect_uri AS "redirectUri", next_path AS "nextPath",
              invitation_token AS "invitationToken", link_user_id AS "linkUserId", expires_at > now() AS live
         FROM taken`,
      [idHash],
    );
    const row = rows[0];
    if (!row?.live) return null;
    const { live: _live, ...flow } = row;
    return flow;
  }
}
