import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EntryKind, EntryStatus } from '@knowledge-hub/shared';

/** An entry row as the workspace lists show it (with its group's slug). */
export interface WorkspaceEntryRow {
  id: string;
  groupId: string;
  slug: string;
  groupSlug: string;
  kind: EntryKind;
  title: string;
  summary: string;
  status: EntryStatus;
  publishedRevisionId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SearchRow extends WorkspaceEntryRow {
  /** Title, summary, live body and published text, for the snippet. */
  text: string;
}

const ENTRY_COLUMNS = `e.id, e.group_id AS "groupId", e.slug, g.slug AS "groupSlug", e.kind, e.title, e.summary, e.status,
  e.published_revision_id AS "publishedRevisionId", e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

/** What the workspace search matches: the live title, summary and body, and the published text (the seed's entries have no live text yet). */
const SEARCHED_TEXT = `concat_ws(E'\\n', e.title, e.summary, e.live_text, r.text)`;

/** Entries the user created or edited (the collab engine records every editor in entry_contributors). */
const CONTRIBUTED_BY = `(e.created_by = $1 OR EXISTS (SELECT 1 FROM entry_contributors c WHERE c.entry_id = e.id AND c.user_id = $1))`;

/** Entries not yet published, or with a decision pending or asked for. */
const UNPUBLISHED_STATUSES = ['draft', 'in_review', 'changes_requested'];

@Injectable()
export class WorkspaceRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Entries (archived ones left out) whose text contains every one of `words`
   * (case-insensitive substrings, so Chinese matches without splitting), title
   * matches first, then the most recently edited.
   */
  searchEntries(words: string[], limit: number): Promise<SearchRow[]> {
    const patterns = words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const conditions = patterns.map((_, i) => `${SEARCHED_TEXT} ILIKE $${i + 2}`).join(' AND ');
    return this.db.query(
      `SELECT ${ENTRY_COLUMNS}, ${SEARCHED_TEXT} AS text
       FROM entries e JOIN knowledge_groups g ON g.id = e.group_id LEFT JOIN revisions r ON r.id = e.published_revision_id
       WHERE e.archived_at IS NULL AND ${conditions}
       ORDER BY (e.title ILIKE $2) DESC, e.updated_at DESC, e.id
       LIMIT $1`,
      [limit, ...patterns],
    );
  }

  findDraftsOf(userId: string, limit: number): Promise<WorkspaceEntryRow[]> {
    return this.db.query(
      `SELECT ${ENTRY_COLUMNS} FROM entries e JOIN knowledge_groups g ON g.id = e.group_id
       WHERE e.archived_at IS NULL AND e.status = ANY($2) AND ${CONTRIBUTED_BY}
       ORDER BY e.updated_at DESC, e.id LIMIT $3`,
      [userId, UNPUBLISHED_STATUSES, limit],
    );
  }

  findRecentlyEditedBy(userId: string, limit: number): Promise<WorkspaceEntryRow[]> {
    return this.db.query(
      `SELECT ${ENTRY_COLUMNS} FROM entries e JOIN knowledge_groups g ON g.id = e.group_id
       WHERE e.archived_at IS NULL AND ${CONTRIBUTED_BY}
       ORDER BY e.updated_at DESC, e.id LIMIT $2`,
      [userId, limit],
    );
  }

  /** The entry's group and archive state, locked for the rest of the transaction; null when there is no such entry. */
  async lockForArchive(tx: EntityManager, entryId: string): Promise<{ groupId: string; archivedAt: Date | null } | null> {
    const rows: { groupId: string; archivedAt: Date | null }[] = await tx.query(
      `SELECT group_id AS "groupId", archived_at AS "archivedAt" FROM entries WHERE id = $1 FOR UPDATE`,
      [entryId],
    );
    return rows[0] ?? null;
  }

  /** Sets (archivedBy given) or clears the archive mark; the new archived_at. */
  async setArchived(tx: EntityManager, entryId: string, archivedBy: string | null): Promise<Date | null> {
    // An UPDATE … RETURNING answers [rows, affected count] through TypeORM's Postgres driver.
    const [rows]: [{ archivedAt: Date | null }[], number] = await tx.query(
      archivedBy
        ? `UPDATE entries SET archived_at = now(), archived_by = $2 WHERE id = $1 RETURNING archived_at AS "archivedAt"`
        : `UPDATE entries SET archived_at = NULL, archived_by = NULL WHERE id = $1 RETURNING archived_at AS "archivedAt"`,
      archivedBy ? [entryId, archivedBy] : [entryId],
    );
    return rows[0]?.archivedAt ?? null;
  }

  async insertAuditEvent(tx: EntityManager, entryId: string, actorId: string, action: 'archived' | 'unarchived'): Promise<void> {
    await tx.query(`INSERT INTO audit_events (entry_id, actor_id, action) VALUES ($1, $2, $3)`, [entryId, actorId, action]);
  }
}
