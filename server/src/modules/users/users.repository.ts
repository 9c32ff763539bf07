import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserRow } from '../../database/entities';

@Injectable()
export class UsersRepository {
  constructor(private readonly db: DataSource) {}

  private get users() {
    return this.db.getRepository(UserRow);
  }

  findByEmail(email: string): Promise<UserRow | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  async findNamesByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
