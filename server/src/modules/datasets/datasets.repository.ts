import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DatasetChanges, DatasetColumn, DatasetVersionStatus } from '@knowledge-hub/shared';

export interface DatasetRow {
  id: string;
  slug: string;
  groupId: string;
  groupSlug: string;
  groupName: string;
  groupNameZh: string;
  title: string;
  titleZh: string;
  description: string;
  licence: string;
  sourceText: string;
  sourceUrl: string | null;
  createdBy: string;
  createdAt: Date;
  latestApproved: number | null;
}

export interface DatasetVersionRow {
  id: string;
  datasetId: string;
  number: number;
  sha256: string;
  bytes: number;
  filename: string;
  delimiter: string;
  rows: number;
  columns: DatasetColumn[];
  keyColumns: string[];
  changes: DatasetChanges;
  status: DatasetVersionStatus;
  note: string;
  uploadedBy: string;
  createdAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string;
}

const DATASET_SELECT = `
  SELECT d.id, d.slug, d.group_id AS "groupId", g.slug AS "groupSlug", g.name AS "groupName", g.name_zh AS "groupNameZh",
         d.title, d.title_zh AS "titleZh", d.description, d.licence, d.source_text AS "sourceText", d.source_url AS "sourceUrl",
         d.created_by AS "createdBy", d.created_at AS "createdAt",
         (SELECT max(v.number) FROM dataset_versions v WHERE v.dataset_id = d.id AND v.status = 'approved') AS "latestApproved"
    FROM datasets d JOIN knowledge_groups g ON g.id = d.group_id`;

const VERSION_SELECT = `
  SELECT v.id, v.dataset_id AS "datasetId", v.number, v.sha256, v.bytes::float8 AS bytes, v.filename, v.delimiter, v.rows, v.columns,
         v.key_columns AS "keyColumns", v.changes, v.status, v.note, v.uploaded_by AS "uploadedBy", v.created_at AS "createdAt",
         v.reviewed_by AS "reviewedBy", v.reviewed_at AS "reviewedAt", v.review_note AS "reviewNote"
    FROM dataset_versions v`;

/** The datasets and dataset_versions tables (the rows of a version: DatasetRowsRepository). */
@Injectable()
export class DatasetsRepository {
  constructor(private readonly db: DataSource) {}

  private q(tx?: EntityManager) {
    return tx ?? this.db.manager;
  }

  async insertDataset(
    d: {
      slug: string;
      groupId: string;
      title: string;
      titleZh: string;
      description: string;
      licence: string;
      sourceText: string;
      sourceUrl: string | null;
      createdBy: string;
    },
    tx?: EntityManager,
  ): Promise<string> {
    const [row] = await this.q(tx).query(
      `INSERT INTO datasets (slug, group_id, title, title_zh, description, licence, source_text, source_url, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [d.slug, d.groupId, d.title, d.titleZh, d.description, d.licence, d.sourceText, d.sourceUrl, d.createdBy],
    );
    return row.id;
  }

  async slugTaken(slug: string, tx?: EntityManager): Promise<boolean> {
    const rows = await this.q(tx).query(`SELECT 1 FROM datasets WHERE slug = $1`, [slug]);
    return rows.length > 0;
  }

  async findById(id: string, tx?: EntityManager): Promise<DatasetRow | null> {
    const [row] = await this.q(tx).query(`${DATASET_SELECT} WHERE d.id = $1`, [id]);
    return row ? withNumbers(row) : null;
  }

  async findBySlug(slug: string): Promise<DatasetRow | null> {
    const [row] = await this.db.query(`${DATASET_SELECT} WHERE d.slug = $1`, [slug]);
    return row ? withNumbers(row) : null;
  }

  async findOfGroup(groupId: string): Promise<DatasetRow[]> {
    const rows = await this.db.query(`${DATASET_SELECT} WHERE d.group_id = $1 ORDER BY d.created_at DESC, d.id`, [groupId]);
    return rows.map(withNumbers);
  }

  /** Datasets with at least one approved version (the public's), newest first. */
  async findPublished(groupId?: string): Promise<DatasetRow[]> {
    const rows = await this.db.query(
      `SELECT * FROM (${DATASET_SELECT} WHERE ($1::uuid IS NULL OR d.group_id = $1)) x WHERE x."latestApproved" IS NOT NULL ORDER BY x."createdAt" DESC, x.id`,
      [groupId ?? null],
    );
    return rows.map(withNumbers);
  }

  /**
   * Published entries whose published revision shows a chart of this dataset
   * (a frozen chart links to its dataset's page), newest publication first.
   */
  async findEntriesCharting(slug: string, limit = 50): Promise<{ slug: string; title: string }[]> {
    return this.db.query(
      `SELECT e.slug, e.title FROM entries e JOIN revisions r ON r.id = e.published_revision_id
        WHERE e.status = 'published' AND strpos(r.html, $1) > 0
        ORDER BY e.published_at DESC NULLS LAST, e.slug LIMIT $2`,
      [`href="/d/${slug}"`, limit],
    );
  }

  /**
   * Published datasets (an approved version) whose title, Chinese title,
   * description or a column name of an approved version contains every word
   * of the query (substring match: works for Chinese without splitting).
   */
  async searchPublished(words: string[], limit: number): Promise<DatasetRow[]> {
    if (words.length === 0) return [];
    const params: unknown[] = [];
    const conditions = words.map((w) => {
      params.push(`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const p = `$${params.length}`;
      return `(d.title ILIKE ${p} OR d.title_zh ILIKE ${p} OR d.description ILIKE ${p}
               OR EXISTS (SELECT 1 FROM dataset_versions v, jsonb_array_elements(v.columns) c
                           WHERE v.dataset_id = d.id AND v.status = 'approved' AND c->>'name' ILIKE ${p}))`;
    });
    params.push(limit);
    const rows = await this.db.query(
      `SELECT * FROM (${DATASET_SELECT} WHERE ${conditions.join(' AND ')}) x WHERE x."latestApproved" IS NOT NULL ORDER BY x."createdAt" DESC, x.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(withNumbers);
  }

  /** Approved versions, newest decision first, with their dataset (the feed). */
  findNewestApprovals(
    limit: number,
  ): Promise<(DatasetVersionRow & { slug: string; title: string; description: string; groupSlug: string; groupName: string })[]> {
    return this.db.query(
      `SELECT v.id, v.number, v.sha256, v.rows, v.columns, v.created_at AS "createdAt", v.reviewed_at AS "reviewedAt",
              d.slug, d.title, d.description, g.slug AS "groupSlug", g.name AS "groupName"
         FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id JOIN knowledge_groups g ON g.id = d.group_id
        WHERE v.status = 'approved' ORDER BY v.reviewed_at DESC, v.id LIMIT $1`,
      [limit],
    );
  }

  /** Locks the dataset row: versions are numbered (and decided) one at a time per dataset. */
  async lockDataset(id: string, tx: EntityManager): Promise<boolean> {
    const rows = await tx.query(`SELECT id FROM datasets WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length > 0;
  }

  async findVersion(id: string, tx?: EntityManager): Promise<DatasetVersionRow | null> {
    const [row] = await this.q(tx).query(`${VERSION_SELECT} WHERE v.id = $1`, [id]);
    return row ?? null;
  }

  async findVersionForUpdate(id: string, tx: EntityManager): Promise<DatasetVersionRow | null> {
    const [row] = await tx.query(`${VERSION_SELECT} WHERE v.id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async findVersionByNumber(datasetId: string, number: number): Promise<DatasetVersionRow | null> {
    const [row] = await this.db.query(`${VERSION_SELECT} WHERE v.dataset_id = $1 AND v.number = $2`, [datasetId, number]);
    return row ?? null;
  }

  async findLatestVersion(datasetId: string, tx?: EntityManager): Promise<DatasetVersionRow | null> {
    const [row] = await this.q(tx).query(`${VERSION_SELECT} WHERE v.dataset_id = $1 ORDER BY v.number DESC LIMIT 1`, [datasetId]);
    return row ?? null;
  }

  async findLatestApproved(datasetId: string): Promise<DatasetVersionRow | null> {
    const [row] = await this.db.query(`${VERSION_SELECT} WHERE v.dataset_id = $1 AND v.status = 'approved' ORDER BY v.number DESC LIMIT 1`, [datasetId]);
    return row ?? null;
  }

  findVersionsNewestFirst(datasetId: string, approvedOnly: boolean): Promise<DatasetVersionRow[]> {
    return this.db.query(`${VERSION_SELECT} WHERE v.dataset_id = $1 AND ($2::boolean = false OR v.status = 'approved') ORDER BY v.number DESC`, [
      datasetId,
      approvedOnly,
    ]);
  }

  async isBlobReferenced(sha256: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM dataset_versions WHERE sha256 = $1 LIMIT 1`, [sha256]);
    return rows.length > 0;
  }

  async insertVersion(v: Omit<DatasetVersionRow, 'status' | 'createdAt' | 'reviewedBy' | 'reviewedAt' | 'reviewNote'>, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO dataset_versions (id, dataset_id, number, sha256, bytes, filename, delimiter, rows, columns, key_columns, changes, note, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        v.id,
        v.datasetId,
        v.number,
        v.sha256,
        v.bytes,
        v.filename,
        v.delimiter,
        v.rows,
        JSON.stringify(v.columns),
        JSON.stringify(v.keyColumns),
        JSON.stringify(v.changes),
        v.note,
        v.uploadedBy,
      ],
    );
  }

  async setDecision(id: string, status: DatasetVersionStatus, reviewerId: string, note: string, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE dataset_versions SET status = $2, reviewed_by = $3, reviewed_at = now(), review_note = $4 WHERE id = $1`, [
      id,
      status,
      reviewerId,
      note,
    ]);
  }

  /** Pending versions in the given groups (all when null), oldest first, with what the review queue shows. */
  findPendingForGroups(
    groupIds: string[] | null,
  ): Promise<(DatasetVersionRow & { slug: string; title: string; groupId: string; groupSlug: string; groupName: string; groupNameZh: string })[]> {
    return this.db.query(
      `SELECT v.id, v.dataset_id AS "datasetId", v.number, v.changes, v.uploaded_by AS "uploadedBy", v.created_at AS "createdAt",
              d.slug, d.title, g.id AS "groupId", g.slug AS "groupSlug", g.name AS "groupName", g.name_zh AS "groupNameZh"
         FROM dataset_versions v
         JOIN datasets d ON d.id = v.dataset_id
         JOIN knowledge_groups g ON g.id = d.group_id
        WHERE v.status = 'pending' AND ($1::uuid[] IS NULL OR g.id = ANY($1::uuid[]))
        ORDER BY v.created_at, v.id`,
      [groupIds],
    );
  }
}

function withNumbers(row: DatasetRow): DatasetRow {
  return { ...row, latestApproved: row.latestApproved === null ? null : Number(row.latestApproved) };
}
