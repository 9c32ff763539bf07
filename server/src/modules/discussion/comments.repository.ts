import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CommentAnchor } from '@knowledge-hub/shared';

export interface CommentRow {
  id: string;
  entryId: string;
  revisionId: string | null;
  parentId: string | null;
  authorId: string;
  authorName: string;
  body: string;
  mentions: string[];
  anchor: CommentAnchor | null;
  resolvedBy: string | null;
  resolvedByName: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
  editedAt: Date | null;
}

const COLUMNS = `c.id, c.entry_id AS "entryId", c.revision_id AS "revisionId", c.parent_id AS "parentId",
  c.author_id AS "authorId", a.name AS "authorName", c.body, c.mentions, c.anchor,
  c.resolved_by AS "resolvedBy", rb.name AS "resolvedByName", c.resolved_at AS "resolvedAt",
  c.created_at AS "createdAt", c.edited_at AS "editedAt"`;
const FROM = `comments c JOIN users a ON a.id = c.author_id LEFT JOIN users rb ON rb.id = c.resolved_by`;

/** Threads an entry may have at once in one answer: plenty for a team, bounded for the answer. */
const MAX_COMMENTS_LISTED = 5_000;

@Injectable()
export class CommentsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(c: {
    entryId: string;
    revisionId: string | null;
    parentId: string | null;
    authorId: string;
    body: string;
    mentions: string[];
    anchor: CommentAnchor | null;
  }): Promise<CommentRow> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO comments (entry_id, revision_id, parent_id, author_id, body, mentions, anchor) VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7) RETURNING id`,
      [c.entryId, c.revisionId, c.parentId, c.authorId, c.body, c.mentions, c.anchor === null ? null : JSON.stringify(c.anchor)],
    );
    return (await this.findById(rows[0].id))!;
  }

  async findById(id: string): Promise<CommentRow | null> {
    const rows: CommentRow[] = await this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The comments of the entry's draft threads (revisionId null) or of one revision's, oldest first. */
  findOfEntry(entryId: string, revisionId: string | null): Promise<CommentRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE c.entry_id = $1 AND c.revision_id IS NOT DISTINCT FROM $2::uuid
       ORDER BY c.created_at, c.id LIMIT ${MAX_COMMENTS_LISTED}`,
      [entryId, revisionId],
    );
  }

  /** Every comment of a thread, oldest (its root) first. */
  findThread(rootId: string): Promise<CommentRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1 OR c.parent_id = $1 ORDER BY c.created_at, c.id`, [rootId]);
  }

  async updateBody(id: string, body: string, mentions: string[]): Promise<void> {
    await this.db.query(`UPDATE comments SET body = $2, mentions = $3::uuid[], edited_at = now() WHERE id = $1`, [id, body, mentions]);
  }

  /** Deletes the comment (a thread's root takes its replies with it). */
  async delete(id: string): Promise<void> {
    await this.db.query(`DELETE FROM comments WHERE id = $1`, [id]);
  }

  async setResolved(rootId: string, by: string | null): Promise<void> {
    await this.db.query(`UPDATE comments SET resolved_by = $2, resolved_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END WHERE id = $1`, [rootId, by]);
  }

  /** The revision's entry, or null for an unknown revision. */
  async entryOfRevision(revisionId: string): Promise<string | null> {
    const rows: { entryId: string }[] = await this.db.query(`SELECT entry_id AS "entryId" FROM revisions WHERE id = $1`, [revisionId]);
    return rows[0]?.entryId ?? null;
  }

  /** Of these user ids, those who may read the group's comments: its members and admins (enabled accounts only). */
  async mentionable(groupId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await this.db.query(
      `SELECT u.id FROM users u LEFT JOIN group_memberships m ON m.user_id = u.id AND m.group_id = $1
       WHERE u.id = ANY($2::uuid[]) AND NOT u.disabled AND (u.is_admin OR m.role IS NOT NULL)`,
      [groupId, ids],
    );
    return rows.map((r) => r.id);
  }
}
