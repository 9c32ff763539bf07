import { Injectable, type OnModuleInit } from '@nestjs/common';
import type * as Y from 'yjs';
import type { ChartPreviewDto, ChartPreviewQuery, DatasetChartAttrs } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { authorize } from '../../common/policy';
import { readMeta } from '../../documents/entry-doc';
import { DatasetQueryService } from '../datasets/dataset-query.service';
import { ChartFreezeHook, type ChartHtml } from './chart-freeze-hook.service';
import { chartQuery, repeatedColumns } from './chart-query';
import { type ChartLanguage, type RenderedChart, renderChart } from './chart-renderer';
import { chartKey, chartsOfDoc } from './charts-of-doc';

/**
 * Charts of dataset versions (issue 12): rendered when a revision is frozen
 * (so a published entry keeps the picture of the version its chart names,
 * whatever is approved later) and on demand for the workspace's preview.
 * Only approved versions are drawn.
 */
@Injectable()
export class ChartsService implements OnModuleInit {
  constructor(
    private readonly datasets: DatasetQueryService,
    private readonly freezeHook: ChartFreezeHook,
  ) {}

  onModuleInit(): void {
    this.freezeHook.register((doc) => this.forFreeze(doc));
  }

  /** The preview of a chart node in the workspace: the same figure readers will get. */
  async preview(actor: Actor | null, query: ChartPreviewQuery): Promise<ChartPreviewDto> {
    authorize(actor, true, 'preview charts');
    const chart = await this.render({ datasetId: query.datasetId, version: query.version, spec: query.spec }, query.lang);
    return { html: chart.html, alt: chart.alt, csvUrl: chart.csvUrl };
  }

  /** A chart of an approved version, or 404 (dataset, approved version) / 400 (columns the version lacks, a column named twice). */
  async render(attrs: DatasetChartAttrs, language: ChartLanguage): Promise<RenderedChart> {
    const repeated = repeatedColumns(attrs.spec);
    if (repeated.length > 0) {
      throw new DomainError('validation_failed', `A chart names ${repeated.join(', ')} twice: x, series and y must be different columns`, [
        { path: 'spec', message: `Named twice: ${repeated.join(', ')}` },
      ]);
    }
    const { dataset, version } = await this.datasets.approvedVersion(attrs.datasetId, attrs.version);
    const result = await this.datasets.run(version, chartQuery(attrs.spec));
    const title = language === 'zh' && dataset.titleZh.trim() ? dataset.titleZh : dataset.title;
    return renderChart({ spec: attrs.spec, dataset: { slug: dataset.slug, title }, version: version.number, result, language });
  }

  /**
   * Every chart of a document about to be frozen, rendered; a chart that
   * cannot be drawn (not set up, a version that is not approved, a column the
   * version lacks) refuses the submission with 400 validation_failed naming
   * it, rather than publishing a broken figure.
   */
  async forFreeze(doc: Y.Doc): Promise<ChartHtml | undefined> {
    const charts = chartsOfDoc(doc);
    if (charts.length === 0) return undefined;
    const language: ChartLanguage = readMeta(doc).language.startsWith('zh') ? 'zh' : 'en';
    const rendered = new Map<string, string>();
    const problems: { path: string; message: string }[] = [];
    for (const [i, chart] of charts.entries()) {
      const name = `Chart ${i + 1}${chart.title ? ` (${chart.title})` : ''}`;
      if (!chart.attrs) {
        problems.push({ path: `charts.${i}`, message: `${name} has no dataset, version or chart settings yet` });
        continue;
      }
      const key = chartKey(chart.attrs);
      if (rendered.has(key)) continue;
      try {
        rendered.set(key, (await this.render(chart.attrs, language)).html);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        problems.push({ path: `charts.${i}`, message: `${name} cannot be drawn: ${err.message}` });
      }
    }
    if (problems.length > 0) throw new DomainError('validation_failed', problems.map((p) => p.message).join('; '), problems);
    return (attrs) => {
      const html = rendered.get(chartKey(attrs));
      if (html === undefined) throw new Error('chart not prepared');
      return html;
    };
  }
}
