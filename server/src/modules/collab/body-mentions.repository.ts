import { Injectable } from '@nestjs/common';
import type { GroupRole } from '@knowledge-hub/shared';
import { DataSource } from 'typeorm';

/** A mentioned user as the entry policy needs them: admin or not, and their role in the entry's group. */
export interface MentionedPerson {
  id: string;
  isAdmin: boolean;
  role: GroupRole | null;
}

/** One (entry, user) pair to record as handled. */
export interface BodyMentionRecord {
  userId: string;
  actorId: string | null;
  notified: boolean;
}

/** The (entry, user) pairs of body mentions already handled (table body_mentions). */
@Injectable()
export class BodyMentionsRepository {
  constructor(private readonly db: DataSource) {}

  async findGroupIdOfEntry(entryId: string): Promise<string | null> {
    const rows: { groupId: string }[] = await this.db.query(`SELECT group_id AS "groupId" FROM entries WHERE id = $1`, [entryId]);
    return rows[0]?.groupId ?? null;
  }

  /** Which of `userIds` were handled for the entry already. */
  async findHandledUsers(entryId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: { userId: string }[] = await this.db.query(`SELECT user_id AS "userId" FROM body_mentions WHERE entry_id = $1 AND user_id = ANY($2::uuid[])`, [
      entryId,
      userIds,
    ]);
    return new Set(rows.map((r) => r.userId));
  }

  /** The enabled accounts among `userIds`, each with their role in the group (null: not a member). */
  async findEnabledPeopleWithRole(groupId: string, userIds: string[]): Promise<MentionedPerson[]> {
    if (userIds.length === 0) return [];
    return this.db.query(
      `SELECT u.id, u.is_admin AS "isAdmin", m.role FROM users u
       LEFT JOIN group_memberships m ON m.user_id = u.id AND m.group_id = $1
       WHERE u.id = ANY($2::uuid[]) AND NOT u.disabled`,
      [groupId, userIds],
    );
  }

  /** How many body-mention notices each of `userIds` got since `since` (the per-user cap). */
  async countNoticesSince(userIds: string[], since: Date): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows: { userId: string; n: number }[] = await this.db.query(
      `SELECT user_id AS "userId", count(*)::int AS n FROM body_mentions
       WHERE user_id = ANY($1::uuid[]) AND notified AND created_at > $2 GROUP BY user_id`,
      [userIds, since],
    );
    return new Map(rows.map((r) => [r.userId, r.n]));
  }

  /**
   * Records the pairs; returns the users whose pair this call inserted. A pair
   * another instance (or an overlapping pass) recorded first is not returned,
   * so each user is told once however many passes race.
   */
  async claim(entryId: string, records: BodyMentionRecord[]): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    const rows: { userId: string }[] = await this.db.query(
      `INSERT INTO body_mentions (entry_id, user_id, actor_id, notified)
       SELECT $1, r.user_id, r.actor_id, r.notified
       FROM unnest($2::uuid[], $3::uuid[], $4::boolean[]) AS r(user_id, actor_id, notified)
       ON CONFLICT (entry_id, user_id) DO NOTHING
       RETURNING user_id AS "userId"`,
      [entryId, records.map((r) => r.userId), records.map((r) => r.actorId), records.map((r) => r.notified)],
    );
    return new Set(rows.map((r) => r.userId));
  }
}
