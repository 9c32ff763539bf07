import { Injectable } from '@nestjs/common';
import type { JoinRequestStatus } from '@knowledge-hub/shared';
import { DataSource, type EntityManager } from 'typeorm';

/** A join request with the names of its group, as every read of one returns it. */
export interface JoinRequestRow {
  id: string;
  groupId: string;
  groupSlug: string;
  groupName: string;
  groupNameZh: string;
  userId: string;
  message: string;
  status: JoinRequestStatus;
  note: string | null;
  decidedBy: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

/** A pending request with who asked, for the group's moderators. */
export interface PendingJoinRequestRow extends JoinRequestRow {
  requesterName: string;
  requesterEmail: string;
}

/** Rows of `r` (join_requests or a CTE of its rows) joined with their group `g`. */
const COLUMNS = `r.id, r.group_id AS "groupId", g.slug AS "groupSlug", g.name AS "groupName", g.name_zh AS "groupNameZh",
  r.user_id AS "userId", r.message, r.status, r.note, r.decided_by AS "decidedBy", r.created_at AS "createdAt", r.decided_at AS "decidedAt"`;

/** Requests a person may list of their own: plenty for anyone, bounded for the answer. */
const MAX_OWN_REQUESTS = 200;
/** Pending requests a moderator's list shows at once, oldest first. */
const MAX_PENDING_LISTED = 500;

@Injectable()
export class JoinRequestsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * A pending request; null when the person has one pending for this group
   * already. The partial unique index (one pending per group and user)
   * decides, so of concurrent requests exactly one lands.
   */
  async insertPending(request: { groupId: string; userId: string; message: string }, tx: EntityManager): Promise<JoinRequestRow | null> {
    const rows: JoinRequestRow[] = await tx.query(
      `WITH r AS (
         INSERT INTO join_requests (group_id, user_id, message) VALUES ($1, $2, $3)
         ON CONFLICT (group_id, user_id) WHERE status = 'pending' DO NOTHING RETURNING *)
       SELECT ${COLUMNS} FROM r JOIN knowledge_groups g ON g.id = r.group_id`,
      [request.groupId, request.userId, request.message],
    );
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<JoinRequestRow | null> {
    const rows: JoinRequestRow[] = await this.db.query(`SELECT ${COLUMNS} FROM join_requests r JOIN knowledge_groups g ON g.id = r.group_id WHERE r.id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** The group's pending requests with the requesters' names and emails, oldest first (the order to answer them in). */
  findPendingForGroupWithRequesters(groupId: string): Promise<PendingJoinRequestRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS}, u.name AS "requesterName", u.email AS "requesterEmail"
       FROM join_requests r JOIN knowledge_groups g ON g.id = r.group_id JOIN users u ON u.id = r.user_id
       WHERE r.group_id = $1 AND r.status = 'pending' ORDER BY r.created_at, r.id LIMIT ${MAX_PENDING_LISTED}`,
      [groupId],
    );
  }

  /** The person's requests, pending and decided, newest first. */
  findOwn(userId: string): Promise<JoinRequestRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM join_requests r JOIN knowledge_groups g ON g.id = r.group_id
       WHERE r.user_id = $1 ORDER BY r.created_at DESC, r.id LIMIT ${MAX_OWN_REQUESTS}`,
      [userId],
    );
  }

  /**
   * Decides a pending request in one conditional statement: of concurrent
   * decisions the row lock lets one through and the others find it decided.
   * Null: it was not pending (any more).
   */
  async decide(
    id: string,
    decision: { status: Exclude<JoinRequestStatus, 'pending'>; decidedBy: string; note: string | null },
    tx: EntityManager,
  ): Promise<JoinRequestRow | null> {
    const rows: JoinRequestRow[] = await tx.query(
      `WITH r AS (
         UPDATE join_requests SET status = $2, decided_by = $3, note = $4, decided_at = now()
         WHERE id = $1 AND status = 'pending' RETURNING *)
       SELECT ${COLUMNS} FROM r JOIN knowledge_groups g ON g.id = r.group_id`,
      [id, decision.status, decision.decidedBy, decision.note],
    );
    return rows[0] ?? null;
  }

  /** Makes the person a contributor; a membership they gained meanwhile (an invitation, a moderator's hand) keeps its role. */
  async addContributor(groupId: string, userId: string, tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO group_memberships (group_id, user_id, role) VALUES ($1, $2, 'contributor') ON CONFLICT (group_id, user_id) DO NOTHING`, [
      groupId,
      userId,
    ]);
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
