import { citationLabel, type References, type ReferencesMapLike, referencesFrom, referencesFromJson } from './references.js';
import { type DatasetChartSpec, datasetChartSpec } from './datasets.js';

/**
 * The editor's document model, shared by the client (Tiptap) and the server
 * (which renders frozen revisions). ProseMirror JSON as Tiptap produces it,
 * with Tiptap's own node and mark names; only the node and mark types listed
 * here are ever rendered — anything else is dropped (its text kept), which is
 * what makes server-side HTML safe by construction.
 *
 * Nodes (besides StarterKit's paragraph, heading, lists, blockquote, codeBlock,
 * horizontalRule, hardBreak, text):
 * - `table` > `tableRow` > `tableHeader` | `tableCell` (cells hold blocks;
 *   attrs colspan, rowspan: integers 1…MAX_TABLE_SPAN; colwidth ignored).
 *   Tables do not nest: a table inside a cell renders as its cells' paragraphs.
 * - `image`: a block, attrs src (a file of this hub, see isHubFileSrc), alt
 *   (required to submit), title, caption, credit, width, height.
 * - `inlineMath` (inline atom) and `blockMath` (block atom), attr `latex`.
 * - `citation`: inline atom, attr `ref` = a key of the references map.
 * - `datasetChart` (issue 12): block atom, attrs datasetId (uuid), version (a
 *   version number: the chart is pinned to it), spec (a DatasetChartSpec as a
 *   JSON string, since the body keeps only flat attribute values); see
 *   datasetChartAttrs.
 * - `report` (issue 13): block atom, attr reportId (uuid): an approved video or
 *   audio report embedded with its player (see reportAttrs).
 * - `mention` (issue 14): inline atom, attrs id (the user's uuid) and label
 *   (their display name when inserted). Published as the plain text `@Label`,
 *   never with the id (see mentionAttrs).
 * Marks: bold, italic, underline, strike, code, link (attr href, isSafeHref).
 *
 * References live beside the body: a top-level Y.Map DOC_REFERENCES in the
 * entry's Y.Doc, id → CSL-JSON item (references.ts). A frozen revision keeps
 * a snapshot of them in its PM JSON as the doc node's `attrs.references`.
 */

export interface PmMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface PmNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PmNode[];
  marks?: PmMark[];
  text?: string;
}

export {
  BLOCK_MATH_NODE,
  CITATION_NODE,
  DATASET_CHART_NODE,
  DOC_REFERENCES,
  IMAGE_NODE,
  INLINE_MATH_NODE,
  LINK_MARK,
  MENTION_NODE,
  TABLE_CELL_NODE,
  TABLE_HEADER_NODE,
  TABLE_NODE,
  TABLE_ROW_NODE,
} from './node-names.js';
import { DOC_REFERENCES, MENTION_NODE } from './node-names.js';

/** Block node types that we render. */
export const BLOCK_NODES = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'codeBlock',
  'horizontalRule',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'image',
  'blockMath',
  'datasetChart',
  'report',
] as const;

/** Largest colspan / rowspan rendered; larger (or non-integer) spans count as 1. */
export const MAX_TABLE_SPAN = 50;
/** Longest LaTeX source rendered as math; a longer one is shown as its source. */
export const MAX_LATEX_CHARS = 4_000;
/** Largest image width / height attribute (pixels) we write. */
export const MAX_IMAGE_DIMENSION = 20_000;

// Links, hub file paths and bounded integers: a module of their own (safe-attrs.ts), re-exported here.
export { boundedInt, isHubFileSrc, isHubFileVariant, isInternalEntryHref, isSafeHref } from './safe-attrs.js';

/** What a `report` node names (issue 13). */
export interface ReportAttrs {
  reportId: string;
}

/** A `report` node's attrs, or null when its reportId is missing or not a uuid. */
export function reportAttrs(node: PmNode): ReportAttrs | null {
  const id = attrString(node, 'reportId').trim();
  return UUID.test(id) ? { reportId: id.toLowerCase() } : null;
}

/** Longest mention label kept (characters); a longer one is cut. */
export const MAX_MENTION_LABEL_CHARS = 80;

/** What a `mention` node names: the user (a uuid, or null when missing or malformed) and the label shown after `@`. */
export interface MentionAttrs {
  id: string | null;
  label: string;
}

/**
 * A `mention` node's attrs, sanitised (any writer can put anything there):
 * the label one line without control characters or a leading `@`, at most
 * MAX_MENTION_LABEL_CHARS; the id lower-cased when it is a uuid, else null.
 */
export function mentionAttrs(node: PmNode): MentionAttrs {
  const rawId = attrString(node, 'id').trim();
  const label = attrString(node, 'label')
    .slice(0, MAX_MENTION_LABEL_CHARS * 4)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/^[\s@]+/, '')
    .trim();
  return { id: UUID.test(rawId) ? rawId.toLowerCase() : null, label: [...label].slice(0, MAX_MENTION_LABEL_CHARS).join('').trim() };
}

/** What a mention reads as in text, search and the diff: `@Label`, or '' for a mention without a label. */
export function mentionText(node: PmNode): string {
  const { label } = mentionAttrs(node);
  return label ? `@${label}` : '';
}

/** Rewrites every mention's attrs to their sanitised form (a frozen revision stores only those); returns the document. */
export function sanitizeMentions(doc: PmNode): PmNode {
  const walk = (n: PmNode) => {
    if (n.type === MENTION_NODE) {
      const { id, label } = mentionAttrs(n);
      n.attrs = id ? { id, label } : { label };
    }
    for (const c of n.content ?? []) walk(c);
  };
  walk(doc);
  return doc;
}

/** What a `datasetChart` node names: the dataset, the version it is pinned to, and the chart. */
export interface DatasetChartAttrs {
  datasetId: string;
  version: number;
  spec: DatasetChartSpec;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A `datasetChart` node's attrs, validated (spec parsed from its JSON string, or taken as an object), or null when any is missing or invalid. */
export function datasetChartAttrs(node: PmNode): DatasetChartAttrs | null {
  const datasetId = node.attrs?.datasetId;
  const version = Number(node.attrs?.version);
  if (typeof datasetId !== 'string' || !UUID.test(datasetId) || !Number.isInteger(version) || version < 1) return null;
  let raw = node.attrs?.spec;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const spec = datasetChartSpec.safeParse(raw);
  return spec.success ? { datasetId: datasetId.toLowerCase(), version, spec: spec.data } : null;
}

/** A string attribute, or ''. */
export function attrString(node: PmNode, name: string): string {
  const v = node.attrs?.[name];
  return typeof v === 'string' ? v : '';
}

/** What readReferences needs of a Y.Doc (a Y.Doc is one; no yjs import here, see entry-doc.ts). */
export interface ReferencesDocLike {
  getMap(name: string): ReferencesMapLike;
}

/** The live document's references (validated; see referencesFrom). */
export function readReferences(doc: ReferencesDocLike): References {
  return referencesFrom(doc.getMap(DOC_REFERENCES));
}

/** The references snapshot a frozen PM document carries in `attrs.references` (empty when none). */
export function docReferences(doc: PmNode): References {
  return referencesFromJson(doc.attrs?.references);
}

export interface TextOptions {
  /** Resolves citations to a short label ("[Doe 2020]"); without it a citation reads "[ref]". */
  references?: References;
}

/** Plain text of a node: blocks separated by blank lines, list items by new lines, table cells by tabs. */
export function nodeText(node: PmNode, options: TextOptions = {}): string {
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'hardBreak':
      return '\n';
    case 'inlineMath':
    case 'blockMath':
      return attrString(node, 'latex');
    case 'mention':
      return mentionText(node);
    case 'citation': {
      const item = options.references?.get(attrString(node, 'ref'));
      return item ? `[${citationLabel(item)}]` : '[ref]';
    }
    case 'image':
      return ['alt', 'caption', 'credit']
        .map((a) => attrString(node, a).trim())
        .filter(Boolean)
        .join('\n');
    case 'datasetChart': {
      const chart = datasetChartAttrs(node);
      return chart
        ? [chart.spec.title, chart.spec.alt]
            .map((t) => t?.trim())
            .filter(Boolean)
            .join('\n')
        : '';
    }
    case 'table':
      return (node.content ?? []).map((row) => nodeText(row, options)).join('\n');
    case 'tableRow':
      return (node.content ?? []).map((cell) => nodeText(cell, options).replace(/\s*\n\s*/g, ' ')).join('\t');
  }
  const children = node.content ?? [];
  const isBlockContainer = children.some((c) => (BLOCK_NODES as readonly string[]).includes(c.type));
  return children.map((c) => nodeText(c, options)).join(isBlockContainer ? '\n\n' : '');
}

/**
 * The top-level blocks of a document, each with its type and plain text (used
 * by the diff). A figure's text ends with its file on a line of its own, so
 * that replacing the picture shows even when its words stay.
 */
export function topLevelBlocks(doc: PmNode, options: TextOptions = {}): { type: string; text: string }[] {
  const references = options.references ?? docReferences(doc);
  return (doc.content ?? [])
    .map((b) => {
      let text = nodeText(b, { references }).trim();
      if (b.type === 'image') text = [text, attrString(b, 'src')].filter(Boolean).join('\n');
      if (b.type === 'report') text = [text, `report ${reportAttrs(b)?.reportId ?? '(none)'}`].filter(Boolean).join('\n');
      if (b.type === 'datasetChart') {
        // The pinned version and the chart's settings show in the diff even when its title stays.
        const chart = datasetChartAttrs(b);
        text = [text, chart ? `dataset ${chart.datasetId} version ${chart.version}\n${JSON.stringify(chart.spec)}` : 'chart (invalid)']
          .filter(Boolean)
          .join('\n');
      }
      return { type: b.type, text };
    })
    .filter((b) => b.text.length > 0 || b.type === 'horizontalRule');
}

/** Every figure of a document in document order: its position among the figures (0-based), src and alt. */
export function figuresOf(doc: PmNode): { index: number; src: string; alt: string }[] {
  const out: { index: number; src: string; alt: string }[] = [];
  const walk = (n: PmNode) => {
    if (n.type === 'image') out.push({ index: out.length, src: attrString(n, 'src'), alt: attrString(n, 'alt') });
    for (const c of n.content ?? []) walk(c);
  };
  walk(doc);
  return out;
}

/** Reference ids in the order the document first cites them (known or not). */
export function citationOrder(doc: PmNode): string[] {
  const seen = new Set<string>();
  const walk = (n: PmNode) => {
    if (n.type === 'citation') {
      const ref = attrString(n, 'ref');
      if (ref) seen.add(ref);
    }
    for (const c of n.content ?? []) walk(c);
  };
  walk(doc);
  return [...seen];
}
