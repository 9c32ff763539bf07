import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DatasetColumn, DatasetQuery, DatasetQueryParams, DatasetQueryResult } from '@knowledge-hub/shared';
import { notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { DatasetRowsRepository, rowsTable } from './dataset-rows.repository';
import { type DatasetRow, DatasetsRepository, type DatasetVersionRow } from './datasets.repository';
import { planQuery } from './query-plan';

export interface DatasetQueryAnswer {
  etag: string;
  /** The version was named: the answer never changes (immutable caching). */
  pinned: boolean;
  contentType: string;
  body: string;
}

/**
 * Queries over approved dataset versions: the public query API
 * (GET /api/public/datasets/:slug/data) and, in process, the charts
 * (`query`). Only approved versions are ever read here.
 */
@Injectable()
export class DatasetQueryService {
  constructor(
    private readonly datasets: DatasetsRepository,
    private readonly rows: DatasetRowsRepository,
  ) {}

  /** The dataset (by slug or id) and its approved version `version` (default: the newest approved), or 404. */
  async approvedVersion(slugOrId: string, version?: number): Promise<{ dataset: DatasetRow; version: DatasetVersionRow }> {
    const dataset = isUuid(slugOrId) ? await this.datasets.findById(slugOrId) : await this.datasets.findBySlug(slugOrId);
    if (!dataset) throw notFound('dataset_not_found', `Dataset ${slugOrId}`);
    const found = version === undefined ? await this.datasets.findLatestApproved(dataset.id) : await this.datasets.findVersionByNumber(dataset.id, version);
    if (found?.status !== 'approved') throw notFound('dataset_version_not_found', `Approved version ${version ?? ''} of ${dataset.slug}`.replace('  ', ' '));
    return { dataset, version: found as DatasetVersionRow };
  }

  /** For code in this process (charts): the rows a query answers, on an approved version. */
  async query(slugOrId: string, version: number | undefined, query: DatasetQuery): Promise<DatasetQueryResult> {
    const { version: v } = await this.approvedVersion(slugOrId, version);
    return this.run(v, query);
  }

  async run(version: DatasetVersionRow, query: DatasetQuery): Promise<DatasetQueryResult> {
    const plan = planQuery(version.columns, rowsTable(version.id), query);
    const rows = await this.rows.run(plan);
    const truncated = rows.length > plan.limit;
    return { version: version.number, columns: plan.columns, rows: truncated ? rows.slice(0, plan.limit) : rows, truncated };
  }

  /** The HTTP answer of the query API, with its ETag (the version's id and the query, normalised). */
  async answer(slug: string, params: DatasetQueryParams): Promise<DatasetQueryAnswer> {
    const { format, version: asked, ...query } = params;
    const { version } = await this.approvedVersion(slug, asked);
    const etag = `"${createHash('sha256')
      .update(JSON.stringify([version.id, format, query]))
      .digest('base64url')
      .slice(0, 32)}"`;
    const result = await this.run(version, query);
    return format === 'csv'
      ? { etag, pinned: asked !== undefined, contentType: 'text/csv; charset=utf-8', body: toCsv(result.columns, result.rows) }
      : { etag, pinned: asked !== undefined, contentType: 'application/json; charset=utf-8', body: JSON.stringify(result) };
  }
}

export function toCsv(columns: DatasetColumn[], rows: unknown[][]): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[columns.map((c) => cell(c.name)).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n')}\r\n`;
}
