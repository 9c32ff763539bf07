import * as Y from 'yjs';
import { DOC_BODY, type PmMark, type PmNode } from '@knowledge-hub/shared';

/**
 * Conversion between the Yjs body (as y-prosemirror / Tiptap's Collaboration
 * store it) and ProseMirror JSON: XmlElement nodeName = node type, attributes
 * = attrs; XmlText runs carry marks as formatting attributes (mark name →
 * mark attrs). Deterministic, so equal documents give equal JSON and hashes.
 */
export function bodyToProseMirror(doc: Y.Doc): PmNode {
  return { type: 'doc', content: childrenToPm(doc.getXmlFragment(DOC_BODY)) };
}

function childrenToPm(parent: Y.XmlFragment | Y.XmlElement): PmNode[] {
  const out: PmNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) out.push(...textToPm(child));
    else if (child instanceof Y.XmlElement) out.push(elementToPm(child));
  }
  return out;
}

function elementToPm(el: Y.XmlElement): PmNode {
  const node: PmNode = { type: el.nodeName };
  const attrs = el.getAttributes() as Record<string, unknown>;
  const keys = Object.keys(attrs).sort();
  if (keys.length > 0) node.attrs = Object.fromEntries(keys.map((k) => [k, attrs[k]]));
  const content = childrenToPm(el);
  if (content.length > 0) node.content = content;
  return node;
}

function textToPm(text: Y.XmlText): PmNode[] {
  const delta = text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
  const out: PmNode[] = [];
  for (const d of delta) {
    if (typeof d.insert !== 'string' || d.insert.length === 0) continue;
    const node: PmNode = { type: 'text', text: d.insert };
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
      const type = key.replace(/--[a-zA-Z0-9+/=]{8}$/, '');
      const value = attributes[key];
      const mark: PmMark = { type };
      if (value && typeof value === 'object' && Object.keys(value).length > 0) mark.attrs = value as Record<string, unknown>;
      return mark;
    });
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
