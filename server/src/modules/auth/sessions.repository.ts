import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionRow, UserRow } from '../../database/entities';

@Injectable()
export class SessionsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.db.getRepository(SessionRow).insert({ tokenHash, userId, expiresAt });
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.getRepository(SessionRow).delete({ tokenHash });
  }

  /** The user of an unexpired session. */
  async findUserOfLiveSession(tokenHash: string): Promise<UserRow | null> {
    return this.db
      .getRepository(UserRow)
      .createQueryBuilder('u')
      .innerJoin(SessionRow, 's', 's.user_id = u.id')
      .where('s.token_hash = :tokenHash AND s.expires_at > now()', { tokenHash })
      .getOne();
  }
}
