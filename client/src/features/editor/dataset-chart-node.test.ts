// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import { datasetChartAttrs, type DatasetChartSpec } from '@knowledge-hub/shared';
import { draftOf, specOf, whereText } from './dataset-chart-form';
import { chartOf } from './dataset-chart-node';
import { contentExtensions } from './editor-extensions';
import { EditorUi } from './editor-ui';

const refs = { has: () => false, observe: () => undefined, unobserve: () => undefined };
let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

const datasetId = '0b6f3a52-6d0e-4a4e-9a43-3f1f2b9a5c11';
const spec: DatasetChartSpec = {
  type: 'bar',
  x: 'date',
  y: ['cases', 'deaths'],
  series: 'country',
  where: [
    { column: 'country', op: 'in', value: ['France', 'Côte: d|Ivoire'] },
    { column: 'date', op: 'ge', value: '2021-01-01' },
  ],
  agg: 'sum',
  title: '病例',
  alt: 'Bars',
};

describe('datasetChart node', () => {
  it('is inserted empty by the toolbar command and keeps the shared model’s attrs (spec as a JSON string)', () => {
    editor = new Editor({ element: document.createElement('div'), extensions: contentExtensions(new EditorUi(), 'entry-1', refs), content: '<p>x</p>' });
    expect(editor.commands.insertDatasetChart()).toBe(true);
    const inserted = editor.getJSON().content?.find((n) => n.type === 'datasetChart');
    expect(inserted?.attrs).toEqual({ datasetId: null, version: null, spec: null });
    editor.commands.setContent({ type: 'doc', content: [{ type: 'datasetChart', attrs: { datasetId, version: 2, spec: JSON.stringify(spec) } }] });
    const node = editor.getJSON().content?.[0];
    expect(datasetChartAttrs({ type: 'datasetChart', attrs: node?.attrs })).toEqual({ datasetId, version: 2, spec });
  });

  it('turns a node into the form’s draft and back into the same spec (the filter written as text)', () => {
    const draft = draftOf({ datasetId, version: 2, spec: JSON.stringify(spec) });
    expect(draft.where).toBe('country:in:France|Côte\\: d\\|Ivoire;date:ge:2021-01-01');
    expect(specOf(draft)).toEqual({ spec });
    expect(whereText([])).toBe('');
  });

  it('says why a draft makes no chart', () => {
    const draft = draftOf({});
    expect('problem' in specOf({ ...draft, x: 'date', y: [] })).toBe(true);
    expect('problem' in specOf({ ...draft, x: 'date', y: ['cases'], where: 'country:like:x' })).toBe(true);
    expect(specOf({ ...draft, x: 'date', y: ['cases'] })).toEqual({ spec: { type: 'line', x: 'date', y: 'cases' } });
  });
});

describe('chartOf (what the editor previews without loading the form and its schemas)', () => {
  it('names the chart of attrs a form made, with the spec as stored', () => {
    const attrs = { datasetId, version: 2, spec: JSON.stringify(spec) };
    expect(chartOf(attrs)).toEqual({ datasetId, version: 2, spec: JSON.stringify(spec) });
    // Whatever it lets through, the full check (the form's, the server's) agrees names a chart.
    expect(datasetChartAttrs({ type: 'datasetChart', attrs })).not.toBeNull();
  });

  it('reads the id and version as the shared check does (any case, a number in a string)', () => {
    const attrs = { datasetId: datasetId.toUpperCase(), version: '2', spec: JSON.stringify(spec) };
    expect(chartOf(attrs)).toEqual({ datasetId, version: 2, spec: JSON.stringify(spec) });
    expect(datasetChartAttrs({ type: 'datasetChart', attrs })?.version).toBe(2);
  });

  it('names none for an empty chart or attrs of the wrong shape (the form opens instead)', () => {
    expect(chartOf({ datasetId: null, version: null, spec: null })).toBeNull();
    expect(chartOf({ datasetId: 'not-a-uuid', version: 2, spec: '{}' })).toBeNull();
    expect(chartOf({ datasetId, version: 0, spec: '{}' })).toBeNull();
    expect(chartOf({ datasetId, version: 1.5, spec: '{}' })).toBeNull();
    expect(chartOf({ datasetId, version: 2, spec: '{not json' })).toBeNull();
    expect(chartOf({ datasetId, version: 2, spec: '[1,2]' })).toBeNull();
    expect(chartOf({ datasetId, version: 2, spec: 'null' })).toBeNull();
    expect(chartOf({ datasetId, version: 2, spec: { type: 'bar' } })).toBeNull();
  });
});
