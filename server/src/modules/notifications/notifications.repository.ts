import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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
  /** `invited` only: the invitation and its token (see the migration 1765410000000 on why the token may be stored). */
  invitationId?: string | null;
  invitationToken?: string | null;
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
  invitationToken: string | null;
  /** The groups an `invited` notification's invitation grants (null for other kinds). */
  invitationGroups: { slug: string; name: string }[] | null;
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

/**
 * An invitation that can still be accepted (as invitations.repository.ts's takeUse decides). The token of
 * one that cannot is cleared when that happens (used, revoked); an expired one's is only withheld here.
 */
const LIVE_INVITATION = `li.revoked_at IS NULL AND li.uses < li.max_uses AND li.expires_at > now()`;
const COLUMNS = `n.id, n.user_id AS "userId", n.kind, n.actor_id AS "actorId", a.name AS "actorName",
  n.entry_id AS "entryId", e.title AS "entryTitle", e.slug AS "entrySlug", g.slug AS "groupSlug", g.name AS "groupName",
  n.revision_id AS "revisionId", r.number AS "revisionNumber", n.comment_id AS "commentId", n.text,
  CASE WHEN EXISTS (SELECT 1 FROM invitations li WHERE li.id = n.invitation_id AND ${LIVE_INVITATION}) THEN n.invitation_token END AS "invitationToken",
  (SELECT json_agg(json_build_object('slug', ig.slug, 'name', ig.name) ORDER BY ig.name)
     FROM invitations i CROSS JOIN LATERAL jsonb_to_recordset(i.groups) AS ir("groupId" uuid) JOIN knowledge_groups ig ON ig.id = ir."groupId"
     WHERE i.id = n.invitation_id) AS "invitationGroups",
  n.created_at AS "createdAt", n.read_at AS "readAt"`;
const FROM = `notifications n
  LEFT JOIN users a ON a.id = n.actor_id
  LEFT JOIN entries e ON e.id = n.entry_id
  LEFT JOIN knowledge_groups g ON g.id = COALESCE(n.group_id, e.group_id)
  LEFT JOIN revisions r ON r.id = n.revision_id`;

@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Inserts the notifications; their rows as read back. An `invited` one for an account that has an unread
   * one from the same inviter refreshes that one instead (the newest invitation, on top, unmailed): the
   * unique index of the migration 1765440000000 caps them at one, against a moderator inviting in a loop.
   * One call never holds two `invited` rows for the same account and inviter.
   */
  async insertMany(rows: NewNotification[]): Promise<NotificationRow[]> {
    if (rows.length === 0) return [];
    const ids: { id: string }[] = await this.db.query(
      // Told after the invitation's commit: a token it lost meanwhile (used, revoked) is not stored.
      `INSERT INTO notifications (user_id, kind, actor_id, entry_id, revision_id, group_id, comment_id, text, invitation_id, invitation_token)
       SELECT u.user_id, u.kind, u.actor_id, u.entry_id, u.revision_id, u.group_id, u.comment_id, u.text, u.invitation_id,
         CASE WHEN EXISTS (SELECT 1 FROM invitations li WHERE li.id = u.invitation_id AND ${LIVE_INVITATION}) THEN u.invitation_token END
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::uuid[], $10::text[])
         AS u(user_id, kind, actor_id, entry_id, revision_id, group_id, comment_id, text, invitation_id, invitation_token)
       ON CONFLICT (user_id, actor_id) WHERE kind = 'invited' AND read_at IS NULL DO UPDATE
         SET invitation_id = EXCLUDED.invitation_id, invitation_token = EXCLUDED.invitation_token, text = EXCLUDED.text,
             created_at = EXCLUDED.created_at, emailed_at = NULL
       RETURNING id`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.kind),
        rows.map((r) => r.actorId),
        rows.map((r) => r.entryId),
        rows.map((r) => r.revisionId),
        rows.map((r) => r.groupId),
        rows.map((r) => r.commentId),
        rows.map((r) => r.text),
        rows.map((r) => r.invitationId ?? null),
        rows.map((r) => r.invitationToken ?? null),
      ],
    );
    return this.findByIds(ids.map((r) => r.id));
  }

  /** Forgets the invitation's token in its `invited` notifications, in the transaction that used or revoked it. */
  async clearInvitationToken(invitationId: string, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE notifications SET invitation_token = NULL WHERE invitation_id = $1 AND invitation_token IS NOT NULL`, [invitationId]);
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
   * Claims `day`'s digest of every account that wants one and has notifications to get (unread, not mailed
   * yet, since `since`): its row in notification_digests (the key makes the claim, once per account and day
   * across instances) with the notifications it marks as mailed. The ids of those notifications.
   */
  async claimDigestsOfDay(day: string, since: Date): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const claimed: { user_id: string }[] = await tx.query(
        `WITH c AS (
           INSERT INTO notification_digests (user_id, day)
           SELECT DISTINCT n.user_id, $1::date FROM notifications n JOIN users u ON u.id = n.user_id
           WHERE u.notification_email = 'daily' AND NOT u.disabled AND n.read_at IS NULL AND n.emailed_at IS NULL AND n.created_at >= $2
           ON CONFLICT DO NOTHING RETURNING user_id)
         SELECT user_id FROM c`,
        [day, since],
      );
      if (claimed.length === 0) return [];
      const mailed: { id: string }[] = await tx.query(
        // (A data-modifying statement in a WITH, so that the driver gives back rows, not [rows, count].)
        `WITH m AS (
           UPDATE notifications SET emailed_at = now()
           WHERE user_id = ANY($1::uuid[]) AND read_at IS NULL AND emailed_at IS NULL AND created_at >= $2 RETURNING id)
         SELECT id FROM m`,
        [claimed.map((c) => c.user_id), since],
      );
      await tx.query(
        `UPDATE notification_digests d SET notification_ids = m.ids
         FROM (SELECT user_id, array_agg(id) AS ids FROM notifications WHERE id = ANY($2::uuid[]) GROUP BY user_id) m
         WHERE d.user_id = m.user_id AND d.day = $1::date`,
        [day, mailed.map((m) => m.id)],
      );
      return mailed.map((m) => m.id);
    });
  }

  /** The SMTP server accepted the digest: it is sent, never released. */
  async markDigestSent(userId: string, day: string): Promise<void> {
    await this.db.query(`UPDATE notification_digests SET sent_at = now() WHERE user_id = $1 AND day = $2::date`, [userId, day]);
  }

  /** A digest that could not be sent gives its claim back: its notifications go in the next one. */
  async releaseDigest(userId: string, day: string, ids: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM notification_digests WHERE user_id = $1 AND day = $2::date`, [userId, day]);
      await tx.query(`UPDATE notifications SET emailed_at = NULL WHERE id = ANY($1::uuid[])`, [ids]);
    });
  }

  /**
   * Releases the digests claimed before `claimedBefore` and never sent (the run that claimed them stopped
   * before mailing them): their notifications are not mailed yet again, for the run that asks. How many.
   */
  async releaseStaleDigests(claimedBefore: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      const stale: { user_id: string; day: string; notification_ids: string[] }[] = await tx.query(
        `SELECT user_id, day::text AS day, notification_ids FROM notification_digests
         WHERE sent_at IS NULL AND claimed_at < $1 FOR UPDATE SKIP LOCKED`,
        [claimedBefore],
      );
      for (const d of stale) {
        await tx.query(`UPDATE notifications SET emailed_at = NULL WHERE id = ANY($1::uuid[])`, [d.notification_ids]);
        await tx.query(`DELETE FROM notification_digests WHERE user_id = $1 AND day = $2::date`, [d.user_id, d.day]);
      }
      return stale.length;
    });
  }

  /** Claims `day`'s scheduled run for this instance; false when another instance (or an earlier start) has it. */
  async claimDigestRun(day: string): Promise<boolean> {
    const rows: { day: string }[] = await this.db.query(
      `INSERT INTO notification_digest_runs (day) VALUES ($1::date) ON CONFLICT DO NOTHING RETURNING day::text`,
      [day],
    );
    return rows.length === 1;
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

  /** Who may decide the group's join requests (its moderators and the admins, as join-requests.policy.ts says), enabled. */
  async joinRequestDecidersOfGroup(groupId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT m.user_id AS id FROM group_memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 AND m.role = 'moderator' AND NOT u.disabled
       UNION SELECT id FROM users WHERE is_admin AND NOT disabled`,
      [groupId],
    );
    return rows.map((r) => r.id);
  }

  /** The enabled account with this email, if any. */
  async enabledAccountByEmail(email: string): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM users WHERE email = lower($1) AND NOT disabled`, [email]);
    return rows[0]?.id ?? null;
  }

  async moderatorsOfGroup(groupId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT m.user_id AS id FROM group_memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 AND m.role = 'moderator' AND NOT u.disabled`,
      [groupId],
    );
    return rows.map((r) => r.id);
  }
}
