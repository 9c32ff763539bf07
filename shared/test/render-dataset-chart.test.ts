import { describe, expect, it } from 'vitest';
import { datasetChartAttrs, type PmNode, nodeText, renderHtml, topLevelBlocks } from '../src/index.js';

const datasetId = '0b6f3a52-6d0e-4a4e-9a43-3f1f2b9a5c11';
const spec = { type: 'line', x: 'date', y: 'cases', series: 'country', title: 'Daily cases', alt: 'Cases over time' };

function chart(attrs: Record<string, unknown>): PmNode {
  return { type: 'doc', content: [{ type: 'datasetChart', attrs }] };
}

describe('datasetChart node', () => {
  it('reads its attrs with the spec as a JSON string (as the body stores it) or an object', () => {
    expect(datasetChartAttrs({ type: 'datasetChart', attrs: { datasetId, version: 2, spec: JSON.stringify(spec) } })).toEqual({ datasetId, version: 2, spec });
    expect(datasetChartAttrs({ type: 'datasetChart', attrs: { datasetId, version: '3', spec } })?.version).toBe(3);
  });

  it('refuses attrs that do not name a dataset, a version and a valid chart', () => {
    for (const attrs of [
      { version: 1, spec: JSON.stringify(spec) },
      { datasetId: 'not-a-uuid', version: 1, spec: JSON.stringify(spec) },
      { datasetId, version: 0, spec: JSON.stringify(spec) },
      { datasetId, version: 1.5, spec: JSON.stringify(spec) },
      { datasetId, version: 1, spec: '{not json' },
      { datasetId, version: 1, spec: JSON.stringify({ ...spec, type: 'pie' }) },
      { datasetId, version: 1, spec: JSON.stringify({ ...spec, extra: 1 }) },
    ]) {
      expect(datasetChartAttrs({ type: 'datasetChart', attrs })).toBeNull();
    }
  });

  it('renders through the injected renderChart with the validated attrs', () => {
    const seen: unknown[] = [];
    const html = renderHtml(chart({ datasetId, version: 2, spec: JSON.stringify(spec) }), {
      renderChart: (attrs) => {
        seen.push(attrs);
        return '<figure class="dataset-chart">svg</figure>';
      },
    });
    expect(html).toBe('<figure class="dataset-chart">svg</figure>');
    expect(seen).toEqual([{ datasetId, version: 2, spec }]);
  });

  it('shows a placeholder with the (escaped) title without a renderer, when it throws, or for invalid attrs', () => {
    const node = chart({ datasetId, version: 2, spec: JSON.stringify({ ...spec, title: '<b>Cases</b>' }) });
    const placeholder = '<figure class="dataset-chart dataset-chart-missing"><figcaption>&lt;b&gt;Cases&lt;/b&gt;</figcaption></figure>';
    expect(renderHtml(node)).toBe(placeholder);
    expect(
      renderHtml(node, {
        renderChart: () => {
          throw new Error('no data');
        },
      }),
    ).toBe(placeholder);
    expect(renderHtml(chart({ datasetId, version: 2, spec: '{' }), { renderChart: () => '<svg>' })).toBe(
      '<figure class="dataset-chart dataset-chart-missing"><figcaption>Chart</figcaption></figure>',
    );
  });

  it('gives search its title and alt text, and the diff its pinned version and settings', () => {
    const doc = chart({ datasetId, version: 2, spec: JSON.stringify(spec) });
    expect(nodeText(doc)).toBe('Daily cases\nCases over time');
    const [block] = topLevelBlocks(doc);
    expect(block.type).toBe('datasetChart');
    expect(block.text).toContain(`dataset ${datasetId} version 2`);
    const newer = topLevelBlocks(chart({ datasetId, version: 3, spec: JSON.stringify(spec) }))[0];
    expect(newer.text).not.toBe(block.text);
  });
});
