import * as Y from 'yjs';
import { DATASET_CHART_NODE, DOC_BODY, type DatasetChartAttrs, datasetChartAttrs, MAX_DOCUMENT_DEPTH } from '@knowledge-hub/shared';

/** A chart node of a live body: its attrs when valid (null otherwise) and the title it carries, for messages. */
export interface DocChart {
  attrs: DatasetChartAttrs | null;
  title: string;
}

/** Every `datasetChart` of the live body, in document order. */
export function chartsOfDoc(doc: Y.Doc): DocChart[] {
  const out: DocChart[] = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement, depth: number) => {
    if (depth > MAX_DOCUMENT_DEPTH) return;
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === DATASET_CHART_NODE) {
        const raw = child.getAttributes() as Record<string, unknown>;
        const attrs = datasetChartAttrs({ type: DATASET_CHART_NODE, attrs: raw });
        const spec = typeof raw.spec === 'string' ? raw.spec : '';
        const title = attrs?.spec.title?.trim() || /"title"\s*:\s*"([^"]{1,80})"/.exec(spec)?.[1] || '';
        out.push({ attrs, title });
      }
      walk(child, depth + 1);
    }
  };
  walk(doc.getXmlFragment(DOC_BODY), 0);
  return out;
}

/** One key per distinct chart (same dataset, version and spec → same picture). */
export function chartKey(attrs: DatasetChartAttrs): string {
  return JSON.stringify([attrs.datasetId, attrs.version, attrs.spec]);
}
