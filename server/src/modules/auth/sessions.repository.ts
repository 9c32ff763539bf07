import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SessionRow, UserRow } from '../../database/entities';

@Injectable()
export class SessionsRepository {
  constructor(private readonly db: DataSource) {}

  /** `manager`: the transaction that creates the account too (an accepted invitation), when there is one. */
  async insert(tokenHash: string, userId: string, expiresAt: Date, manager?: EntityManager): Promise<void> {
    await (manager ?? this.db.manager).getRepository(SessionRow).insert({ tokenHash, userId, expiresAt });
  }

  /** Deletes the session; returns its user's id (null: there was none). */
  async delete(tokenHash: string): Promise<string | null> {
    // Through a CTE the statement is a SELECT, whose rows the driver returns as they are.
    const rows: { user_id: string }[] = await this.db.query(
      `WITH gone AS (DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id) SELECT user_id FROM gone`,
      [tokenHash],
    );
    return rows[0]?.user_id ?? null;
  }

  /** When the live session of this token hash expires (null: no live session). */
  async findExpiry(tokenHash: string): Promise<Date | null> {
    const row = await this.db.getRepository(SessionRow).findOne({ where: { tokenHash }, select: { expiresAt: true } });
    return row && row.expiresAt.getTime() > Date.now() ? row.expiresAt : null;
  }

  /** Ends every session of the user except the one of `keepTokenHash` (null: all of them). */
  async deleteAllOfUser(userId: string, keepTokenHash: string | null, manager?: EntityManager): Promise<void> {
    await (manager ?? this.db).query(`DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2`, [userId, keepTokenHash]);
  }

  /** The user of an unexpired session; a disabled user has none. */
  async findUserOfLiveSession(tokenHash: string): Promise<UserRow | null> {
    return this.db
      .getRepository(UserRow)
      .createQueryBuilder('u')
      .innerJoin(SessionRow, 's', 's.user_id = u.id')
      .where('s.token_hash = :tokenHash AND s.expires_at > now() AND NOT u.disabled', { tokenHash })
      .getOne();
  }
}
