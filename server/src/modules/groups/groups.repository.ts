import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { GroupRole } from '@knowledge-hub/shared';
import { GroupRow, MembershipRow } from '../../database/entities';

export interface GroupWithCount extends GroupRow {
  entryCount: number;
}

/** Group administration and membership changes, as recorded in people_audit. */

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

  /** Creates the group at the end of the list; null when another group has the slug (the unique index decides). */
  async insertGroup(
    group: { slug: string; name: string; nameZh: string; description: string; descriptionZh: string },
    tx: EntityManager,
  ): Promise<GroupRow | null> {
    const rows: Record<string, unknown>[] = await tx.query(
      `WITH created AS (
         INSERT INTO knowledge_groups (slug, name, name_zh, description, description_zh, position)
         VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(position), 0) + 1 FROM knowledge_groups))
         ON CONFLICT (slug) DO NOTHING RETURNING *)
       SELECT * FROM created`,
      [group.slug, group.name, group.nameZh, group.description, group.descriptionZh],
    );
    return rows[0] ? this.groups.create(mapGroupColumns(rows[0])) : null;
  }

  /** Changes what is given; `archived` sets archived_at (keeping the first archiving time) or clears it. */
  async updateGroup(
    id: string,
    changes: { name?: string; nameZh?: string; description?: string; descriptionZh?: string; archived?: boolean },
    tx: EntityManager,
  ): Promise<GroupRow> {
    const rows: Record<string, unknown>[] = await tx.query(
      `WITH changed AS (
         UPDATE knowledge_groups SET
           name = coalesce($2, name), name_zh = coalesce($3, name_zh),
           description = coalesce($4, description), description_zh = coalesce($5, description_zh),
           archived_at = CASE WHEN $6::boolean IS NULL THEN archived_at WHEN $6::boolean THEN coalesce(archived_at, now()) ELSE NULL END
         WHERE id = $1 RETURNING *)
       SELECT * FROM changed`,
      [id, changes.name ?? null, changes.nameZh ?? null, changes.description ?? null, changes.descriptionZh ?? null, changes.archived ?? null],
    );
    return this.groups.create(mapGroupColumns(rows[0]));
  }

  /** The members with their names and emails, moderators first. */
  findMembersWithEmails(groupId: string): Promise<{ userId: string; name: string; email: string; role: GroupRole }[]> {
    return this.db.query(
      `SELECT m.user_id AS "userId", u.name, u.email, m.role FROM group_memberships m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = $1 ORDER BY m.role DESC, u.name`,
      [groupId],
    );
  }

  /** One user's role in one group, or null; in a transaction its row stays locked until the change commits. */
  async findRole(groupId: string, userId: string, tx?: EntityManager): Promise<GroupRole | null> {
    const rows: { role: GroupRole }[] = await (tx ?? this.db.manager).query(
      `SELECT role FROM group_memberships WHERE group_id = $1 AND user_id = $2 FOR UPDATE`,
      [groupId, userId],
    );
    return rows[0]?.role ?? null;
  }

  async findMembersWithNames(groupId: string): Promise<{ userId: string; name: string; role: GroupRole }[]> {
    return this.db.query(
      `SELECT m.user_id AS "userId", u.name, m.role FROM group_memberships m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = $1 ORDER BY m.role DESC, u.name`,
      [groupId],
    );
  }

  async upsertMembership(groupId: string, userId: string, role: GroupRole, tx?: EntityManager): Promise<void> {
    await (tx ?? this.db.manager).query(
      `INSERT INTO group_memberships (group_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [groupId, userId, role],
    );
  }

  async deleteMembership(groupId: string, userId: string, tx?: EntityManager): Promise<boolean> {
    const result = await (tx ?? this.db.manager).delete(MembershipRow, { groupId, userId });
    return (result.affected ?? 0) > 0;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
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
    archivedAt: (r.archived_at as Date | null) ?? null,
    createdAt: r.created_at as Date,
  };
}
