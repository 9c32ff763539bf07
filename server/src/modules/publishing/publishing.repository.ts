import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PublicGroupDto } from '@knowledge-hub/shared';

/**
 * The public read model: only entries with a published revision, and only
 * that revision's frozen content (never the live document). Every query
 * starts from entries.published_revision_id.
 */

/** A group as the public pages show it (the API's PublicGroupDto), with its id. */
export interface PublicGroupRow extends PublicGroupDto {
  id: string;
}

export interface PublishedEntryListRow {
  slug: string;
  title: string;
  summary: string;
  language: string;
  publishedAt: Date;
  groupSlug: string;
  groupName: string;
  groupNameZh: string;
}

export interface PublishedEntryRow extends PublishedEntryListRow {
  entryId: string;
  revisionNumber: number;
  html: string;
  approvedAt: Date;
  approvedBy: string;
  contributors: string[];
}

export interface SitemapRow {
  slug: string;
  publishedAt: Date;
  /** Every published page of the entry's pair, itself included (translations; absent for unpaired entries). */
  alternates?: { slug: string; language: string }[];
}

const GROUP_COLUMNS = `g.id, g.slug, g.name, g.name_zh AS "nameZh", g.description, g.description_zh AS "descriptionZh",
  (SELECT count(*)::int FROM entries e WHERE e.group_id = g.id AND e.published_revision_id IS NOT NULL AND e.archived_at IS NULL) AS "publishedCount"`;

const LIST_COLUMNS = `e.slug, r.title, r.summary, r.language, COALESCE(e.published_at, r.reviewed_at, r.submitted_at) AS "publishedAt",
  g.slug AS "groupSlug", g.name AS "groupName", g.name_zh AS "groupNameZh"`;

/** Approved by: the reviewer; contributors in the order the revision lists them (the submitter when it lists none). */
const DETAIL_COLUMNS = `${LIST_COLUMNS}, e.id AS "entryId", r.number AS "revisionNumber", r.html,
  COALESCE(r.reviewed_at, e.published_at, r.submitted_at) AS "approvedAt",
  COALESCE(reviewer.name, '') AS "approvedBy",
  CASE WHEN cardinality(r.contributor_ids) > 0
    THEN ARRAY(SELECT u.name FROM unnest(r.contributor_ids) WITH ORDINALITY AS c(id, ord) JOIN users u ON u.id = c.id ORDER BY c.ord)
    ELSE ARRAY(SELECT u.name FROM users u WHERE u.id = r.submitted_by)
  END AS contributors`;

/** Archived entries are not published: left out of every page, list, feed and sitemap (their page answers 410). */
const PUBLISHED_FROM = `FROM entries e
  JOIN revisions r ON r.id = e.published_revision_id AND e.archived_at IS NULL
  JOIN knowledge_groups g ON g.id = e.group_id`;

@Injectable()
export class PublishingRepository {
  constructor(private readonly db: DataSource) {}

  findGroupsWithPublishedCounts(): Promise<PublicGroupRow[]> {
    return this.db.query(`SELECT ${GROUP_COLUMNS} FROM knowledge_groups g ORDER BY g.position, g.slug`);
  }

  async findGroupBySlug(slug: string): Promise<PublicGroupRow | null> {
    const rows: PublicGroupRow[] = await this.db.query(`SELECT ${GROUP_COLUMNS} FROM knowledge_groups g WHERE g.slug = $1`, [slug]);
    return rows[0] ?? null;
  }

  findRecentlyPublished(limit: number): Promise<PublishedEntryListRow[]> {
    return this.db.query(`SELECT ${LIST_COLUMNS} ${PUBLISHED_FROM} ORDER BY e.published_at DESC NULLS LAST, e.slug LIMIT $1`, [limit]);
  }

  /** A group's published entries by title, as a reference index reads. */
  findPublishedInGroup(groupId: string, limit: number): Promise<PublishedEntryListRow[]> {
    return this.db.query(`SELECT ${LIST_COLUMNS} ${PUBLISHED_FROM} WHERE e.group_id = $1 ORDER BY lower(r.title), e.slug LIMIT $2`, [groupId, limit]);
  }

  async findPublishedEntryBySlug(slug: string): Promise<PublishedEntryRow | null> {
    const rows: PublishedEntryRow[] = await this.db.query(
      `SELECT ${DETAIL_COLUMNS} ${PUBLISHED_FROM} LEFT JOIN users reviewer ON reviewer.id = r.reviewed_by WHERE e.slug = $1`,
      [slug],
    );
    return rows[0] ?? null;
  }

  /** The published revision with its ProseMirror JSON (references included): the exports. */
  async findPublishedEntryDocumentBySlug(slug: string): Promise<(PublishedEntryRow & { pmJson: unknown }) | null> {
    const rows: (PublishedEntryRow & { pmJson: unknown })[] = await this.db.query(
      `SELECT ${DETAIL_COLUMNS}, r.pm_json AS "pmJson" ${PUBLISHED_FROM} LEFT JOIN users reviewer ON reviewer.id = r.reviewed_by WHERE e.slug = $1`,
      [slug],
    );
    return rows[0] ?? null;
  }

  /** The newest approvals, full content included (the Atom feed). */
  findNewestApprovals(limit: number): Promise<PublishedEntryRow[]> {
    return this.db.query(
      `SELECT ${DETAIL_COLUMNS} ${PUBLISHED_FROM} LEFT JOIN users reviewer ON reviewer.id = r.reviewed_by
       ORDER BY e.published_at DESC NULLS LAST, e.slug LIMIT $1`,
      [limit],
    );
  }

  findAllPublishedForSitemap(limit: number): Promise<SitemapRow[]> {
    return this.db.query(
      `SELECT e.slug, COALESCE(e.published_at, r.reviewed_at, r.submitted_at) AS "publishedAt" ${PUBLISHED_FROM}
       ORDER BY e.published_at DESC NULLS LAST, e.slug LIMIT $1`,
      [limit],
    );
  }
}
