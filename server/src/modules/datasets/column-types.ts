import type { DatasetColumn, DatasetColumnType } from '@knowledge-hub/shared';

/**
 * Column types of an uploaded table, inferred from every value (pure; the
 * table in column-types.spec.ts is the specification).
 *
 * An empty field is a missing value (null) and fits every type. Of the types
 * every non-empty value of a column fits, the first of boolean, integer,
 * number, date wins; otherwise the column is text, and `category` when it
 * repeats few distinct values (at most CATEGORY_MAX_DISTINCT, and at most half
 * as many as it has values) — categories are what series, filters and
 * group-bys use, and get an index.
 *
 * - boolean: true/false (any case);
 * - integer: optional sign and digits, within ±(2^53 − 1) (exact in JSON);
 * - number: a finite decimal, optionally with an exponent (`1.5`, `-.5`, `2e-3`);
 * - date: a calendar date YYYY-MM-DD (years 0001–9999).
 */
export const CATEGORY_MAX_DISTINCT = 1_000;

const INTEGER = /^[+-]?\d{1,16}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BOOLEAN = /^(true|false)$/i;

export function isInteger(v: string): boolean {
  return INTEGER.test(v) && Number.isSafeInteger(Number(v));
}

export function isNumber(v: string): boolean {
  return NUMBER.test(v) && Number.isFinite(Number(v));
}

export function isDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

export function isBoolean(v: string): boolean {
  return BOOLEAN.test(v);
}

/** Why `value` (non-empty) does not fit `type`, or null when it does. */
export function misfit(type: DatasetColumnType, value: string): string | null {
  switch (type) {
    case 'integer':
      return isInteger(value) ? null : `"${clip(value)}" is not an integer`;
    case 'number':
      return isNumber(value) ? null : `"${clip(value)}" is not a number`;
    case 'date':
      return isDate(value) ? null : `"${clip(value)}" is not a date (YYYY-MM-DD)`;
    case 'boolean':
      return isBoolean(value) ? null : `"${clip(value)}" is not true or false`;
    case 'category':
    case 'text':
      return null;
  }
}

function clip(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}

const BOOL = 1;
const INT = 2;
const NUM = 4;
const DAT = 8;

/** Running evidence about one column. */
class ColumnEvidence {
  /** Bit set of the types every value seen so far fits. */
  fits = BOOL | INT | NUM | DAT;
  values = 0;
  readonly distinct = new Set<string>();
  distinctOverflow = false;

  observe(v: string): void {
    if (v === '') return;
    this.values++;
    if (this.fits & BOOL && !isBoolean(v)) this.fits &= ~BOOL;
    if (this.fits & INT && !isInteger(v)) this.fits &= ~INT;
    if (this.fits & NUM && !(this.fits & INT && INTEGER.test(v)) && !isNumber(v)) this.fits &= ~NUM;
    if (this.fits & DAT && !isDate(v)) this.fits &= ~DAT;
    if (!this.distinctOverflow) {
      this.distinct.add(v);
      if (this.distinct.size > CATEGORY_MAX_DISTINCT) {
        this.distinctOverflow = true;
        this.distinct.clear();
      }
    }
  }

  type(): DatasetColumnType {
    if (this.values === 0) return 'text';
    if (this.fits & BOOL) return 'boolean';
    if (this.fits & INT) return 'integer';
    if (this.fits & NUM) return 'number';
    if (this.fits & DAT) return 'date';
    if (!this.distinctOverflow && this.distinct.size * 2 <= this.values) return 'category';
    return 'text';
  }
}

/** What a value that does not fit an overridden type says, with its column's index. */
export interface Misfit {
  column: number;
  reason: string;
}

/**
 * Infers the types of `header`'s columns from the rows given to `observe`, one
 * at a time (so a file of any size streams through). Columns named in
 * `overrides` take that type; their values must fit it (`observe` answers the
 * first that does not).
 */
export class ColumnTypeInferrer {
  private readonly evidence: ColumnEvidence[];
  private readonly forced: (DatasetColumnType | undefined)[];

  constructor(
    private readonly header: readonly string[],
    overrides: Readonly<Record<string, DatasetColumnType>> = {},
  ) {
    this.evidence = header.map(() => new ColumnEvidence());
    this.forced = header.map((name) => overrides[name]);
  }

  observe(fields: readonly string[]): Misfit | null {
    for (let i = 0; i < this.evidence.length; i++) {
      const v = fields[i];
      if (v === '') continue;
      const forced = this.forced[i];
      if (forced) {
        const reason = misfit(forced, v);
        if (reason) return { column: i, reason };
        if (forced === 'category' || forced === 'text') continue;
      }
      this.evidence[i].observe(v);
    }
    return null;
  }

  columns(): DatasetColumn[] {
    return this.header.map((name, i) => ({ name, type: this.forced[i] ?? this.evidence[i].type() }));
  }
}

/** Convenience for tests and small tables: the columns of a header and its rows. */
export function inferColumns(header: readonly string[], rows: readonly (readonly string[])[], overrides?: Record<string, DatasetColumnType>): DatasetColumn[] {
  const inferrer = new ColumnTypeInferrer(header, overrides);
  for (const row of rows) {
    const bad = inferrer.observe(row);
    if (bad) throw new Error(`${header[bad.column]}: ${bad.reason}`);
  }
  return inferrer.columns();
}

/**
 * A header's problems: names must be non-empty after trimming, unique, and
 * short enough. Answers the reason and the 1-based column, or null.
 */
export function headerProblem(header: readonly string[], maxColumns: number, maxNameChars: number): { column: number; reason: string } | null {
  if (header.length > maxColumns) return { column: maxColumns + 1, reason: `more than ${maxColumns} columns` };
  const seen = new Set<string>();
  for (let i = 0; i < header.length; i++) {
    const name = header[i];
    if (name.trim() === '') return { column: i + 1, reason: 'a column has no name' };
    if (name.length > maxNameChars) return { column: i + 1, reason: `a column name is longer than ${maxNameChars} characters` };
    if (seen.has(name)) return { column: i + 1, reason: `two columns are named "${name}"` };
    seen.add(name);
  }
  return null;
}
