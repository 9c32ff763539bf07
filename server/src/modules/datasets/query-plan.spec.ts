import { type DatasetColumn, datasetQueryParams } from '@knowledge-hub/shared';
import { planQuery } from './query-plan';

const SCHEMA: DatasetColumn[] = [
  { name: '国家', type: 'category' },
  { name: 'date', type: 'date' },
  { name: 'cases', type: 'integer' },
  { name: 'rate', type: 'number' },
  { name: 'a"b', type: 'text' },
];
const parse = (q: Record<string, string>) => {
  const { format: _f, version: _v, ...query } = datasetQueryParams.parse(q);
  return query;
};
const plan = (q: Record<string, string>) => planQuery(SCHEMA, 'dataset_rows_x', parse(q));

describe('query plans', () => {
  it('maps names to the table’s own columns and values to typed parameters', () => {
    const p = plan({ columns: '国家,cases', where: '国家:in:中国|法国;cases:ge:10', from: '2020-01-01' });
    expect(p.sql).toBe(
      `SELECT c0, (c2)::float8 FROM "dataset_rows_x" WHERE c0 = ANY($1::text[]) AND c2 >= $2::bigint AND c1 >= $3::date ORDER BY _line LIMIT 10001`,
    );
    expect(p.params).toEqual([['中国', '法国'], '10', '2020-01-01']);
  });

  it('groups by a date bucket and aggregates the other columns', () => {
    const p = plan({ columns: '国家,date,cases', groupBy: '国家,date:month', agg: 'sum', limit: '50' });
    expect(p.sql).toBe(
      `SELECT c0, to_char(date_trunc('month', c1)::date, 'YYYY-MM-DD'), (sum(c2))::float8 FROM "dataset_rows_x"  GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 51`,
    );
    expect(p.columns.map((c) => c.name)).toEqual(['国家', 'date', 'cases']);
  });

  it('escapes list separators in names, and a name with a quote is just a name', () => {
    expect(plan({ columns: 'a"b' }).sql).toContain('SELECT c4 FROM');
    expect(parse({ where: 'a\\:b:eq:x\\;y' }).where).toEqual([{ column: 'a:b', op: 'eq', value: 'x;y' }]);
  });

  it.each([
    [{ columns: 'nope' }, 'No column is named "nope"'],
    [{ columns: 'name";drop table x;--' }, 'No column is named'],
    [{ where: 'cases:eq:1 OR 1=1' }, 'is not an integer'],
    [{ where: 'date:lt:yesterday' }, 'is not a date'],
    [{ columns: 'a"b', groupBy: '国家', agg: 'mean' }, 'mean needs numbers'],
    [{ groupBy: 'cases:month' }, 'is not a date'],
    [{ columns: 'cases,cases' }, 'twice'],
  ])('refuses %j', (q, message) => {
    expect(() => plan(q)).toThrow(message);
  });

  it.each([
    [{ limit: '10001' }],
    [{ where: 'x:like:y' }],
    [{ groupBy: 'date:fortnight' }],
    [{ agg: 'median' }],
    [{ where: `a:in:${Array.from({ length: 501 }, (_, i) => i).join('|')}` }],
    [{ unknown: '1' }],
  ])('the parameters refuse %j', (q) => {
    expect(datasetQueryParams.safeParse(q).success).toBe(false);
  });

  it('refuses in-process queries the parameters would not let through', () => {
    expect(() => planQuery(SCHEMA, 't', { where: [{ column: 'cases', op: 'drop' as never, value: '1' }] })).toThrow('No operator');
    expect(() => planQuery(SCHEMA, 't', { groupBy: [{ column: 'date', bucket: "month'); drop" as never }] })).toThrow('no bucket');
    expect(() => planQuery(SCHEMA, 't', { agg: 'x' as never, columns: ['cases'] })).toThrow('agg must be');
  });
});
