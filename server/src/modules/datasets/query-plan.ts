import {
  type DatasetAgg,
  DATASET_AGGS,
  DATASET_TIME_BUCKETS,
  type DatasetColumn,
  type DatasetColumnType,
  type DatasetQuery,
  DATASET_QUERY_DEFAULT_ROWS,
  DATASET_QUERY_MAX_ROWS,
  type DatasetWhereClause,
} from '@knowledge-hub/shared';
import { DomainError } from '../../common/domain-error';
import { isBoolean, isDate, isInteger, isNumber } from './column-types';

/**
 * A query over one version's rows, as SQL (pure; query-plan.spec.ts). Nothing
 * the caller sends is ever part of the SQL text: column names are looked up in
 * the version's schema and replaced by the table's own column names (`c<i>`,
 * `_line`), values become parameters with the column's type, operators and
 * aggregates come from fixed tables below. Anything else is 400
 * validation_failed.
 */

export interface QueryPlan {
  sql: string;
  params: unknown[];
  columns: DatasetColumn[];
  limit: number;
}

const SQL_TYPE: Record<DatasetColumnType, string> = {
  integer: 'bigint',
  number: 'float8',
  date: 'date',
  boolean: 'boolean',
  category: 'text',
  text: 'text',
};

export function sqlTypeOf(type: DatasetColumnType): string {
  return SQL_TYPE[type];
}

/** The table's column name of schema column `index`. */
export function physical(index: number): string {
  return `c${index}`;
}

const OP_SQL = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

/** A value as JSON can carry it: integers and numbers as float8 (integers are within 2^53), dates as YYYY-MM-DD. */
export function selectExpr(expr: string, type: DatasetColumnType): string {
  switch (type) {
    case 'integer':
    case 'number':
      return `(${expr})::float8`;
    case 'date':
      return `to_char(${expr}, 'YYYY-MM-DD')`;
    default:
      return expr;
  }
}

function invalid(message: string, path: string): DomainError {
  return new DomainError('validation_failed', message, [{ path, message }]);
}

export function planQuery(schema: readonly DatasetColumn[], table: string, query: DatasetQuery): QueryPlan {
  const index = new Map(schema.map((c, i) => [c.name, i]));
  const resolve = (name: string, path: string): number => {
    const i = index.get(name);
    if (i === undefined) throw invalid(`No column is named ${JSON.stringify(name)}`, path);
    return i;
  };
  const limit = query.limit ?? DATASET_QUERY_DEFAULT_ROWS;
  if (!Number.isInteger(limit) || limit < 1 || limit > DATASET_QUERY_MAX_ROWS) throw invalid(`limit must be 1 to ${DATASET_QUERY_MAX_ROWS}`, 'limit');

  const params: unknown[] = [];
  const param = (value: unknown, type: string) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };

  const conditions: string[] = [];
  for (const [n, clause] of (query.where ?? []).entries()) conditions.push(condition(clause, n));
  if (query.from !== undefined || query.to !== undefined) {
    const dateIndex = schema.findIndex((c) => c.type === 'date');
    if (dateIndex < 0) throw invalid('from and to need a date column, and this version has none', query.from !== undefined ? 'from' : 'to');
    for (const [bound, op] of [
      [query.from, '>='],
      [query.to, '<='],
    ] as const) {
      if (bound === undefined) continue;
      if (!isDate(bound)) throw invalid(`${bound} is not a date (YYYY-MM-DD)`, op === '>=' ? 'from' : 'to');
      conditions.push(`${physical(dateIndex)} ${op} ${param(bound, 'date')}`);
    }
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';

  const selected = query.columns && query.columns.length > 0 ? query.columns : schema.map((c) => c.name);
  const selectedIdx = selected.map((name) => resolve(name, 'columns'));
  if (new Set(selectedIdx).size !== selectedIdx.length) throw invalid('columns names a column twice', 'columns');

  const groupBy = query.groupBy ?? [];
  if (groupBy.length === 0 && !query.agg) {
    const exprs = selectedIdx.map((i) => selectExpr(physical(i), schema[i].type));
    return {
      sql: `SELECT ${exprs.join(', ')} FROM "${table}" ${where} ORDER BY _line LIMIT ${limit + 1}`,
      params,
      columns: selectedIdx.map((i) => schema[i]),
      limit,
    };
  }

  const agg: DatasetAgg = query.agg ?? 'sum';
  if (!DATASET_AGGS.includes(agg)) throw invalid(`agg must be one of ${DATASET_AGGS.join(', ')}`, 'agg');
  const outColumns: DatasetColumn[] = [];
  const exprs: string[] = [];
  const groupIdx = new Set<number>();
  for (const g of groupBy) {
    const i = resolve(g.column, 'groupBy');
    if (groupIdx.has(i)) throw invalid('groupBy names a column twice', 'groupBy');
    groupIdx.add(i);
    const col = schema[i];
    let expr = physical(i);
    if (g.bucket) {
      if (!(DATASET_TIME_BUCKETS as readonly string[]).includes(g.bucket)) throw invalid(`groupBy: no bucket is named ${JSON.stringify(g.bucket)}`, 'groupBy');
      if (col.type !== 'date') throw invalid(`${col.name} is not a date: it has no ${g.bucket}s`, 'groupBy');
      expr = `date_trunc('${g.bucket}', ${expr})::date`;
    }
    exprs.push(selectExpr(expr, col.type));
    outColumns.push(col);
  }
  for (const i of selectedIdx) {
    if (groupIdx.has(i)) continue;
    const col = schema[i];
    const numeric = col.type === 'integer' || col.type === 'number';
    if ((agg === 'sum' || agg === 'mean') && !numeric) throw invalid(`${agg} needs numbers, and ${col.name} is ${col.type}`, 'agg');
    const c = physical(i);
    switch (agg) {
      case 'sum':
        exprs.push(`(sum(${c}))::float8`);
        outColumns.push({ name: col.name, type: col.type });
        break;
      case 'mean':
        exprs.push(`(avg(${c}))::float8`);
        outColumns.push({ name: col.name, type: 'number' });
        break;
      case 'count':
        exprs.push(`(count(${c}))::float8`);
        outColumns.push({ name: col.name, type: 'integer' });
        break;
      case 'min':
      case 'max':
        exprs.push(selectExpr(`${agg}(${c})`, col.type));
        outColumns.push(col);
        break;
    }
  }
  if (exprs.length === 0) throw invalid('Nothing to answer: name columns to aggregate or group by', 'columns');
  const positions = groupBy.map((_, n) => String(n + 1)).join(', ');
  const grouping = groupBy.length > 0 ? `GROUP BY ${positions} ORDER BY ${positions}` : '';
  return { sql: `SELECT ${exprs.join(', ')} FROM "${table}" ${where} ${grouping} LIMIT ${limit + 1}`, params, columns: outColumns, limit };

  function condition(clause: DatasetWhereClause, n: number): string {
    const path = `where.${n}`;
    const i = resolve(clause.column, `${path}.column`);
    const type = schema[i].type;
    const c = physical(i);
    if (clause.op === 'in') {
      if (!Array.isArray(clause.value)) throw invalid('in takes a list of values', `${path}.value`);
      const values = (clause.value as unknown[]).map((v) => typed(v, type, `${path}.value`));
      return `${c} = ANY(${param(values, `${SQL_TYPE[type]}[]`)})`;
    }
    if (!Object.hasOwn(OP_SQL, clause.op)) throw invalid(`No operator is named ${JSON.stringify(clause.op)}`, `${path}.op`);
    if (Array.isArray(clause.value)) throw invalid(`${clause.op} takes one value`, `${path}.value`);
    return `${c} ${OP_SQL[clause.op]} ${param(typed(clause.value, type, `${path}.value`), SQL_TYPE[type])}`;
  }
}

/** A condition's value in the column's type, or 400. */
function typed(value: unknown, type: DatasetColumnType, path: string): unknown {
  const text = String(value);
  if (text.includes('\u0000')) throw invalid('A value holds a NUL character', path);
  switch (type) {
    case 'integer':
      if (!isInteger(text)) throw invalid(`${JSON.stringify(text)} is not an integer`, path);
      return text;
    case 'number':
      if (!isNumber(text)) throw invalid(`${JSON.stringify(text)} is not a number`, path);
      return text;
    case 'date':
      if (!isDate(text)) throw invalid(`${JSON.stringify(text)} is not a date (YYYY-MM-DD)`, path);
      return text;
    case 'boolean':
      if (!isBoolean(text)) throw invalid(`${JSON.stringify(text)} is not true or false`, path);
      return text.toLowerCase() === 'true';
    default:
      return text;
  }
}
