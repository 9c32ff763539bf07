import { z } from 'zod';
import { MAX_NOTE_CHARS, MAX_TITLE_CHARS } from './limits.js';
import type { UserRef } from './moderation.js';

/**
 * Datasets (issue 12): a group's tables, uploaded as CSV/TSV, kept as
 * immutable versions that a moderator approves (the four-eyes rule of entry
 * revisions), queried by the public through the query API and charted.
 */

export const DATASET_COLUMN_TYPES = ['integer', 'number', 'date', 'boolean', 'category', 'text'] as const;
export type DatasetColumnType = (typeof DATASET_COLUMN_TYPES)[number];

export interface DatasetColumn {
  name: string;
  type: DatasetColumnType;
}

export type DatasetVersionStatus = 'pending' | 'approved' | 'changes_requested' | 'rejected';

/** Largest dataset file (the upload's bytes); the server may configure less (DATASET_MAX_UPLOAD_BYTES). */
export const MAX_DATASET_COLUMNS = 500;
export const MAX_DATASET_COLUMN_NAME_CHARS = 200;
export const MAX_DATASET_DESCRIPTION_CHARS = 10_000;
/** Rows a query answers at most (its `limit` cannot ask for more). */
export const DATASET_QUERY_MAX_ROWS = 10_000;
export const DATASET_QUERY_DEFAULT_ROWS = 10_000;
/** Conditions in one `where`, and values in one `in`. */
export const DATASET_QUERY_MAX_CONDITIONS = 20;
export const DATASET_QUERY_MAX_IN_VALUES = 500;
/** Longest query-string parameter of the query API (columns, where, groupBy). */
export const DATASET_QUERY_MAX_PARAM_CHARS = 8_000;
/** Rows shown on a dataset's public page. */
export const DATASET_PAGE_ROWS = 100;
/** Field names of the upload form (POST /api/datasets/:id/versions). */
export const DATASET_UPLOAD_FIELDS = { file: 'file', note: 'note', types: 'types', key: 'key' } as const;

const title = z.string().trim().min(1, 'A title is required').max(MAX_TITLE_CHARS);
/** An SPDX licence id (CC-BY-4.0, CC0-1.0, ODbL-1.0, …) or LicenseRef-…. */
const licence = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$/, 'An SPDX licence identifier, e.g. CC-BY-4.0');
const httpUrl = z
  .string()
  .trim()
  .max(2_000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'An http(s) address');

export const createDatasetBody = z.strictObject({
  title,
  titleZh: z.string().trim().max(MAX_TITLE_CHARS).optional(),
  description: z.string().trim().max(MAX_DATASET_DESCRIPTION_CHARS).default(''),
  licence,
  source: z.strictObject({ text: z.string().trim().min(1, 'Say where the data comes from').max(2_000), url: httpUrl.optional() }),
});
export type CreateDatasetBody = z.infer<typeof createDatasetBody>;

export interface CreateDatasetResponse {
  id: string;
  slug: string;
}

export interface DatasetDto {
  id: string;
  slug: string;
  groupSlug: string;
  title: string;
  titleZh: string;
  description: string;
  licence: string;
  source: { text: string; url: string | null };
  createdBy: UserRef;
  createdAt: string;
  /** The newest approved version's number, or null. */
  latestApproved: number | null;
}

/** What changed against the previous version (by number), computed at upload. */
export interface DatasetChanges {
  previous: number | null;
  columns: { added: string[]; removed: string[]; retyped: { name: string; from: DatasetColumnType; to: DatasetColumnType }[] };
  /**
   * Rows matched by `key` (the columns naming a row, unique in both versions);
   * without a usable key, by their values: then an edited row counts as one
   * removed and one added, and `changed` is null.
   */
  rows: { added: number; removed: number; changed: number | null };
  key: string[];
}

export interface DatasetVersionDto {
  id: string;
  datasetId: string;
  number: number;
  sha256: string;
  bytes: number;
  rows: number;
  columns: DatasetColumn[];
  status: DatasetVersionStatus;
  note: string;
  uploadedBy: UserRef;
  createdAt: string;
  review: { by: UserRef; at: string; note: string } | null;
  changes: DatasetChanges;
}

export interface DatasetDetailDto extends DatasetDto {
  /** Every version for the group's members and admins; approved ones only for others. */
  versions: DatasetVersionDto[];
}

export interface CreateDatasetVersionResponse {
  id: string;
  number: number;
  sha256: string;
  rows: number;
  columns: DatasetColumn[];
  status: 'pending';
}

/** A version as a moderator reviews it: its changes and a sample of the rows that changed. */
export interface DatasetVersionReviewDto extends DatasetVersionDto {
  datasetSlug: string;
  datasetTitle: string;
  groupSlug: string;
  previousColumns: DatasetColumn[] | null;
  sample: { added: unknown[][]; removed: unknown[][]; changed: { before: unknown[]; after: unknown[] }[] };
  allowed: { approve: boolean; requestChanges: boolean; reject: boolean; overrideSelfReview: boolean };
}

/** Body of the 400 csv_invalid answer, besides statusCode, code and message. */
export interface CsvInvalidDetails {
  /** 1-based line of the file where the problem is. */
  line: number;
  /** The column's name (or 1-based number when the header itself is wrong). */
  column?: string;
  reason: string;
}

/**
 * Column type overrides of an upload (`types` field): JSON `{"column": "type"}`
 * or `column:type,column:type`.
 */
export const datasetTypeOverrides = z.record(z.string().min(1).max(MAX_DATASET_COLUMN_NAME_CHARS), z.enum(DATASET_COLUMN_TYPES));
export type DatasetTypeOverrides = z.infer<typeof datasetTypeOverrides>;

export const datasetVersionNote = z.string().trim().max(MAX_NOTE_CHARS);

/* ------------------------------------------------------------------ query */

export const DATASET_WHERE_OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in'] as const;
export type DatasetWhereOp = (typeof DATASET_WHERE_OPS)[number];
export const DATASET_AGGS = ['sum', 'mean', 'min', 'max', 'count'] as const;
export type DatasetAgg = (typeof DATASET_AGGS)[number];
export const DATASET_TIME_BUCKETS = ['day', 'week', 'month', 'year'] as const;
export type DatasetTimeBucket = (typeof DATASET_TIME_BUCKETS)[number];

const columnName = z.string().min(1).max(MAX_DATASET_COLUMN_NAME_CHARS);
const scalar = z.union([z.string().max(1_000), z.number(), z.boolean()]);

/** One condition: the column's value compared with `value` (an array for `in`), in the column's type. */
export const datasetWhereClause = z
  .strictObject({ column: columnName, op: z.enum(DATASET_WHERE_OPS), value: z.union([scalar, z.array(scalar).min(1).max(DATASET_QUERY_MAX_IN_VALUES)]) })
  .refine((c) => (c.op === 'in') === Array.isArray(c.value), 'in takes a list of values; the other operators one value');
export type DatasetWhereClause = z.infer<typeof datasetWhereClause>;

/** Conditions that all hold (AND). The chart spec's `where` is this. */
export const datasetWhere = z.array(datasetWhereClause).max(DATASET_QUERY_MAX_CONDITIONS);
export type DatasetWhere = z.infer<typeof datasetWhere>;

/**
 * Splits on an unescaped separator; `\` escapes the next character (so a
 * column name or value may hold `:`, `;`, `|`, `,` or `\`).
 */
export function splitEscaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
    } else if (ch === sep) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** Drops the `\\` escapes of a list item. */
export function unescapeItem(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Splits on an unescaped separator, keeping escapes for the next split. */
function splitKeepingEscapes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + text[++i];
    } else if (ch === sep) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * The `where` query parameter: either JSON (an array of `{column, op, value}`)
 * or the text form `column:op:value` joined by `;`, with `in` values joined by
 * `|`, e.g. `country:in:France|Chile;date:ge:2021-01-01`. Values are strings
 * here; the server converts them to the column's type (400 when they do not fit).
 */
export const datasetWhereParam = z
  .string()
  .max(DATASET_QUERY_MAX_PARAM_CHARS)
  .transform((text, ctx): DatasetWhere => {
    const trimmed = text.trim();
    if (trimmed === '') return [];
    if (trimmed.includes('\u0000')) {
      ctx.addIssue({ code: 'custom', message: 'where holds a NUL character' });
      return z.NEVER;
    }
    let raw: unknown;
    if (trimmed.startsWith('[')) {
      try {
        raw = JSON.parse(trimmed);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'where is not valid JSON' });
        return z.NEVER;
      }
    } else {
      raw = splitKeepingEscapes(trimmed, ';')
        .filter((p) => p !== '')
        .map((part) => {
          const [column, op, ...rest] = splitKeepingEscapes(part, ':');
          const valueText = rest.join(':');
          const value = op === 'in' ? splitEscaped(valueText, '|') : unescapeItem(valueText);
          return { column: unescapeItem(column ?? ''), op, value };
        });
    }
    const parsed = datasetWhere.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return parsed.data;
  });

const listParam = z
  .string()
  .max(DATASET_QUERY_MAX_PARAM_CHARS)
  .transform((text) => (text === '' ? [] : splitEscaped(text, ',')));

export interface DatasetGroupBy {
  column: string;
  /** Dates only: the period rows are gathered by (the period's first day is answered). */
  bucket?: DatasetTimeBucket;
}

const groupByParam = z
  .string()
  .max(DATASET_QUERY_MAX_PARAM_CHARS)
  .transform((text, ctx): DatasetGroupBy[] => {
    if (text === '') return [];
    return splitKeepingEscapes(text, ',').map((part) => {
      const [column, bucket, ...rest] = splitKeepingEscapes(part, ':').map(unescapeItem);
      if (rest.length > 0 || (bucket !== undefined && !(DATASET_TIME_BUCKETS as readonly string[]).includes(bucket))) {
        ctx.addIssue({ code: 'custom', message: `groupBy: ${part} is not column or column:${DATASET_TIME_BUCKETS.join('|')}` });
      }
      return bucket ? { column, bucket: bucket as DatasetTimeBucket } : { column };
    });
  });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date YYYY-MM-DD');

/**
 * The query API's parameters (GET /api/public/datasets/:slug/data):
 * - `version`: a version number (default: the newest approved);
 * - `columns`: names joined by `,` (default: every column);
 * - `where`: see datasetWhereParam;
 * - `groupBy`: names joined by `,`, a date column may carry a bucket
 *   (`date:month`); the other selected columns are aggregated with `agg`
 *   (default `sum`);
 * - `agg` without `groupBy`: one row aggregating every matching row;
 * - `from`, `to`: inclusive bounds on the version's first date column;
 * - `limit`: at most DATASET_QUERY_MAX_ROWS (default DATASET_QUERY_DEFAULT_ROWS);
 * - `format`: json (DatasetQueryResult) or csv.
 */
export const datasetQueryParams = z.strictObject({
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
  columns: listParam.optional(),
  where: datasetWhereParam.optional(),
  groupBy: groupByParam.optional(),
  agg: z.enum(DATASET_AGGS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(DATASET_QUERY_MAX_ROWS).default(DATASET_QUERY_DEFAULT_ROWS),
  format: z.enum(['json', 'csv']).default('json'),
});
export type DatasetQueryParams = z.infer<typeof datasetQueryParams>;

/** A query as code passes it (DatasetQueryService.query), without the HTTP-only `format`. */
export interface DatasetQuery {
  columns?: string[];
  where?: DatasetWhere;
  groupBy?: DatasetGroupBy[];
  agg?: DatasetAgg;
  from?: string;
  to?: string;
  limit?: number;
}

export interface DatasetQueryResult {
  version: number;
  columns: DatasetColumn[];
  /** One array per row, values in `columns` order: numbers, booleans, strings (dates as YYYY-MM-DD), or null. */
  rows: unknown[][];
  /** More rows matched than `limit`. */
  truncated: boolean;
}

/* ------------------------------------------------------------------ charts */

export const CHART_TYPES = ['line', 'bar', 'area', 'scatter', 'table'] as const;

/** A chart of a dataset version (the editor node `datasetChart` has attrs `{datasetId, version, spec}`). */
export const datasetChartSpec = z.strictObject({
  type: z.enum(CHART_TYPES),
  x: columnName,
  y: z.union([columnName, z.array(columnName).min(1).max(20)]),
  series: columnName.optional(),
  where: datasetWhere.optional(),
  agg: z.enum(DATASET_AGGS).optional(),
  title: z.string().max(MAX_TITLE_CHARS).optional(),
  alt: z.string().max(2_000).optional(),
});
export type DatasetChartSpec = z.infer<typeof datasetChartSpec>;

/* ------------------------------------------------------------------ public */

export interface PublicDatasetDto {
  slug: string;
  title: string;
  titleZh: string;
  description: string;
  licence: string;
  source: { text: string; url: string | null };
  group: { slug: string; name: string; nameZh: string };
  latest: { number: number; sha256: string; rows: number; columns: DatasetColumn[]; approvedAt: string } | null;
  url: string;
}
