import { CATEGORY_MAX_DISTINCT, headerProblem, inferColumns, misfit } from './column-types';

describe('column type inference', () => {
  const one = (values: string[]) =>
    inferColumns(
      ['c'],
      values.map((v) => [v]),
    )[0].type;

  it.each([
    [['1', '-2', '+30', ''], 'integer'],
    [['1', '2.5', '-.5', '3e-2'], 'number'],
    [['9007199254740993'], 'number'],
    [['2020-01-22', '2024-02-29', ''], 'date'],
    [['2023-02-29'], 'text'],
    [['2020-1-2'], 'text'],
    [['true', 'FALSE', 'True'], 'boolean'],
    [['0', '1'], 'integer'],
    [['yes', 'no', 'yes', 'no'], 'category'],
    [['a', 'b', 'c'], 'text'],
    [['', ''], 'text'],
    [['1', 'x'], 'text'],
    [['NaN', '1'], 'text'],
    [['1e999'], 'text'],
    [[' 1'], 'text'],
    [['中国', '中国', '法国', '法国'], 'category'],
  ])('%j → %s', (values, type) => {
    expect(one(values)).toBe(type);
  });

  it('a column with more distinct values than the category limit is text', () => {
    const values = Array.from({ length: CATEGORY_MAX_DISTINCT * 3 }, (_, i) => `v${i % (CATEGORY_MAX_DISTINCT + 1)}`);
    expect(one(values)).toBe('text');
    expect(one(Array.from({ length: 3000 }, (_, i) => `v${i % 900}`))).toBe('category');
  });

  it('overrides win, and values that do not fit them are refused', () => {
    expect(inferColumns(['n'], [['1'], ['2']], { n: 'text' })[0].type).toBe('text');
    expect(inferColumns(['n'], [['1'], ['2']], { n: 'number' })[0].type).toBe('number');
    expect(() => inferColumns(['d'], [['2020-01-01'], ['soon']], { d: 'date' })).toThrow('d: "soon" is not a date (YYYY-MM-DD)');
  });

  it.each([
    ['integer', '1.5', '"1.5" is not an integer'],
    ['number', 'abc', '"abc" is not a number'],
    ['boolean', 'yes', '"yes" is not true or false'],
    ['text', 'anything', null],
  ] as const)('misfit(%s, %s)', (type, value, reason) => {
    expect(misfit(type, value)).toBe(reason);
  });

  it.each([
    [['a', 'b'], null],
    [['a', ' '], { column: 2, reason: 'a column has no name' }],
    [['a', 'a'], { column: 2, reason: 'two columns are named "a"' }],
    [['x'.repeat(201)], { column: 1, reason: 'a column name is longer than 200 characters' }],
  ])('header %j', (header, problem) => {
    expect(headerProblem(header, 500, 200)).toEqual(problem);
  });
});
