import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

@Injectable()
export class PasswordResetsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(userId: string, tokenHash: string, createdBy: string, expiresAt: Date): Promise<void> {
    await this.db.query(`INSERT INTO password_resets (user_id, token_hash, created_by, expires_at) VALUES ($1, $2, $3, $4)`, [
      userId,
      tokenHash,
      createdBy,
      expiresAt,
    ]);
  }

  /**
   * Marks a live link used and returns its user (null: unknown, expired or used).
   * One UPDATE: of two simultaneous uses of the same link, only one gets the user.
   */
  async consume(manager: EntityManager, tokenHash: string): Promise<string | null> {
    const rows: { user_id: string }[] = await manager.query(
      `WITH used AS (
         UPDATE password_resets SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id
       ) SELECT user_id FROM used`,
      [tokenHash],
    );
    return rows[0]?.user_id ?? null;
  }
}
