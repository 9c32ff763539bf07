import { DATASET_QUERY_MAX_ROWS, type DatasetChartSpec, type DatasetQuery } from '@knowledge-hub/shared';

/**
 * The one query a chart plots, as the in-process query (DatasetQueryService)
 * and as the public query API's URL that downloads exactly those rows as CSV:
 * both are built from the same spec here, so the download can never drift
 * from the picture.
 *
 * Columns: x, then the series column, then the y columns. With `agg`, rows are
 * grouped by x (and series) and the y columns aggregated.
 */

export function chartColumns(spec: DatasetChartSpec): { x: string; series: string | null; ys: string[] } {
  return { x: spec.x, series: spec.series ?? null, ys: Array.isArray(spec.y) ? spec.y : [spec.y] };
}

/** The column names a spec names twice (x, series and y must all differ), or []. */
export function repeatedColumns(spec: DatasetChartSpec): string[] {
  const { x, series, ys } = chartColumns(spec);
  const names = [x, ...(series ? [series] : []), ...ys];
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}

export function chartQuery(spec: DatasetChartSpec): DatasetQuery {
  const { x, series, ys } = chartColumns(spec);
  const query: DatasetQuery = { columns: [x, ...(series ? [series] : []), ...ys], limit: DATASET_QUERY_MAX_ROWS };
  if (spec.where && spec.where.length > 0) query.where = spec.where;
  if (spec.agg) {
    query.groupBy = [{ column: x }, ...(series ? [{ column: series }] : [])];
    query.agg = spec.agg;
  }
  return query;
}

/** `\` escapes the list separators of the query API's text parameters (see shared splitEscaped). */
function escapeListItem(name: string): string {
  return name.replace(/[\\,:]/g, (c) => `\\${c}`);
}

/** The public query API's URL (path and query) answering `query` on a version, as CSV. */
export function chartCsvUrl(slug: string, version: number, query: DatasetQuery): string {
  const params = new URLSearchParams();
  params.set('version', String(version));
  if (query.columns) params.set('columns', query.columns.map(escapeListItem).join(','));
  if (query.where && query.where.length > 0) params.set('where', JSON.stringify(query.where));
  if (query.groupBy && query.groupBy.length > 0) params.set('groupBy', query.groupBy.map((g) => escapeListItem(g.column)).join(','));
  if (query.agg) params.set('agg', query.agg);
  if (query.limit) params.set('limit', String(query.limit));
  params.set('format', 'csv');
  return `/api/public/datasets/${encodeURIComponent(slug)}/data?${params.toString()}`;
}
