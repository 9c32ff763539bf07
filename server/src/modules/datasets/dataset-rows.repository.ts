import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import type { DatasetChanges, DatasetColumn } from '@knowledge-hub/shared';
import { isUuid } from '../../common/ids';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { parseCopyLine } from './prepare-rows';
import { physical, type QueryPlan, selectExpr, sqlTypeOf } from './query-plan';

/** Category columns indexed per version (filters and series use them), and date columns. */
const MAX_INDEXED_CATEGORIES = 8;
const MAX_INDEXED_DATES = 2;
/** Parameters per INSERT on the embedded database (Postgres allows 65,535). */
const MAX_INSERT_PARAMS = 30_000;
/** Rows of each kind in a review's sample. */
export const SAMPLE_ROWS = 10;

/** The table holding a version's rows: its name is made from the version's id, never from input. */
export function rowsTable(versionId: string): string {
  if (!isUuid(versionId)) throw new Error(`not a version id: ${versionId}`);
  return `dataset_rows_${versionId.replace(/-/g, '').toLowerCase()}`;
}

export interface VersionTable {
  id: string;
  columns: DatasetColumn[];
}

/**
 * The rows of dataset versions: one table per version (`dataset_rows_<id>`,
 * columns `_line` and `c<i>` typed from the schema), created and filled once
 * in the upload's transaction, then only read.
 */
@Injectable()
export class DatasetRowsRepository {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createTable(versionId: string, columns: DatasetColumn[], tx: EntityManager): Promise<void> {
    const defs = columns.map((c, i) => `${physical(i)} ${sqlTypeOf(c.type)}`);
    await tx.query(`CREATE TABLE "${rowsTable(versionId)}" (_line int NOT NULL, ${defs.join(', ')})`);
  }

  /**
   * Loads the prepared COPY text (prepareRows) into the version's table: by
   * COPY FROM STDIN on Postgres, by batched INSERTs on the embedded database
   * (its socket server does not carry the COPY sub-protocol).
   */
  async load(versionId: string, columnCount: number, copyPath: string, runner: QueryRunner): Promise<void> {
    const table = rowsTable(versionId);
    if (this.config.databaseUrl) {
      const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      await pipeline(createReadStream(copyPath), client.query(copyFrom(`COPY "${table}" FROM STDIN`)));
      return;
    }
    const width = columnCount + 1;
    const perInsert = Math.max(1, Math.floor(MAX_INSERT_PARAMS / width));
    let batch: (string | null)[] = [];
    let rows = 0;
    const flush = async () => {
      if (rows === 0) return;
      const tuples = Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_, k) => `$${r * width + k + 1}`).join(', ')})`);
      await runner.query(`INSERT INTO "${table}" VALUES ${tuples.join(', ')}`, batch);
      batch = [];
      rows = 0;
    };
    for await (const line of createInterface({ input: createReadStream(copyPath, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line === '') continue;
      batch.push(...parseCopyLine(line));
      rows++;
      if (rows >= perInsert) await flush();
    }
    await flush();
  }

  /** Indexes for the queries charts make (a series of one country, filters by category, ranges of dates), then statistics. */
  async index(versionId: string, columns: DatasetColumn[], tx: EntityManager): Promise<void> {
    const table = rowsTable(versionId);
    const categories = columns.flatMap((c, i) => (c.type === 'category' ? [i] : [])).slice(0, MAX_INDEXED_CATEGORIES);
    const dates = columns.flatMap((c, i) => (c.type === 'date' ? [i] : [])).slice(0, MAX_INDEXED_DATES);
    for (const i of categories) await tx.query(`CREATE INDEX ON "${table}" (${physical(i)}, _line)`);
    for (const i of dates) await tx.query(`CREATE INDEX ON "${table}" (${physical(i)})`);
    await tx.query(`ANALYZE "${table}"`);
  }

  /**
   * What changed from `prev` to `next`: columns by name; rows by `key` (when
   * it is unique in both), else by their values (multiset difference).
   */
  async changes(prev: VersionTable & { number: number }, next: VersionTable, key: string[], tx: EntityManager): Promise<DatasetChanges> {
    const prevIdx = new Map(prev.columns.map((c, i) => [c.name, i]));
    const nextIdx = new Map(next.columns.map((c, i) => [c.name, i]));
    const columns: DatasetChanges['columns'] = {
      added: next.columns.filter((c) => !prevIdx.has(c.name)).map((c) => c.name),
      removed: prev.columns.filter((c) => !nextIdx.has(c.name)).map((c) => c.name),
      retyped: next.columns.flatMap((c) => {
        const before = prevIdx.has(c.name) ? prev.columns[prevIdx.get(c.name)!] : null;
        return before && before.type !== c.type ? [{ name: c.name, from: before.type, to: c.type }] : [];
      }),
    };
    const sides = this.sides(prev, next, key);
    const [o, n] = [rowsTable(prev.id), rowsTable(next.id)];
    if (sides.key && (await this.unique(o, sides.key.prev, tx)) && (await this.unique(n, sides.key.next, tx))) {
      const [row] = await tx.query(
        `WITH o AS (SELECT ${sides.key.prev} AS k, ${sides.hash.prev} AS h FROM "${o}"),
              n AS (SELECT ${sides.key.next} AS k, ${sides.hash.next} AS h FROM "${n}")
         SELECT count(*) FILTER (WHERE o.k IS NULL)::int AS added, count(*) FILTER (WHERE n.k IS NULL)::int AS removed,
                count(*) FILTER (WHERE o.k IS NOT NULL AND n.k IS NOT NULL AND o.h <> n.h)::int AS changed
           FROM o FULL JOIN n ON o.k = n.k`,
      );
      return { previous: prev.number, columns, rows: { added: row.added, removed: row.removed, changed: row.changed }, key };
    }
    const [row] = await tx.query(
      `SELECT (SELECT count(*) FROM (SELECT ${sides.hash.next} FROM "${n}" EXCEPT ALL SELECT ${sides.hash.prev} FROM "${o}") a)::int AS added,
              (SELECT count(*) FROM (SELECT ${sides.hash.prev} FROM "${o}" EXCEPT ALL SELECT ${sides.hash.next} FROM "${n}") r)::int AS removed`,
    );
    return { previous: prev.number, columns, rows: { added: row.added, removed: row.removed, changed: null }, key: [] };
  }

  /** A sample of the rows added, removed and changed (values in each version's column order). */
  async sample(
    prev: VersionTable,
    next: VersionTable,
    key: string[],
  ): Promise<{ added: unknown[][]; removed: unknown[][]; changed: { before: unknown[]; after: unknown[] }[] }> {
    const sides = this.sides(prev, next, key);
    const [o, n] = [rowsTable(prev.id), rowsTable(next.id)];
    const values = (alias: string, cols: DatasetColumn[]) =>
      `jsonb_build_array(${cols.map((c, i) => selectExpr(`${alias}.${physical(i)}`, c.type)).join(', ')})`;
    const match = sides.key ?? { prev: sides.hash.prev, next: sides.hash.next };
    const on = (a: string, b: string) => `${qualify(match.prev, a)} = ${qualify(match.next, b)}`;
    const added = await this.db.query(
      `SELECT ${values('n', next.columns)} AS v FROM "${n}" n WHERE NOT EXISTS (SELECT 1 FROM "${o}" o WHERE ${on('o', 'n')}) ORDER BY n._line LIMIT ${SAMPLE_ROWS}`,
    );
    const removed = await this.db.query(
      `SELECT ${values('o', prev.columns)} AS v FROM "${o}" o WHERE NOT EXISTS (SELECT 1 FROM "${n}" n WHERE ${on('o', 'n')}) ORDER BY o._line LIMIT ${SAMPLE_ROWS}`,
    );
    const changed = sides.key
      ? await this.db.query(
          `SELECT ${values('o', prev.columns)} AS b, ${values('n', next.columns)} AS a FROM "${o}" o JOIN "${n}" n ON ${on('o', 'n')}
            WHERE ${qualify(sides.hash.prev, 'o')} <> ${qualify(sides.hash.next, 'n')} ORDER BY n._line LIMIT ${SAMPLE_ROWS}`,
        )
      : [];
    return {
      added: added.map((r: { v: unknown[] }) => r.v),
      removed: removed.map((r: { v: unknown[] }) => r.v),
      changed: changed.map((r: { b: unknown[]; a: unknown[] }) => ({ before: r.b, after: r.a })),
    };
  }

  /** The first rows of a version, in file order. */
  async firstRows(version: VersionTable, limit: number): Promise<unknown[][]> {
    const exprs = version.columns.map((c, i) => selectExpr(physical(i), c.type));
    return this.arrays(`SELECT ${exprs.join(', ')} FROM "${rowsTable(version.id)}" ORDER BY _line LIMIT $1`, [limit]);
  }

  /** Runs a plan (planQuery) as arrays of values. */
  async run(plan: QueryPlan): Promise<unknown[][]> {
    return this.arrays(plan.sql, plan.params);
  }

  async dropTable(versionId: string, tx: EntityManager): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS "${rowsTable(versionId)}"`);
  }

  private async arrays(sql: string, params: unknown[]): Promise<unknown[][]> {
    const runner = this.db.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const result = await client.query({ text: sql, values: params, rowMode: 'array' });
      return result.rows as unknown[][];
    } finally {
      await runner.release();
    }
  }

  /** SQL expressions over each side (unqualified column names): the key's hash and the row's hash over the common columns. */
  private sides(prev: VersionTable, next: VersionTable, key: string[]) {
    const prevIdx = new Map(prev.columns.map((c, i) => [c.name, i]));
    const nextIdx = new Map(next.columns.map((c, i) => [c.name, i]));
    const common = next.columns.map((c) => c.name).filter((name) => prevIdx.has(name));
    const tuple = (names: string[], idx: Map<string, number>) => `md5(ROW(${names.map((name) => `${physical(idx.get(name)!)}::text`).join(', ')})::text)`;
    const usableKey = key.length > 0 && key.every((k) => prevIdx.has(k) && nextIdx.has(k));
    return {
      hash:
        common.length > 0
          ? { prev: tuple(common, prevIdx), next: tuple(common, nextIdx) }
          : { prev: `md5(_line::text || 'o')`, next: `md5(_line::text || 'n')` },
      key: usableKey ? { prev: tuple(key, prevIdx), next: tuple(key, nextIdx) } : null,
    };
  }

  private async unique(table: string, keyExpr: string, tx: EntityManager): Promise<boolean> {
    const [row] = await tx.query(`SELECT count(*) = count(DISTINCT ${keyExpr}) AS unique FROM "${table}"`);
    return row.unique === true;
  }
}

/** Qualifies the `c<i>`/`_line` columns of an expression with a table alias. */
function qualify(expr: string, alias: string): string {
  return expr.replace(/\b(c\d+|_line)\b/g, `${alias}.$1`);
}
