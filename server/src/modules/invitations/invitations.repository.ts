import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { GroupRole } from '@knowledge-hub/shared';

export interface InvitationRow {
  id: string;
  createdBy: string;
  email: string | null;
  groups: { groupId: string; role: GroupRole }[];
  maxUses: number;
  uses: number;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

/** A group an invitation leads into, with the names the join page shows. */
export interface InvitationGroupRef {
  groupId: string;
  slug: string;
  name: string;
  nameZh: string;
  role: GroupRole;
}

const COLUMNS = `id, created_by AS "createdBy", email, groups, max_uses AS "maxUses", uses,
  expires_at AS "expiresAt", revoked_at AS "revokedAt", created_at AS "createdAt"`;

@Injectable()
export class InvitationsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(
    invitation: { tokenHash: string; createdBy: string; email: string | null; groups: InvitationRow['groups']; maxUses: number; expiresInHours: number },
    tx: EntityManager,
  ): Promise<InvitationRow> {
    const rows: InvitationRow[] = await tx.query(
      `INSERT INTO invitations (token_hash, created_by, email, groups, max_uses, expires_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, now() + make_interval(hours => $6::int)) RETURNING ${COLUMNS}`,
      [invitation.tokenHash, invitation.createdBy, invitation.email, JSON.stringify(invitation.groups), invitation.maxUses, invitation.expiresInHours],
    );
    return rows[0];
  }

  async findById(id: string): Promise<InvitationRow | null> {
    const rows: InvitationRow[] = await this.db.query(`SELECT ${COLUMNS} FROM invitations WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByTokenHash(tokenHash: string, tx?: EntityManager): Promise<InvitationRow | null> {
    const rows: InvitationRow[] = await (tx ?? this.db.manager).query(`SELECT ${COLUMNS} FROM invitations WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  /** The creator's invitations that can still be accepted: not revoked, not expired, uses left. Newest first. */
  findLiveCreatedBy(userId: string): Promise<InvitationRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM invitations
       WHERE created_by = $1 AND revoked_at IS NULL AND expires_at > now() AND uses < max_uses
       ORDER BY created_at DESC LIMIT 500`,
      [userId],
    );
  }

  /** The invitation's groups that still exist, with their names. */
  findGroupRefs(invitation: InvitationRow): Promise<InvitationGroupRef[]> {
    return this.db.query(
      `SELECT g.id AS "groupId", g.slug, g.name, g.name_zh AS "nameZh", r.role
       FROM jsonb_to_recordset($1::jsonb) AS r("groupId" uuid, role text)
       JOIN knowledge_groups g ON g.id = r."groupId" ORDER BY g.position, g.slug`,
      [JSON.stringify(invitation.groups)],
    );
  }

  /**
   * Takes one use of the invitation if it is live, in one statement: under
   * concurrent accepts the row lock serialises the UPDATEs and each re-checks
   * `uses < max_uses` on the row as committed, so at most max_uses succeed.
   * Null: nothing was taken (expired, revoked or used up).
   */
  async takeUse(tokenHash: string, tx: EntityManager): Promise<InvitationRow | null> {
    // Through a CTE the statement is a SELECT, whose rows the driver returns as they are.
    const rows: InvitationRow[] = await tx.query(
      `WITH taken AS (
         UPDATE invitations SET uses = uses + 1
         WHERE token_hash = $1 AND uses < max_uses AND revoked_at IS NULL AND expires_at > now()
         RETURNING ${COLUMNS})
       SELECT * FROM taken`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Revokes a live invitation; false when it was revoked already. */
  async revoke(id: string, tx: EntityManager): Promise<boolean> {
    const rows: { id: string }[] = await tx.query(
      `WITH gone AS (UPDATE invitations SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM gone`,
      [id],
    );
    return rows.length > 0;
  }

  /** Creates the account; null when the email is taken (by a concurrent accept too: the unique index decides). */
  async insertUser(user: { email: string; name: string; passwordHash: string }, tx: EntityManager): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `WITH created AS (
         INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING RETURNING id)
       SELECT id FROM created`,
      [user.email, user.name, user.passwordHash],
    );
    return rows[0]?.id ?? null;
  }

  /** Adds the memberships; an existing membership keeps the higher role (an invitation never demotes a moderator). */
  async addMemberships(userId: string, groups: InvitationRow['groups'], tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO group_memberships (group_id, user_id, role)
       SELECT g.id, $1, r.role FROM jsonb_to_recordset($2::jsonb) AS r("groupId" uuid, role text)
       JOIN knowledge_groups g ON g.id = r."groupId"
       ON CONFLICT (group_id, user_id) DO UPDATE
         SET role = CASE WHEN group_memberships.role = 'moderator' THEN 'moderator' ELSE EXCLUDED.role END`,
      [userId, JSON.stringify(groups)],
    );
  }

  /**
   * Within `tx`, after taking the inviter's lock (so that concurrent invitations of one inviter are counted one
   * after the other): how many invitations `inviter` created since `since`, and to `email` since `emailSince`,
   * with the oldest of each (when the count drops).
   */
  async countRecent(
    inviter: string,
    since: Date,
    email: string | null,
    emailSince: Date,
    tx: EntityManager,
  ): Promise<{ total: number; oldest: Date | null; toEmail: number; oldestToEmail: Date | null }> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kh:invitations:' || $1::text))`, [inviter]);
    const [row] = await tx.query(
      `SELECT count(*) FILTER (WHERE created_at >= $2)::int AS total, min(created_at) FILTER (WHERE created_at >= $2) AS oldest,
              count(*) FILTER (WHERE email = $3 AND created_at >= $4)::int AS "toEmail",
              min(created_at) FILTER (WHERE email = $3 AND created_at >= $4) AS "oldestToEmail"
       FROM invitations WHERE created_by = $1 AND created_at >= LEAST($2, $4)`,
      [inviter, since, email, emailSince],
    );
    return row;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
