import { useId, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import {
  CHART_TYPES,
  DATASET_AGGS,
  type DatasetAgg,
  type DatasetChartSpec,
  datasetChartSpec,
  datasetWhereParam,
  type DatasetWhere,
} from '@knowledge-hub/shared';
import { getEntry } from '../../api/entries.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { listDatasets, datasetKeys, getDataset } from '../datasets/datasets.api';
import { chartOf } from './dataset-chart-node';

/*
 * The chart's form (dataset, version, type, columns, filter, aggregate, title, text alternative): a chunk of its
 * own, with the shared schemas and zod that check what it makes. Fetched when someone opens it, never on the
 * editor's load (evaluating zod was one of the longest tasks of an entry's load on a phone).
 */

export interface Draft {
  datasetId: string;
  version: number | null;
  type: DatasetChartSpec['type'];
  x: string;
  y: string[];
  series: string;
  where: string;
  agg: DatasetAgg | '';
  title: string;
  alt: string;
}

export function draftOf(attrs: Record<string, unknown>): Draft {
  // As datasetChartAttrs reads them, without importing it: the shared module that holds it is also the editor's,
  // and would carry the schemas (and zod) into the editor's load. The editor-model tests compare the two.
  const chart = chartOf(attrs);
  const parsed = chart ? datasetChartSpec.safeParse(JSON.parse(chart.spec)) : null;
  const spec = parsed?.success ? parsed.data : undefined;
  return {
    datasetId: typeof attrs.datasetId === 'string' ? attrs.datasetId : '',
    version: typeof attrs.version === 'number' ? attrs.version : null,
    type: spec?.type ?? 'line',
    x: spec?.x ?? '',
    y: spec ? (Array.isArray(spec.y) ? spec.y : [spec.y]) : [],
    series: spec?.series ?? '',
    where: spec?.where ? whereText(spec.where) : '',
    agg: spec?.agg ?? '',
    title: spec?.title ?? '',
    alt: spec?.alt ?? '',
  };
}

const escapePart = (s: string) => s.replace(/[\\:;|]/g, (c) => `\\${c}`);

/** The `where` text form (`country:in:France|Chile;date:ge:2021-01-01`) of conditions. */
export function whereText(where: DatasetWhere): string {
  return where
    .map((c) => `${escapePart(c.column)}:${c.op}:${Array.isArray(c.value) ? c.value.map((v) => escapePart(String(v))).join('|') : escapePart(String(c.value))}`)
    .join(';');
}

/** The spec a draft makes, or the reason it makes none. */
export function specOf(draft: Draft): { spec: DatasetChartSpec } | { problem: string } {
  const where = datasetWhereParam.safeParse(draft.where);
  if (!where.success) return { problem: where.error.issues[0]?.message ?? 'where' };
  const parsed = datasetChartSpec.safeParse({
    type: draft.type,
    x: draft.x,
    y: draft.y.length === 1 ? draft.y[0] : draft.y,
    ...(draft.series ? { series: draft.series } : {}),
    ...(where.data.length > 0 ? { where: where.data } : {}),
    ...(draft.agg ? { agg: draft.agg } : {}),
    ...(draft.title.trim() ? { title: draft.title.trim() } : {}),
    ...(draft.alt.trim() ? { alt: draft.alt.trim() } : {}),
  });
  return parsed.success ? { spec: parsed.data } : { problem: parsed.error.issues[0]?.message ?? 'spec' };
}

interface ChartFormProps {
  /** The node's attrs: the form starts from what they hold. */
  attrs: Record<string, unknown>;
  onApply: (datasetId: string, version: number, spec: DatasetChartSpec) => void;
  onCancel: () => void;
}

export function ChartForm({ attrs, onApply, onCancel }: ChartFormProps) {
  const { t, lang } = useI18n();
  const entryId = useParams().entryId ?? '';
  const entry = useQuery({ queryKey: queryKeys.entry(entryId), queryFn: ({ signal }) => getEntry(entryId, signal), enabled: entryId !== '' });
  const groupSlug = entry.data?.groupSlug ?? '';
  const datasets = useQuery({
    queryKey: datasetKeys.ofGroup(groupSlug),
    queryFn: ({ signal }) => listDatasets(groupSlug, signal),
    enabled: groupSlug !== '',
  });
  const [draft, setDraft] = useState<Draft>(() => draftOf(attrs));
  const dataset = useQuery({
    queryKey: datasetKeys.dataset(draft.datasetId),
    queryFn: ({ signal }) => getDataset(draft.datasetId, signal),
    enabled: draft.datasetId !== '',
  });
  const approved = useMemo(() => (dataset.data?.versions ?? []).filter((v) => v.status === 'approved'), [dataset.data]);
  const columns = approved.find((v) => v.number === draft.version)?.columns ?? [];
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const result = specOf(draft);
  const ready = draft.datasetId !== '' && draft.version !== null && 'spec' in result;

  const ids = useId();
  const columnSelect = (value: string, onChange: (v: string) => void, testid: string, optional = false) => (
    <select id={`${ids}-${testid}`} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testid}>
      <option value="">{optional ? t('chart.none') : '—'}</option>
      {columns.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name} ({c.type})
        </option>
      ))}
    </select>
  );

  return (
    <div className="chart-form form" data-testid="chart-form">
      <label>
        {t('chart.dataset')}
        <select
          value={draft.datasetId}
          onChange={(e) => set({ datasetId: e.target.value, version: null, x: '', y: [], series: '' })}
          data-testid="chart-dataset"
        >
          <option value="">—</option>
          {(datasets.data ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {lang === 'zh' && d.titleZh ? d.titleZh : d.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('chart.version')}
        <select
          value={draft.version ?? ''}
          onChange={(e) => set({ version: e.target.value ? Number(e.target.value) : null })}
          disabled={approved.length === 0}
          data-testid="chart-version"
        >
          <option value="">{draft.datasetId && dataset.data && approved.length === 0 ? t('chart.noApproved') : '—'}</option>
          {approved.map((v) => (
            <option key={v.id} value={v.number}>
              {t('datasets.version', { number: v.number })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('chart.type')}
        <select value={draft.type} onChange={(e) => set({ type: e.target.value as Draft['type'] })} data-testid="chart-type">
          {CHART_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`chart.type.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${ids}-chart-x`}>
        {t('chart.x')}
        {columnSelect(draft.x, (x) => set({ x }), 'chart-x')}
      </label>
      <fieldset>
        <legend>{t('chart.y')}</legend>
        {columns.map((c) => (
          <label key={c.name} className="inline">
            <input
              type="checkbox"
              checked={draft.y.includes(c.name)}
              onChange={(e) => set({ y: e.target.checked ? [...draft.y, c.name] : draft.y.filter((n) => n !== c.name) })}
              data-testid={`chart-y-${c.name}`}
            />{' '}
            {c.name}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${ids}-chart-series`}>
        {t('chart.series')}
        {columnSelect(draft.series, (series) => set({ series }), 'chart-series', true)}
      </label>
      <label>
        {t('chart.where')}
        <input value={draft.where} onChange={(e) => set({ where: e.target.value })} placeholder="country:in:France|Chile" data-testid="chart-where" />
      </label>
      <label>
        {t('chart.agg')}
        <select value={draft.agg} onChange={(e) => set({ agg: e.target.value as Draft['agg'] })} data-testid="chart-agg">
          <option value="">{t('chart.none')}</option>
          {DATASET_AGGS.map((agg) => (
            <option key={agg} value={agg}>
              {agg}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('chart.title')}
        <input value={draft.title} onChange={(e) => set({ title: e.target.value })} data-testid="chart-title" />
      </label>
      <label>
        {t('chart.alt')}
        <textarea value={draft.alt} onChange={(e) => set({ alt: e.target.value })} rows={2} placeholder={t('chart.altHint')} data-testid="chart-alt" />
      </label>
      {'problem' in result && draft.x !== '' && draft.y.length > 0 && <p className="error small">{result.problem}</p>}
      <div className="actions">
        <button
          type="button"
          className="button small primary"
          disabled={!ready}
          onClick={() => 'spec' in result && draft.version !== null && onApply(draft.datasetId, draft.version, result.spec)}
          data-testid="chart-apply"
        >
          {t('chart.apply')}
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
