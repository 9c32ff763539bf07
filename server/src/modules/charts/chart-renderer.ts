import { createHash } from 'node:crypto';
import { type DatasetChartSpec, type DatasetColumn, type DatasetQueryResult, escapeHtml } from '@knowledge-hub/shared';
import { chartColumns, chartCsvUrl, chartQuery } from './chart-query';
import { sanitizeSvg } from './svg-sanitizer';

/**
 * A dataset chart as public HTML (issue 12): Apache ECharts rendered to an
 * SVG string on the server (SSR, no DOM), passed through the SVG allow-list,
 * inside a <figure> with a caption naming the dataset and version, a link
 * that downloads exactly the plotted rows as CSV (the public query API with
 * the chart's query), and a <details> data table. Pages work without
 * JavaScript and under the strict CSP: the SVG carries presentation
 * attributes only (no style, class, script, or reference outside itself).
 *
 * The SVG has a fixed size (CHART_WIDTH × height, same viewBox) and a text
 * alternative (`aria-label`): spec.alt when the author wrote one, otherwise a
 * generated sentence (chart type, columns, ranges). Labels use a font stack
 * with CJK fonts so Chinese renders wherever the reader has one of them.
 */

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 400;
/** Lines (or bar groups) drawn at most; the caption says when more matched. */
export const MAX_CHART_SERIES = 20;
/** Rows the <details> data table shows (the CSV has all of them). */
export const CHART_TABLE_MAX_ROWS = 500;
/** Points above which lines are drawn without a symbol per point. */
const SYMBOL_MAX_POINTS = 60;
const LEGEND_ROW_PX = 22;
const LEGEND_ITEMS_PER_ROW = 4;
/** Unquoted (so it survives as a presentation attribute): Latin, then CJK families of the common systems. */
export const CHART_FONT_FAMILY =
  'system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Hiragino Sans GB, Microsoft YaHei, WenQuanYi Micro Hei, sans-serif';

export type ChartLanguage = 'en' | 'zh';

export interface ChartInput {
  spec: DatasetChartSpec;
  dataset: { slug: string; title: string };
  version: number;
  /** The answer to chartQuery(spec) on that version. */
  result: DatasetQueryResult;
  language?: ChartLanguage;
}

export interface RenderedChart {
  /** The sanitised SVG ('' for a table chart). */
  svg: string;
  alt: string;
  csvUrl: string;
  /** The figure: SVG (or table), caption, CSV link, data table. */
  html: string;
}

interface Series {
  name: string;
  points: [number | string, number | null][];
}

const TEXT = {
  en: {
    types: { line: 'Line chart', bar: 'Bar chart', area: 'Area chart', scatter: 'Scatter plot', table: 'Table' },
    aggs: { sum: 'sum', mean: 'mean', min: 'minimum', max: 'maximum', count: 'count' },
    of: (ys: string) => ` of ${ys}`,
    by: (x: string) => ` by ${x}`,
    perSeries: (s: string, names: string) => `, one series per ${s} (${names})`,
    more: (n: number) => ` and ${n} more`,
    points: (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`,
    range: (c: string, lo: string, hi: string) => `${c} from ${lo} to ${hi}`,
    empty: 'No rows match.',
    data: 'Data',
    version: (n: number) => `version ${n}`,
    csv: 'Download CSV',
    table: (n: number) => `Data table (${n} ${n === 1 ? 'row' : 'rows'})`,
    tableFirst: (shown: number, all: number) => `The first ${shown} of ${all} rows; the CSV has all of them.`,
    seriesShown: (shown: number, all: number) => `${shown} of ${all} series drawn; the CSV and table have all rows.`,
    truncated: 'More rows matched than a chart holds: only the first ones are shown.',
  },
  zh: {
    types: { line: '折线图', bar: '柱状图', area: '面积图', scatter: '散点图', table: '表格' },
    aggs: { sum: '总和', mean: '平均值', min: '最小值', max: '最大值', count: '计数' },
    of: (ys: string) => `：${ys}`,
    by: (x: string) => `，按${x}`,
    perSeries: (s: string, names: string) => `，每个${s}一条系列（${names}）`,
    more: (n: number) => `等另外${n}个`,
    points: (n: number) => `${n}行`,
    range: (c: string, lo: string, hi: string) => `${c}从${lo}到${hi}`,
    empty: '没有匹配的行。',
    data: '数据',
    version: (n: number) => `第${n}版`,
    csv: '下载 CSV',
    table: (n: number) => `数据表（${n}行）`,
    tableFirst: (shown: number, all: number) => `显示${all}行中的前${shown}行；CSV 含全部数据。`,
    seriesShown: (shown: number, all: number) => `共${all}个系列，图中显示${shown}个；CSV 和数据表含全部行。`,
    truncated: '匹配的行超过图表容量：只显示前面的行。',
  },
} as const;

export function renderChart(input: ChartInput): RenderedChart {
  const { spec, dataset, version, result } = input;
  const t = TEXT[input.language ?? 'en'];
  const csvUrl = chartCsvUrl(dataset.slug, version, chartQuery(spec));
  const cols = chartColumns(spec);
  const index = (name: string) => result.columns.findIndex((c) => c.name === name);
  const xCol = result.columns[index(cols.x)];
  const all = buildSeries(result, cols);
  const series = all.slice(0, MAX_CHART_SERIES);
  const alt = spec.alt?.trim() || generatedAlt(spec, result, all, t);

  let figureBody: string;
  let svg = '';
  if (spec.type === 'table') {
    figureBody = dataTable(result.columns, result.rows, t);
  } else {
    svg = chartSvg(spec, xCol, series, alt);
    figureBody = svg;
  }
  const notes = [
    all.length > series.length ? t.seriesShown(series.length, all.length) : '',
    result.truncated ? t.truncated : '',
    result.rows.length === 0 ? t.empty : '',
  ].filter(Boolean);
  const title = spec.title?.trim() ? `<strong>${escapeHtml(spec.title.trim())}</strong> ` : '';
  const source = `${t.data}: <a href="/d/${escapeHtml(encodeURIComponent(dataset.slug))}">${escapeHtml(dataset.title)}</a>, ${escapeHtml(t.version(version))}`;
  const download = `<a class="chart-csv" href="${escapeHtml(csvUrl)}" download>${escapeHtml(t.csv)}</a>`;
  const caption = `<figcaption>${title}${source} · ${download}${notes.map((n) => `<br><small>${escapeHtml(n)}</small>`).join('')}</figcaption>`;
  const details =
    spec.type === 'table'
      ? ''
      : `<details class="chart-data"><summary>${escapeHtml(t.table(result.rows.length))}</summary>${dataTable(result.columns, result.rows, t)}</details>`;
  const html = `<figure class="dataset-chart">${figureBody}${caption}${details}</figure>`;
  return { svg, alt, csvUrl, html };
}

function dataTable(columns: DatasetColumn[], rows: unknown[][], t: (typeof TEXT)[ChartLanguage]): string {
  const shown = rows.slice(0, CHART_TABLE_MAX_ROWS);
  const head = `<thead><tr>${columns.map((c) => `<th scope="col">${escapeHtml(c.name)}</th>`).join('')}</tr></thead>`;
  const body = shown.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v === null || v === undefined ? '' : String(v))}</td>`).join('')}</tr>`).join('');
  const more = rows.length > shown.length ? `<p><small>${escapeHtml(t.tableFirst(shown.length, rows.length))}</small></p>` : '';
  return `<div class="table-wrap"><table>${head}<tbody>${body}</tbody></table></div>${more}`;
}

/** One series per (series value × y column), in order of first appearance; points keep the rows' order. */
function buildSeries(result: DatasetQueryResult, cols: ReturnType<typeof chartColumns>): Series[] {
  const at = (name: string) => result.columns.findIndex((c) => c.name === name);
  const xi = at(cols.x);
  const si = cols.series ? at(cols.series) : -1;
  const yis = cols.ys.map(at);
  const bySeries = new Map<string, Series[]>();
  for (const row of result.rows) {
    const key = si >= 0 ? String(row[si] ?? '') : '';
    let group = bySeries.get(key);
    if (!group) {
      group = cols.ys.map((y) => ({ name: si < 0 ? y : cols.ys.length === 1 ? key || '—' : `${key || '—'} · ${y}`, points: [] }));
      bySeries.set(key, group);
    }
    const x = row[xi];
    if (x === null || x === undefined) continue;
    for (const [n, yi] of yis.entries()) {
      const y = row[yi];
      group[n].points.push([typeof x === 'number' ? x : String(x), typeof y === 'number' && Number.isFinite(y) ? y : null]);
    }
  }
  return [...bySeries.values()].flat();
}

function generatedAlt(spec: DatasetChartSpec, result: DatasetQueryResult, series: Series[], t: (typeof TEXT)[ChartLanguage]): string {
  const cols = chartColumns(spec);
  const ys = cols.ys.join(', ');
  const what = spec.agg ? `${t.aggs[spec.agg]} ${ys}` : ys;
  let sentence = `${spec.title?.trim() ? `${spec.title.trim()}: ` : ''}${t.types[spec.type]}${t.of(what)}${t.by(cols.x)}`;
  if (cols.series && series.length > 0) {
    const names = [...new Set(series.map((s) => s.name))];
    const listed = names.slice(0, 5).join(', ') + (names.length > 5 ? t.more(names.length - 5) : '');
    sentence += t.perSeries(cols.series, listed);
  }
  sentence += `. ${t.points(result.rows.length)}`;
  if (result.rows.length === 0) return `${sentence}. ${t.empty}`;
  const ranges: string[] = [];
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const xr = extent(xs);
  if (xr) ranges.push(t.range(cols.x, xr[0], xr[1]));
  for (const y of cols.ys) {
    const values = series.filter((s) => s.name === y || s.name.endsWith(` · ${y}`) || cols.ys.length === 1).flatMap((s) => s.points.map((p) => p[1]));
    const yr = extent(values.filter((v): v is number => v !== null));
    if (yr) ranges.push(t.range(y, yr[0], yr[1]));
  }
  return ranges.length > 0 ? `${sentence}; ${ranges.join('; ')}.` : `${sentence}.`;
}

function extent(values: (number | string)[]): [string, string] | null {
  if (values.length === 0) return null;
  if (values.every((v) => typeof v === 'number')) {
    const nums = values as number[];
    return [formatNumber(Math.min(...nums)), formatNumber(Math.max(...nums))];
  }
  const sorted = values.map(String).sort();
  return [sorted[0], sorted[sorted.length - 1]];
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** 1234567 → 1.2M: axis labels stay short. */
function compact(n: number): string {
  const abs = Math.abs(n);
  for (const [size, suffix] of [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= size) return `${Number((n / size).toFixed(abs >= size * 10 ? 0 : 1))}${suffix}`;
  }
  return String(Number(n.toFixed(2)));
}

function utcTime(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function chartSvg(spec: DatasetChartSpec, xCol: DatasetColumn | undefined, series: Series[], alt: string): string {
  const isDate = xCol?.type === 'date';
  const isNumeric = xCol?.type === 'integer' || xCol?.type === 'number';
  const axis: 'time' | 'value' | 'category' = spec.type === 'bar' ? 'category' : isDate ? 'time' : isNumeric ? 'value' : 'category';
  let categories: string[] = [];
  if (axis === 'category') {
    const seen = new Set<string>();
    for (const s of series) for (const [x] of s.points) seen.add(String(x));
    categories = [...seen];
    if (isDate || isNumeric) categories.sort((a, b) => (isNumeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  }
  const echartsSeries = series.map((s) => {
    let data: unknown[];
    if (axis === 'category') {
      const byX = new Map(s.points.map(([x, y]) => [String(x), y]));
      data = categories.map((c) => byX.get(c) ?? null);
    } else {
      data = s.points
        .map(([x, y]) => [axis === 'time' ? utcTime(String(x)) : Number(x), y] as [number, number | null])
        .filter(([x]) => Number.isFinite(x))
        .sort((a, b) => a[0] - b[0]);
    }
    const many = data.length > SYMBOL_MAX_POINTS;
    switch (spec.type) {
      case 'bar':
        return { type: 'bar', name: s.name, data };
      case 'scatter':
        return { type: 'scatter', name: s.name, data, symbolSize: many ? 4 : 7 };
      case 'area':
        return { type: 'line', name: s.name, data, showSymbol: !many, areaStyle: { opacity: 0.25 }, connectNulls: false };
      default:
        return { type: 'line', name: s.name, data, showSymbol: !many, connectNulls: false };
    }
  });
  const title = spec.title?.trim() ?? '';
  const legendRows = series.length > 1 ? Math.ceil(series.length / LEGEND_ITEMS_PER_ROW) : 0;
  const height = CHART_HEIGHT + Math.max(0, legendRows - 1) * LEGEND_ROW_PX;
  const option = {
    animation: false,
    useUTC: true,
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: title ? { text: title, left: 'center', top: 8, textStyle: { fontSize: 16, fontFamily: CHART_FONT_FAMILY } } : undefined,
    legend: legendRows > 0 ? { type: 'plain', bottom: 4, left: 'center', textStyle: { fontFamily: CHART_FONT_FAMILY } } : undefined,
    grid: { left: 64, right: 32, top: title ? 52 : 24, bottom: 44 + legendRows * LEGEND_ROW_PX },
    xAxis: {
      type: axis,
      data: axis === 'category' ? categories : undefined,
      name: spec.x,
      nameLocation: 'middle',
      nameGap: 24,
      scale: axis === 'value',
      axisLabel: { hideOverlap: true, fontFamily: CHART_FONT_FAMILY },
      nameTextStyle: { fontFamily: CHART_FONT_FAMILY },
    },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => compact(v), fontFamily: CHART_FONT_FAMILY },
    },
    series: echartsSeries,
  };
  const raw = renderEcharts(option, CHART_WIDTH, height);
  const id = createHash('sha256')
    .update(JSON.stringify([spec, series]))
    .digest('hex')
    .slice(0, 10);
  return sanitizeSvg(raw, {
    idPrefix: `chart-${id}`,
    rootAttributes: { width: String(CHART_WIDTH), height: String(height), viewBox: `0 0 ${CHART_WIDTH} ${height}`, role: 'img', 'aria-label': alt },
  });
}

interface EchartsInstance {
  setOption(option: unknown): void;
  renderToSVGString(opts?: { useViewBox?: boolean }): string;
  dispose(): void;
}

interface EchartsModule {
  init(dom: null, theme: null, opts: { renderer: 'svg'; ssr: true; width: number; height: number }): EchartsInstance;
}

let echartsModule: EchartsModule | null = null;

/** ECharts (its CommonJS build), loaded on the first chart rather than at boot. */
function echarts(): EchartsModule {
  echartsModule ??= require('echarts') as EchartsModule;
  return echartsModule;
}

function renderEcharts(option: unknown, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
