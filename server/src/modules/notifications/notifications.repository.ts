import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Locale, NotificationEmailMode, NotificationKind } from '@knowledge-hub/shared';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  actorId: string | null;
  entryId: string | null;
  revisionId: string | null;
  groupId: string | null;
  commentId: string | null;
  text: string;
}

/** A notification with the names it shows, as every read returns it. */
export interface NotificationRow {
  id: string;
  userId: string;
  kind: NotificationKind;
  actorId: string | null;
  actorName: string | null;
  entryId: string | null;
  entryTitle: string | null;
  entrySlug: string | null;
  groupSlug: string | null;
  groupName: string | null;
  revisionId: string | null;
  revisionNumber: number | null;
  commentId: string | null;
  text: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  mode: NotificationEmailMode;
}

const COLUMNS = `n.id, n.user_id AS "userId", n.kind, n.actor_id AS "actorId", a.name AS "actorName",
  n.entry_id AS "entryId", e.title AS "entryTitle", e.slug AS "entrySlug", g.slug AS "groupSlug", g.name AS "groupName",
  n.revision_id AS "revisionId", r.number AS "revisionNumber", n.comment_id AS "commentId", n.text,
  n.created_at AS "createdAt", n.read_at AS "readAt"`;
const FROM = `notifications n
  LEFT JOIN users a ON a.id = n.actor_id
  LEFT JOIN entries e ON e.id = n.entry_id
  LEFT JOIN knowledge_groups g ON g.id = COALESCE(n.group_id, e.group_id)
  LEFT JOIN revisions r ON r.id = n.revision_id`;

@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: DataSource) {}

  async insertMany(rows: NewNotification[]): Promise<NotificationRow[]> {
    if (rows.length === 0) return [];
    const ids: { id: string }[] = await this.db.query(
      `INSERT INTO notifications (user_id, kind, actor_id, entry_id, revision_id, group_id, comment_id, text)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[]) RETURNING id`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.kind),
        rows.map((r) => r.actorId),
        rows.map((r) => r.entryId),
        rows.map((r) => r.revisionId),
        rows.map((r) => r.groupId),
        rows.map((r) => r.commentId),
        rows.map((r) => r.text),
      ],
    );
    return this.findByIds(ids.map((r) => r.id));
  }

  findByIds(ids: string[]): Promise<NotificationRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE n.id = ANY($1::uuid[]) ORDER BY n.created_at, n.id`, [ids]);
  }

  /** The user's notifications, newest first, created before `before` (all when null). */
  findPageOfUser(userId: string, o: { before: Date | null; limit: number; unreadOnly: boolean }): Promise<NotificationRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM ${FROM}
       WHERE n.user_id = $1 AND ($2::timestamptz IS NULL OR n.created_at < $2) AND (NOT $3 OR n.read_at IS NULL)
       ORDER BY n.created_at DESC, n.id DESC LIMIT $4`,
      [userId, o.before, o.unreadOnly, o.limit],
    );
  }

  async countUnread(userId: string): Promise<number> {
    const rows: { n: string }[] = await this.db.query(`SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return Number(rows[0].n);
  }

  /** Marks the user's own notifications read (ids of others' are ignored); null: all of them. */
  async markRead(userId: string, ids: string[] | null): Promise<void> {
    await this.db.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`, [
      userId,
      ids,
    ]);
  }

  async findRecipients(ids: string[]): Promise<Recipient[]> {
    return this.db.query(`SELECT id, email, name, locale, notification_email AS mode FROM users WHERE id = ANY($1::uuid[]) AND NOT disabled`, [ids]);
  }

  async emailMode(userId: string): Promise<NotificationEmailMode> {
    const rows: { mode: NotificationEmailMode }[] = await this.db.query(`SELECT notification_email AS mode FROM users WHERE id = $1`, [userId]);
    return rows[0]?.mode ?? 'daily';
  }

  async setEmailMode(userId: string, mode: NotificationEmailMode): Promise<void> {
    await this.db.query(`UPDATE users SET notification_email = $2 WHERE id = $1`, [userId, mode]);
  }

  /**
   * Claims the unread, never mailed notifications since `since` of the accounts
   * that want a daily digest (marked mailed in the same statement, so two
   * instances never send the same digest); their ids.
   */
  async claimDigestDue(since: Date): Promise<string[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `UPDATE notifications n SET emailed_at = now() FROM users u
       WHERE u.id = n.user_id AND u.notification_email = 'daily' AND NOT u.disabled
         AND n.read_at IS NULL AND n.emailed_at IS NULL AND n.created_at >= $1
       RETURNING n.id`,
      [since],
    );
    return rows.map((r) => r.id);
  }

  async markEmailed(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.db.query(`UPDATE notifications SET emailed_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Who wrote the entry: everyone with counted edits, and its creator. */
  async contributorsOfEntry(entryId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT user_id AS id FROM entry_authorship WHERE entry_id = $1 AND edits > 0
       UNION SELECT created_by FROM entries WHERE id = $1`,
      [entryId],
    );
    return rows.map((r) => r.id);
  }

  async moderatorsOfGroup(groupId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT m.user_id AS id FROM group_memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 AND m.role = 'moderator' AND NOT u.disabled`,
      [groupId],
    );
    return rows.map((r) => r.id);
  }
}
