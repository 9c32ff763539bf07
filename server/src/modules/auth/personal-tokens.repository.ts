import { Injectable } from '@nestjs/common';
import type { TokenScope } from '@knowledge-hub/shared';
import { DataSource } from 'typeorm';

export interface PersonalTokenRow {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
}

@Injectable()
export class PersonalTokensRepository {
  constructor(private readonly db: DataSource) {}

  async insert(userId: string, name: string, scope: TokenScope, tokenHash: string, expiresAt: Date): Promise<string> {
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO personal_tokens (user_id, name, scope, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [userId, name, scope, tokenHash, expiresAt],
    );
    return row.id;
  }

  /** The user and scope of a live token (unexpired, unrevoked, its user enabled); marks it used (at most once a minute). */
  async findLive(tokenHash: string): Promise<{ userId: string; scope: TokenScope } | null> {
    const rows: { user_id: string; scope: TokenScope }[] = await this.db.query(
      `WITH t AS (
         SELECT t.id, t.user_id, t.scope FROM personal_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND NOT u.disabled
       ), used AS (
         UPDATE personal_tokens p SET last_used_at = now() FROM t
          WHERE p.id = t.id AND (p.last_used_at IS NULL OR p.last_used_at < now() - interval '1 minute')
       )
       SELECT user_id, scope FROM t`,
      [tokenHash],
    );
    return rows[0] ? { userId: rows[0].user_id, scope: rows[0].scope } : null;
  }

  findLiveOfUser(userId: string): Promise<PersonalTokenRow[]> {
    return this.db.query(
      `SELECT id, name, scope, created_at AS "createdAt", expires_at AS "expiresAt", last_used_at AS "lastUsedAt"
         FROM personal_tokens WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
        ORDER BY created_at DESC`,
      [userId],
    );
  }

  /** Revokes one of the user's tokens; false when they have no such live token. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH r AS (UPDATE personal_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id) SELECT id FROM r`,
      [id, userId],
    );
    return rows.length > 0;
  }
}
