/*
 * The names of the entry document's parts that code names one by one, in a
 * module of their own: a client module that needs only a name (the
 * references panel, the toolbar) does not bring the document model and its
 * schemas (zod) along. editor-schema.ts re-exports them.
 */

/** The entry Y.Doc's top-level map of references (id → CSL-JSON item). */
export const DOC_REFERENCES = 'references';

/** The names of issue 11's nodes and marks (Tiptap's own), for code that names them one by one (the editor's extensions). */
export const LINK_MARK = 'link';
export const TABLE_NODE = 'table';
export const TABLE_ROW_NODE = 'tableRow';
export const TABLE_HEADER_NODE = 'tableHeader';
export const TABLE_CELL_NODE = 'tableCell';
export const IMAGE_NODE = 'image';
export const INLINE_MATH_NODE = 'inlineMath';
export const BLOCK_MATH_NODE = 'blockMath';
export const CITATION_NODE = 'citation';
export const MENTION_NODE = 'mention';
/** The editor node of a dataset chart (issue 12). */
export const DATASET_CHART_NODE = 'datasetChart';
/** The editor node embedding a report in an entry (issue 13; its attrs: reportAttrs). */
export const REPORT_NODE = 'report';
