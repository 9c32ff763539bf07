import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import {
  DOC_BODY,
  type DatasetChartAttrs,
  type ReportAttrs,
  docReferences,
  figuresOf,
  type ImageSources,
  MAX_SUMMARY_CHARS,
  MAX_TITLE_CHARS,
  nodeText,
  type PmNode,
  readReferences,
  type References,
  referencesToJson,
  referenceText,
  renderHtml,
  sanitizeMentions,
} from '@knowledge-hub/shared';
import { readMeta, type EntryMeta } from '../../documents/entry-doc';
import { bodyToProseMirror, DocumentTooDeepError } from '../../documents/prosemirror';
import { DomainError } from '../../common/domain-error';
import { renderMath } from '../publishing/math';
import { formatBibliography } from '../references/citation';

/** Everything a revision freezes of a live document at one instant. */
export interface FrozenDocument {
  yjsState: Uint8Array;
  stateVector: Uint8Array;
  pmJson: PmNode;
  html: string;
  text: string;
  meta: EntryMeta;
  /** SHA-256 over the content readers would see (meta + body), hex. */
  contentHash: string;
}

export interface FreezeOptions {
  /** The file store's variants of the figures (srcset, intrinsic size); see FigureSourcesRepository. */
  imageSources?: (src: string) => ImageSources | null;
  /** The charts of the document, rendered beforehand (server/src/modules/charts); without it a chart freezes as a placeholder. */
  renderChart?: (attrs: DatasetChartAttrs) => string;
  /** The embedded reports' players, rendered beforehand (server/src/modules/reports); without it a report freezes as a placeholder. */
  renderReport?: (attrs: ReportAttrs) => string;
}

/**
 * Refuses what REST would refuse too, since anyone who writes sets meta through
 * collab: a blank title (400 title_required), a title or summary over its limit
 * (422 title_too_long / summary_too_long), and a body nested deeper than
 * MAX_DOCUMENT_DEPTH (422 document_too_deep). A figure without alt text is
 * refused too (400 alt_text_required, its issues list the figures).
 *
 * The revision's PM JSON carries the document's references (CSL items by id,
 * the top-level `references` map) as the doc node's `attrs.references`, so
 * the HTML (numbered citations, the reference list), the search text
 * (reference titles, authors, DOIs), the diff and the exports all read one
 * frozen snapshot. Formulas are rendered with KaTeX here, once.
 */
export function freezeDocument(doc: Y.Doc, options: FreezeOptions = {}): FrozenDocument {
  const meta = submittableMeta(readMeta(doc));
  const references = readReferences(doc);
  const pmJson = sanitizeMentions(proseMirrorOf(doc));
  if (references.size > 0) pmJson.attrs = { references: referencesToJson(references) };
  requireAltText(pmJson);
  const contentHash = createHash('sha256')
    .update(JSON.stringify({ title: meta.title, summary: meta.summary, tags: meta.tags, language: meta.language, body: pmJson }))
    .digest('hex');
  return {
    yjsState: Y.encodeStateAsUpdate(doc),
    stateVector: Y.encodeStateVector(doc),
    pmJson,
    ...renderRevision(pmJson, meta.language, options),
    meta,
    contentHash,
  };
}

/** A frozen document's HTML (KaTeX formulas, Vancouver reference list) and search text; its references are the doc's `attrs.references`. */
export function renderRevision(pmJson: PmNode, language: string, options: FreezeOptions = {}): { html: string; text: string } {
  const references = docReferences(pmJson);
  const html = renderHtml(pmJson, {
    renderMath,
    imageSources: options.imageSources,
    renderChart: options.renderChart,
    renderReport: options.renderReport,
    references,
    formatReferences: formatBibliography,
    referencesHeading: language.startsWith('zh') ? '参考文献' : 'References',
  });
  return { html, text: searchText(pmJson, references) };
}

/** What search indexes: the body's text (table cells, alt texts, captions, credits, LaTeX) and each reference's title, authors, source and DOI. */
export function searchText(pmJson: PmNode, references: References): string {
  const body = nodeText(pmJson, { references });
  const refs = [...references.values()].map(referenceText).filter(Boolean);
  return refs.length > 0 ? `${body}\n\n${refs.join('\n')}` : body;
}

/** 400 alt_text_required when a figure has no alt text (blank counts as none); the issues say which (index among the figures, src). */
function requireAltText(pmJson: PmNode): void {
  const missing = figuresOf(pmJson).filter((f) => f.alt.trim().length === 0);
  if (missing.length === 0) return;
  throw new DomainError(
    'alt_text_required',
    `${missing.length === 1 ? 'A figure has' : `${missing.length} figures have`} no alt text: describe ${missing.length === 1 ? 'it' : 'them'} for readers who cannot see ${missing.length === 1 ? 'it' : 'them'}`,
    missing.map((f) => ({ path: `figures.${f.index}`, message: `Figure ${f.index + 1} (${f.src || 'no file'}) has no alt text` })),
  );
}

/** The src of every figure in the live body (to look their variants up before freezing). */
export function figureSourcesOf(doc: Y.Doc): string[] {
  const out = new Set<string>();
  const walk = (node: Y.XmlFragment | Y.XmlElement, depth: number) => {
    if (depth > 200) return;
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'image') {
        const src = child.getAttribute('src') as unknown;
        if (typeof src === 'string') out.add(src);
      }
      walk(child, depth + 1);
    }
  };
  walk(doc.getXmlFragment(DOC_BODY), 0);
  return [...out];
}

/** Control characters (NUL is dropped on reading already); a summary keeps its line breaks. */
const TITLE_CONTROLS = /[\u0001-\u001f\u007f]+/g;
const SUMMARY_CONTROLS = /[\u0001-\u0009\u000b-\u001f\u007f]+/g;
/** Characters that show nothing: a title of only these is no title. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;

/**
 * The title and summary a revision freezes. The live texts may hold what REST
 * would refuse in a title (a member can type or paste anything into a Y.Text):
 * a published title is one line, so its control characters become spaces; a
 * summary keeps its line breaks (CR LF and CR become LF). A title that shows
 * nothing (empty, blank or invisible characters only) is refused.
 */
function submittableMeta(meta: EntryMeta): EntryMeta {
  const title = meta.title.replace(TITLE_CONTROLS, ' ').trim();
  const summary = meta.summary.replace(/\r\n?/g, '\n').replace(SUMMARY_CONTROLS, ' ').trim();
  if (title.replace(INVISIBLE, '').trim().length === 0) throw new DomainError('title_required', 'The entry needs a title before it can be submitted');
  if (title.length > MAX_TITLE_CHARS)
    throw new DomainError('title_too_long', `The title is ${title.length} characters long; at most ${MAX_TITLE_CHARS} are allowed`);
  if (summary.length > MAX_SUMMARY_CHARS) {
    throw new DomainError('summary_too_long', `The summary is ${summary.length} characters long; at most ${MAX_SUMMARY_CHARS} are allowed`);
  }
  return { ...meta, title, summary };
}

function proseMirrorOf(doc: Y.Doc): PmNode {
  try {
    return bodyToProseMirror(doc);
  } catch (err) {
    if (err instanceof DocumentTooDeepError) throw new DomainError('document_too_deep', `${err.message}: flatten it before submitting`);
    throw err;
  }
}

/** Authorship counters: user id → accepted updates sent on the entry (see UpdateLogRepository.appendRows). */
export type Authorship = Record<string, number>;

/**
 * The authors of a revision: users who sent updates since the published
 * revision was frozen (their counter grew), deletions and restores included.
 * `published` null (nothing published, or frozen before counters existed):
 * everyone who ever wrote.
 */
export function authorsSince(published: Authorship | null, now: Authorship): string[] {
  return Object.keys(now)
    .filter((userId) => now[userId] > (published?.[userId] ?? 0))
    .sort();
}

/**
 * True when `base` holds something `frozen` lacks (an edit counted or a Yjs
 * clock further on): `frozen` was read before `base` was frozen, and a
 * revision made from it would undo part of `base`.
 */
export function isBehind(
  frozen: { authorship: Authorship; stateVector: Uint8Array },
  base: { authorship: Authorship | null; stateVector: Uint8Array },
): boolean {
  const ours = Y.decodeStateVector(frozen.stateVector);
  for (const [client, clock] of Y.decodeStateVector(base.stateVector)) if (clock > (ours.get(client) ?? 0)) return true;
  return Object.entries(base.authorship ?? {}).some(([userId, edits]) => edits > (frozen.authorship[userId] ?? 0));
}
