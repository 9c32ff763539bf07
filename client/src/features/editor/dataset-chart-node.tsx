import { Component, lazy, Suspense, type ReactNode, useMemo, useState } from 'react';
import { Node } from '@tiptap/core';
import { NodeViewWrapper, type NodeViewProps, ReactNodeViewRenderer } from '@tiptap/react';
import { useQuery } from '@tanstack/react-query';
import { DATASET_CHART_NODE } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { chartPreview, datasetKeys } from '../datasets/datasets.api';
import { loadOnce } from '../../ui/load-once';

// Asked for again after a failure (lazy() keeps a failed import): see FormLoadBoundary's retry.
const loadFormChunk = loadOnce(() => import('./dataset-chart-form'));

/**
 * The `datasetChart` node (issue 12): a chart of one approved version of a
 * dataset of the entry's group. Attrs as the shared model names them:
 * datasetId, version (the chart stays on it) and spec (a DatasetChartSpec as
 * a JSON string). In the editor it shows the server's rendering of the chart
 * (GET /api/charts/preview: the same renderer as the public page) and, for
 * those who may edit, a form to pick the dataset, version, type, columns,
 * filter, aggregate, title and text alternative.
 */

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    datasetChart: {
      /** Inserts an empty chart whose form is open. */
      insertDatasetChart: () => ReturnType;
    };
  }
}

export const DatasetChart = Node.create({
  name: DATASET_CHART_NODE,
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      datasetId: { default: null, parseHTML: (el: HTMLElement) => el.getAttribute('data-dataset-id'), renderHTML: (a) => ({ 'data-dataset-id': a.datasetId }) },
      version: {
        default: null,
        parseHTML: (el: HTMLElement) => Number(el.getAttribute('data-version')) || null,
        renderHTML: (a) => ({ 'data-version': a.version }),
      },
      spec: { default: null, parseHTML: (el: HTMLElement) => el.getAttribute('data-spec'), renderHTML: (a) => ({ 'data-spec': a.spec }) },
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-dataset-chart]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['figure', { 'data-dataset-chart': '', ...HTMLAttributes }];
  },

  addCommands() {
    return {
      insertDatasetChart:
        () =>
        ({ commands }) =>
          commands.insertContent({ type: this.name }),
    };
  },

  addNodeView() {
    return ReactNodeViewRenderer(DatasetChartView);
  },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The chart a node's attrs name, for its preview: a dataset id, an approved version and a spec that is a JSON
 * object; null if they name none (an empty chart, or attrs no form made). Only their shape is read here: the spec
 * itself is checked by the server, which draws the preview (its refusal is shown in the chart's place) and checks
 * the document, and by the form's chunk (datasetChartAttrs) when someone opens it.
 */
export function chartOf(attrs: Record<string, unknown>): { datasetId: string; version: number; spec: string } | null {
  // As the shared check reads them (datasetChartAttrs): the id in any case, the version as a number.
  const { datasetId, spec } = attrs;
  const version = Number(attrs.version);
  if (typeof datasetId !== 'string' || !UUID.test(datasetId) || !Number.isInteger(version) || version < 1) return null;
  if (typeof spec !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(spec);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? { datasetId: datasetId.toLowerCase(), version, spec } : null;
  } catch {
    return null;
  }
}

/** The form's chunk could not be fetched (offline, a new deployment): said in the chart's place, with a retry. */
class FormLoadBoundary extends Component<{ children: ReactNode; retry: string; failed: string; onRetry: () => void }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <p className="error small" role="alert">
        {this.props.failed}{' '}
        <button
          type="button"
          className="button small"
          onClick={() => {
            this.props.onRetry();
            this.setState({ failed: false });
          }}
        >
          {this.props.retry}
        </button>
      </p>
    );
  }
}

function DatasetChartView({ node, updateAttributes, editor, selected }: NodeViewProps) {
  const { t } = useI18n();
  const attrs = node.attrs as Record<string, unknown>;
  const chart = chartOf(attrs);
  const [editing, setEditing] = useState(chart === null);
  // A form component per attempt: lazy() keeps a failed import for good.
  const [formAttempt, setFormAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt is what makes a new lazy component
  const ChartForm = useMemo(() => lazy(() => loadFormChunk().then((m) => ({ default: m.ChartForm }))), [formAttempt]);
  return (
    <NodeViewWrapper className={`editor-chart${selected ? ' selected' : ''}`} data-testid="dataset-chart">
      <div contentEditable={false}>
        {chart ? <ChartPreview datasetId={chart.datasetId} version={chart.version} spec={chart.spec} /> : <p className="muted">{t('chart.empty')}</p>}
        {editor.isEditable &&
          (editing ? (
            <FormLoadBoundary failed={t('chart.formUnavailable')} retry={t('common.retry')} onRetry={() => setFormAttempt((n) => n + 1)}>
              <Suspense fallback={<p className="muted small">{t('common.loading')}</p>}>
                <ChartForm
                  attrs={attrs}
                  onCancel={() => setEditing(false)}
                  onApply={(datasetId, version, spec) => {
                    updateAttributes({ datasetId, version, spec: JSON.stringify(spec) });
                    setEditing(false);
                  }}
                />
              </Suspense>
            </FormLoadBoundary>
          ) : (
            <button type="button" className="button small" onClick={() => setEditing(true)} data-testid="chart-edit">
              {t('chart.edit')}
            </button>
          ))}
      </div>
    </NodeViewWrapper>
  );
}

function ChartPreview({ datasetId, version, spec }: { datasetId: string; version: number; spec: string }) {
  const { t, lang } = useI18n();
  const preview = useQuery({
    queryKey: datasetKeys.preview(datasetId, version, spec, lang),
    queryFn: ({ signal }) => chartPreview(datasetId, version, spec, lang, signal),
    retry: false,
  });
  if (preview.error) return <p className="error small">{errorText(t, preview.error)}</p>;
  // The chart's box is kept while it loads: the text below does not jump when it arrives.
  if (!preview.data)
    return (
      <div className="chart-pending muted small" data-testid="chart-pending">
        {t('common.loading')}
      </div>
    );
  // The server's sanitised figure (allow-listed SVG, escaped text): the same HTML the public page shows.
  // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitised by the hub's chart renderer
  return <div className="chart-preview" data-testid="chart-preview" dangerouslySetInnerHTML={{ __html: preview.data.html }} />;
}
