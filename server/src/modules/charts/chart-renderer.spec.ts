import type { DatasetChartSpec, DatasetQueryResult } from '@knowledge-hub/shared';
import { datasetQueryParams } from '@knowledge-hub/shared';
import { CHART_TABLE_MAX_ROWS, CHART_WIDTH, MAX_CHART_SERIES, renderChart } from './chart-renderer';
import { chartCsvUrl, chartQuery } from './chart-query';

/**
 * What a reader's browser would act on in an inline SVG, checked on its
 * markup independently of the sanitiser: only the allow-list's elements
 * (nothing that runs or loads anything), no event handler, no link, no
 * inline style (the CSP would refuse it), `url(…)` only to an id of the same
 * SVG. Text may say anything: it is text.
 */
function expectInert(svg: string): void {
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(svg.endsWith('</svg>')).toBe(true);
  // Text is escaped (no raw `<` or `>` in text or attribute values), so these are all the tags there are.
  const tags = svg.match(/<[^>]*>/g) ?? [];
  for (const tag of tags) {
    expect([
      'svg',
      'g',
      'rect',
      'path',
      'circle',
      'ellipse',
      'line',
      'polyline',
      'polygon',
      'text',
      'tspan',
      'defs',
      'clipPath',
      'linearGradient',
      'radialGradient',
      'stop',
      'title',
      'desc',
    ]).toContain(/^<\/?([A-Za-z][\w:-]*)/.exec(tag)?.[1]);
  }
  const ids = new Set<string>();
  const attributes: [string, string][] = [];
  for (const tag of tags) {
    const attrs = [...tag.matchAll(/\s([^\s=]+)="([^"]*)"/g)].map((m) => [m[1], m[2]] as [string, string]);
    // Nothing but the name and name="value" pairs: no unquoted attribute slipped through.
    expect(tag.replace(/\s([^\s=]+)="([^"]*)"/g, '')).toMatch(/^<\/?[A-Za-z][\w:-]*\/?>$/);
    attributes.push(...attrs);
    for (const [name, value] of attrs) if (name === 'id') ids.add(value);
  }
  for (const [name, value] of attributes) {
    expect(name).not.toMatch(/^on|href|^style$|^class$/i);
    if (name === 'aria-label') continue; // text
    expect(value).not.toMatch(/javascript:|data:|@import|expression\(|\\/i);
    for (const m of value.matchAll(/url\(([^)]*)\)/gi)) {
      expect(m[1]).toMatch(/^#/);
      expect(ids.has(m[1].slice(1))).toBe(true);
    }
  }
}

const dataset = { slug: 'case-counts', title: 'Case counts' };

function timeSeries(countries: string[], days: number): DatasetQueryResult {
  const rows: unknown[][] = [];
  for (const country of countries) {
    for (let d = 0; d < days; d++) {
      const date = new Date(Date.UTC(2020, 0, 22 + d)).toISOString().slice(0, 10);
      rows.push([date, country, d * 10 + country.length]);
    }
  }
  return {
    version: 3,
    columns: [
      { name: 'date', type: 'date' },
      { name: 'country', type: 'category' },
      { name: 'cases', type: 'integer' },
    ],
    rows,
    truncated: false,
  };
}

describe('renderChart', () => {
  const spec: DatasetChartSpec = { type: 'line', x: 'date', y: 'cases', series: 'country', title: 'Daily cases' };

  it('draws a sized SVG with one line per series, a caption, a CSV link and a data table', () => {
    const chart = renderChart({ spec, dataset, version: 3, result: timeSeries(['France', 'Chile'], 30) });
    expectInert(chart.svg);
    expect(chart.svg).toMatch(
      new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="\\d+" viewBox="0 0 ${CHART_WIDTH} \\d+" role="img"`),
    );
    expect(chart.svg).toContain('>France</text>');
    expect(chart.svg).toContain('>Chile</text>');
    expect(chart.svg).toContain('>Daily cases</text>');
    expect(chart.html).toContain('<figure class="dataset-chart"><svg ');
    expect(chart.html).toContain('<a href="/d/case-counts">Case counts</a>, version 3');
    expect(chart.html).toContain(`<a class="chart-csv" href="${chart.csvUrl.replace(/&/g, '&amp;')}" download>Download CSV</a>`);
    expect(chart.html).toContain('<details class="chart-data"><summary>Data table (60 rows)</summary>');
    expect((chart.html.match(/<tr>/g) ?? []).length).toBe(61);
  });

  it('generates a text alternative, and uses the author’s when there is one', () => {
    const generated = renderChart({ spec, dataset, version: 3, result: timeSeries(['France', 'Chile'], 30) }).alt;
    expect(generated).toBe(
      'Daily cases: Line chart of cases by date, one series per country (France, Chile). 60 rows; date from 2020-01-22 to 2020-02-20; cases from 5 to 296.',
    );
    const own = renderChart({ spec: { ...spec, alt: 'Cases rose "fast" <here>' }, dataset, version: 3, result: timeSeries(['France'], 3) });
    expect(own.alt).toBe('Cases rose "fast" <here>');
    expect(own.svg).toContain('aria-label="Cases rose &quot;fast&quot; &lt;here&gt;"');
  });

  it('renders Chinese labels as text, with CJK fonts in the font stack', () => {
    const chart = renderChart({
      spec: { type: 'bar', x: '国家', y: '病例', title: '各国病例' },
      dataset: { slug: 'zh', title: '病例数' },
      version: 1,
      result: {
        version: 1,
        columns: [
          { name: '国家', type: 'category' },
          { name: '病例', type: 'integer' },
        ],
        rows: [
          ['中国', 10],
          ['法国', 20],
        ],
        truncated: false,
      },
      language: 'zh',
    });
    expectInert(chart.svg);
    expect(chart.svg).toContain('>各国病例</text>');
    expect(chart.svg).toContain('>中国</text>');
    expect(chart.svg).toMatch(/font-family="[^"]*Noto Sans CJK SC[^"]*Microsoft YaHei/);
    expect(chart.alt).toContain('柱状图');
    expect(chart.html).toContain('下载 CSV');
  });

  it('draws at most MAX_CHART_SERIES series and says so; the table keeps every row', () => {
    const countries = Array.from({ length: MAX_CHART_SERIES + 5 }, (_, i) => `Country ${i}`);
    const chart = renderChart({ spec, dataset, version: 3, result: timeSeries(countries, 2) });
    expectInert(chart.svg);
    expect(chart.svg).toContain(`>Country ${MAX_CHART_SERIES - 1}</text>`);
    expect(chart.svg).not.toContain(`>Country ${MAX_CHART_SERIES}</text>`);
    expect(chart.html).toContain(`${MAX_CHART_SERIES} of ${MAX_CHART_SERIES + 5} series drawn`);
    expect(chart.html).toContain(`Data table (${(MAX_CHART_SERIES + 5) * 2} rows)`);
  });

  it('caps the data table and says the CSV has the rest', () => {
    const chart = renderChart({ spec: { type: 'line', x: 'date', y: 'cases' }, dataset, version: 3, result: timeSeries(['A', 'B'], 400) });
    expect((chart.html.match(/<tr>/g) ?? []).length).toBe(CHART_TABLE_MAX_ROWS + 1);
    expect(chart.html).toContain(`The first ${CHART_TABLE_MAX_ROWS} of 800 rows`);
  });

  it('shows a table chart as a table, without SVG', () => {
    const chart = renderChart({ spec: { type: 'table', x: 'date', y: ['cases'] }, dataset, version: 3, result: timeSeries(['A'], 3) });
    expect(chart.svg).toBe('');
    expect(chart.html).toContain('<table><thead><tr><th scope="col">date</th>');
    expect(chart.html).not.toContain('<details');
  });

  it('draws an empty result as an empty chart and says no rows match', () => {
    const chart = renderChart({ spec, dataset, version: 3, result: { ...timeSeries([], 0) } });
    expectInert(chart.svg);
    expect(chart.alt).toContain('No rows match.');
  });

  it('is deterministic: the same chart renders to the same bytes', () => {
    const a = renderChart({ spec, dataset, version: 3, result: timeSeries(['France', 'Chile'], 10) });
    const b = renderChart({ spec, dataset, version: 3, result: timeSeries(['France', 'Chile'], 10) });
    expect(a.html).toBe(b.html);
  });

  it('keeps hostile titles, labels, column names and values inert (fuzz)', () => {
    const fragments = [
      '</text><script>alert(1)</script>',
      'javascript:alert(1)',
      '" onload="alert(1)',
      "' onmouseover='x",
      '<foreignObject><iframe src="//evil.example"></iframe></foreignObject>',
      'url(https://evil.example/x)',
      '<style>@import url(//evil.example)</style>',
      ']]><script>x</script>',
      '<!-- -->',
      '&lt;script&gt;',
      '<a xlink:href="javascript:1">x</a>',
      '\u0000\u0007\u202e',
      '病例 \\" \\',
      '<image href="https://evil.example/p.png"/>',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = () => fragments[Math.floor(random() * fragments.length)];
    const hostile = () => Array.from({ length: 1 + Math.floor(random() * 3) }, pick).join(random() < 0.5 ? '' : ' ');
    for (let round = 0; round < 60; round++) {
      const x = hostile();
      const s = `${hostile()}s`;
      const y = `${hostile()}y`;
      const type = (['line', 'bar', 'area', 'scatter'] as const)[round % 4];
      const result: DatasetQueryResult = {
        version: 1,
        columns: [
          { name: x, type: 'category' },
          { name: s, type: 'category' },
          { name: y, type: 'number' },
        ],
        rows: [
          [hostile(), hostile(), 1],
          [hostile(), hostile(), 2.5],
          [hostile(), hostile(), null],
        ],
        truncated: false,
      };
      const chart = renderChart({
        spec: { type, x, y, series: s, title: hostile(), alt: round % 2 ? hostile() : undefined },
        dataset: { slug: 's', title: hostile() },
        version: 1,
        result,
      });
      expectInert(chart.svg);
      // Outside the SVG the figure is built from escaped text only.
      const outside = chart.html.replace(chart.svg, '');
      for (const tag of outside.match(/<[^>]*>/g) ?? []) {
        expect(tag.replace(/\s(class|scope|href)="[^"]*"| download/g, '')).toMatch(
          /^<\/?(figure|figcaption|strong|a|br|small|details|summary|div|table|thead|tbody|tr|th|td|p)>$/,
        );
        const href = /href="([^"]*)"/.exec(tag)?.[1];
        if (href) expect(href).toMatch(/^\/(d\/|api\/public\/datasets\/)/);
      }
    }
  });
});

describe('chart query and its CSV link', () => {
  it('asks for x, series and y columns, grouped by x and series when aggregated', () => {
    const spec: DatasetChartSpec = {
      type: 'bar',
      x: 'date',
      y: ['cases', 'deaths'],
      series: 'country',
      agg: 'sum',
      where: [{ column: 'country', op: 'in', value: ['France', 'Chile'] }],
    };
    expect(chartQuery(spec)).toEqual({
      columns: ['date', 'country', 'cases', 'deaths'],
      groupBy: [{ column: 'date' }, { column: 'country' }],
      agg: 'sum',
      where: spec.where,
      limit: 10_000,
    });
  });

  it('builds a URL whose parameters the query API reads back as the same query', () => {
    const spec: DatasetChartSpec = {
      type: 'line',
      x: 'a,b:c\\d',
      y: '病例',
      series: 'x y',
      agg: 'mean',
      where: [{ column: 'k;1', op: 'ge', value: '2021-01-01&x=1' }],
    };
    const query = chartQuery(spec);
    const url = new URL(chartCsvUrl('case-counts', 7, query), 'http://hub.test');
    expect(url.pathname).toBe('/api/public/datasets/case-counts/data');
    const parsed = datasetQueryParams.parse(Object.fromEntries(url.searchParams));
    expect(parsed).toEqual({ version: 7, format: 'csv', limit: 10_000, columns: query.columns, groupBy: query.groupBy, agg: 'mean', where: query.where });
  });
});
