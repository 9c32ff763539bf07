import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { GroupRole } from '@knowledge-hub/shared';
import { GroupRow, MembershipRow } from '../../database/entities';

export interface GroupWithCount extends GroupRow {
  entryCount: number;
}

@Injectable()
export class GroupsRepository {
  constructor(private readonly db: DataSource) {}

  private get groups() {
    return this.db.getRepository(GroupRow);
  }

  private get memberships() {
    return this.db.getRepository(MembershipRow);
  }

  async findAllWithEntryCounts(): Promise<GroupWithCount[]> {
    const rows: (Record<string, unknown> & { entry_count: string })[] = await this.db.query(`
      SELECT g.*, (SELECT count(*) FROM entries e WHERE e.group_id = g.id) AS entry_count
      FROM knowledge_groups g ORDER BY g.position, g.slug`);
    return rows.map((r) => ({ ...this.groups.create(mapGroupColumns(r)), entryCount: Number(r.entry_count) }));
  }

  findBySlug(slug: string): Promise<GroupRow | null> {
    return this.groups.findOneBy({ slug });
  }

  async findSlugsByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; slug: string }[] = await this.db.query(`SELECT id, slug FROM knowledge_groups WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.slug]));
  }

  countEntries(groupId: string): Promise<number> {
    return this.db.query(`SELECT count(*)::int AS n FROM entries WHERE group_id = $1`, [groupId]).then((r) => r[0].n);
  }

  /** group id → role, for one user. */
  async findRolesOfUser(userId: string): Promise<Map<string, GroupRole>> {
    const rows = await this.memberships.findBy({ userId });
    return new Map(rows.map((m) => [m.groupId, m.role]));
  }

  async findMembersWithNames(groupId: string): Promise<{ userId: string; name: string; role: GroupRole }[]> {
    return this.db.query(
      `SELECT m.user_id AS "userId", u.name, m.role FROM group_memberships m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = $1 ORDER BY m.role DESC, u.name`,
      [groupId],
    );
  }

  async upsertMembership(groupId: string, userId: string, role: GroupRole): Promise<void> {
    await this.db.query(
      `INSERT INTO group_memberships (group_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [groupId, userId, role],
    );
  }

  async deleteMembership(groupId: string, userId: string): Promise<boolean> {
    const result = await this.memberships.delete({ groupId, userId });
    return (result.affected ?? 0) > 0;
  }
}

function mapGroupColumns(r: Record<string, unknown>): Partial<GroupRow> {
  return {
    id: r.id as string,
    slug: r.slug as string,
    name: r.name as string,
    nameZh: r.name_zh as string,
    description: r.description as string,
    descriptionZh: r.description_zh as string,
    position: r.position as number,
    createdAt: r.created_at as Date,
  };
}
