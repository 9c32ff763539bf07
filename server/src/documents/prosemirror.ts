import * as Y from 'yjs';
import { DOC_BODY, MAX_DOCUMENT_DEPTH, type PmMark, type PmNode } from '@knowledge-hub/shared';

/**
 * Conversion between the Yjs body (as y-prosemirror / Tiptap's Collaboration
 * store it) and ProseMirror JSON: XmlElement nodeName = node type, attributes
 * = attrs; XmlText runs carry marks as formatting attributes (mark name →
 * mark attrs). Deterministic, so equal documents give equal JSON and hashes.
 *
 * The body comes from any writer, so the conversion is also the boundary for
 * hostile shapes: nesting deeper than MAX_DOCUMENT_DEPTH is refused
 * (DocumentTooDeepError) before anything recursive (rendering, diffing,
 * hashing, jsonb) sees it; NUL characters, which Postgres text and jsonb
 * cannot store, are dropped; attribute values other than strings, finite
 * numbers, booleans and null (nested objects, binary, bigint) are left out.
 */
export function bodyToProseMirror(doc: Y.Doc): PmNode {
  return { type: 'doc', content: childrenToPm(doc.getXmlFragment(DOC_BODY), 1) };
}

export class DocumentTooDeepError extends Error {
  constructor() {
    super(`The document nests deeper than ${MAX_DOCUMENT_DEPTH} levels`);
  }
}

/** Text Postgres can store: without NUL characters. */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

function childrenToPm(parent: Y.XmlFragment | Y.XmlElement, depth: number): PmNode[] {
  if (depth > MAX_DOCUMENT_DEPTH) throw new DocumentTooDeepError();
  const out: PmNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) out.push(...textToPm(child));
    else if (child instanceof Y.XmlElement) out.push(elementToPm(child, depth));
  }
  return out;
}

function elementToPm(el: Y.XmlElement, depth: number): PmNode {
  const node: PmNode = { type: storableText(el.nodeName) };
  const attrs = plainAttrs(el.getAttributes() as Record<string, unknown>);
  if (attrs) node.attrs = attrs;
  const content = childrenToPm(el, depth + 1);
  if (content.length > 0) node.content = content;
  return node;
}

function textToPm(text: Y.XmlText): PmNode[] {
  const delta = text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
  const out: PmNode[] = [];
  for (const d of delta) {
    if (typeof d.insert !== 'string') continue;
    const insert = storableText(d.insert);
    if (insert.length === 0) continue;
    const node: PmNode = { type: 'text', text: insert };
    const marks = marksOf(d.attributes);
    if (marks.length > 0) node.marks = marks;
    out.push(node);
  }
  return out;
}

function marksOf(attributes: Record<string, unknown> | undefined): PmMark[] {
  if (!attributes) return [];
  return Object.keys(attributes)
    .sort()
    .map((key) => {
      // y-prosemirror may suffix overlapping marks of one type with "--<hash>".
      const type = storableText(key).replace(/--[a-zA-Z0-9+/=]{8}$/, '');
      const value = attributes[key];
      const mark: PmMark = { type };
      const attrs = value && typeof value === 'object' ? plainAttrs(value as Record<string, unknown>) : null;
      if (attrs) mark.attrs = attrs;
      return mark;
    });
}

/** Attributes with plain values (or flat lists of them, e.g. column widths) only, keys sorted; null when none are left. */
function plainAttrs(attrs: Record<string, unknown>): Record<string, unknown> | null {
  const out: [string, unknown][] = [];
  for (const key of Object.keys(attrs).sort()) {
    const value = attrs[key];
    if (key.includes('\u0000')) continue;
    if (isPlain(value)) out.push([key, plainValue(value)]);
    else if (Array.isArray(value) && value.every(isPlain)) out.push([key, value.map(plainValue)]);
  }
  return out.length > 0 ? Object.fromEntries(out) : null;
}

type Plain = string | number | boolean | null;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null;
}

function plainValue(value: Plain): Plain {
  return typeof value === 'string' ? storableText(value) : value;
}

/** Builds Yjs body nodes from ProseMirror JSON (for restoring a revision as a forward edit). */
export function proseMirrorToYjs(doc: PmNode): (Y.XmlElement | Y.XmlText)[] {
  return pmChildrenToYjs(doc.content ?? []);
}

function pmChildrenToYjs(children: PmNode[]): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  let run: PmNode[] = [];
  const flushText = () => {
    if (run.length === 0) return;
    const t = new Y.XmlText();
    t.applyDelta(run.map((n) => ({ insert: n.text ?? '', attributes: markAttributes(n.marks) })));
    out.push(t);
    run = [];
  };
  for (const child of children) {
    if (child.type === 'text') {
      run.push(child);
      continue;
    }
    flushText();
    const el = new Y.XmlElement(child.type);
    for (const [k, v] of Object.entries(child.attrs ?? {})) if (v !== null && v !== undefined) el.setAttribute(k, v as string);
    el.insert(0, pmChildrenToYjs(child.content ?? []));
    out.push(el);
  }
  flushText();
  return out;
}

function markAttributes(marks: PmMark[] | undefined): Record<string, unknown> | undefined {
  if (!marks || marks.length === 0) return undefined;
  return Object.fromEntries(marks.map((m) => [m.type, m.attrs ?? {}]));
}
