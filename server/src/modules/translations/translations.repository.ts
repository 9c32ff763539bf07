import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** One entry of a pair (the source or one of its translations). Archived entries count as unpublished: readers never see them. */
export interface PairMemberRow {
  entryId: string;
  slug: string;
  title: string;
  language: string;
  translationOf: string | null;
  published: boolean;
  /** The published revision's id and number (null when not published). */
  publishedRevisionId: string | null;
  publishedNumber: number | null;
  /** A translation's sync point: the source revision number it was last brought up to (null for sources). */
  syncedNumber: number | null;
  syncedRevisionId: string | null;
}

/**
 * A translation's sync point: the source revision named by its newest
 * *approved* revision that claims one (revisions.synced_to_revision_id), else
 * the source revision it was pre-filled from. A claim waiting for review does
 * not count: marking a translation up to date is reviewed like any change.
 */
const SYNCED_REVISION_ID = `COALESCE(
  (SELECT r.synced_to_revision_id FROM revisions r
    WHERE r.entry_id = e.id AND r.status = 'approved' AND r.synced_to_revision_id IS NOT NULL
    ORDER BY r.number DESC LIMIT 1),
  e.translation_synced_revision_id)`;

/** An entry's language: a translation's own; else its published revision's, its newest revision's, or English. */
const LANGUAGE = `COALESCE(e.language,
  (SELECT r.language FROM revisions r WHERE r.entry_id = e.id ORDER BY (r.id = e.published_revision_id) DESC, r.number DESC LIMIT 1),
  'en')`;

const MEMBER_COLUMNS = `e.id AS "entryId", e.slug, e.title, ${LANGUAGE} AS language, e.translation_of AS "translationOf",
  (e.published_revision_id IS NOT NULL AND e.archived_at IS NULL) AS published, e.published_revision_id AS "publishedRevisionId",
  (SELECT p.number FROM revisions p WHERE p.id = e.published_revision_id) AS "publishedNumber",
  CASE WHEN e.translation_of IS NULL THEN NULL ELSE (SELECT s.number FROM revisions s WHERE s.id = ${SYNCED_REVISION_ID}) END AS "syncedNumber",
  CASE WHEN e.translation_of IS NULL THEN NULL ELSE ${SYNCED_REVISION_ID} END AS "syncedRevisionId"`;

@Injectable()
export class TranslationsRepository {
  constructor(private readonly db: DataSource) {}

  /** The source and every translation of the pair `entryId` belongs to (itself included), source first. */
  findPairOf(entryId: string): Promise<PairMemberRow[]> {
    return this.db.query(
      `WITH root AS (SELECT COALESCE(translation_of, id) AS id FROM entries WHERE id = $1)
       SELECT ${MEMBER_COLUMNS} FROM entries e, root
       WHERE e.id = root.id OR e.translation_of = root.id
       ORDER BY e.translation_of IS NOT NULL, e.language, e.slug`,
      [entryId],
    );
  }

  async translationExists(sourceId: string, language: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM entries WHERE translation_of = $1 AND language = $2`, [sourceId, language]);
    return rows.length > 0;
  }

  /** The id of the source's approved revision numbered `number`, or null. */
  async findApprovedRevisionId(entryId: string, number: number): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM revisions WHERE entry_id = $1 AND number = $2 AND status = 'approved'`, [
      entryId,
      number,
    ]);
    return rows[0]?.id ?? null;
  }

  /** The first approved revision of the entry numbered above `after` (where a translation synced to `after` fell behind). */
  async findFirstApprovedAfter(entryId: string, after: number): Promise<number | null> {
    const rows: { number: number | null }[] = await this.db.query(
      `SELECT min(number) AS number FROM revisions WHERE entry_id = $1 AND status = 'approved' AND number > $2`,
      [entryId, after],
    );
    return rows[0]?.number ?? null;
  }

  async findPmJson(revisionId: string): Promise<unknown> {
    const rows: { pm_json: unknown }[] = await this.db.query(`SELECT pm_json FROM revisions WHERE id = $1`, [revisionId]);
    return rows[0]?.pm_json ?? null;
  }

  /**
   * Records the sync point a revision claims, in the transaction that inserts
   * the revision (see RevisionsService.submit's withRevision): the claim is
   * committed with the revision or not at all.
   */
  async recordSyncClaim(revisionId: string, sourceRevisionId: string, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE revisions SET synced_to_revision_id = $2 WHERE id = $1`, [revisionId, sourceRevisionId]);
  }

  /** The newest pending revision of the entry that claims a sync point, with the claimed source revision's number. */
  async findPendingClaim(entryId: string): Promise<{ revisionId: string; revisionNumber: number; syncedTo: number } | null> {
    const rows: { revisionId: string; revisionNumber: number; syncedTo: number }[] = await this.db.query(
      `SELECT r.id AS "revisionId", r.number AS "revisionNumber", s.number AS "syncedTo"
       FROM revisions r JOIN revisions s ON s.id = r.synced_to_revision_id
       WHERE r.entry_id = $1 AND r.status = 'pending' ORDER BY r.number DESC LIMIT 1`,
      [entryId],
    );
    return rows[0] ?? null;
  }

  /** Every published entry that has a published partner, with its pair's root (the source's id) and language: sitemap alternates. */
  findPublishedPairMembers(): Promise<{ slug: string; root: string; language: string }[]> {
    return this.db.query(
      `SELECT e.slug, COALESCE(e.translation_of, e.id) AS root, r.language
       FROM entries e JOIN revisions r ON r.id = e.published_revision_id AND e.archived_at IS NULL
       WHERE (e.translation_of IS NOT NULL
              AND EXISTS (SELECT 1 FROM entries s WHERE s.id = e.translation_of AND s.published_revision_id IS NOT NULL AND s.archived_at IS NULL))
          OR EXISTS (SELECT 1 FROM entries t WHERE t.translation_of = e.id AND t.published_revision_id IS NOT NULL AND t.archived_at IS NULL)
       ORDER BY root, r.language, e.slug`,
    );
  }
}
