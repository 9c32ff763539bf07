// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import StarterKit from '@tiptap/starter-kit';
import * as Y from 'yjs';
import { DOC_BODY, type TextAnchor } from '@knowledge-hub/shared';
import { anchorOf, resolveAnchor } from './anchors';

/**
 * Comment anchors under concurrent edits, at the Yjs level: two replicas of
 * one document (each bound to an editor, as in the browser), updates
 * exchanged both ways; an anchor made on one is resolved on both after the
 * other edits before, inside and after it, deletes it, or replaces the whole
 * body (a restore).
 */

const editors: Editor[] = [];
afterEach(() => {
  for (const e of editors.splice(0)) e.destroy();
});

function replica(doc: Y.Doc): Editor {
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: doc, field: DOC_BODY })],
  });
  editors.push(editor);
  return editor;
}

/** Two replicas that apply each other's updates at once (a perfect network). */
function pair(text: string) {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
  const ea = replica(a);
  const eb = replica(b);
  ea.commands.setContent(`<p>${text}</p>`);
  return { ea, eb, a, b };
}

/** The document position of `needle` in the editor's text (first paragraph's content starts at 1). */
function rangeOf(e: Editor, needle: string): [number, number] {
  let found: [number, number] | null = null;
  e.state.doc.descendants((node, pos) => {
    if (found || !node.isText) return;
    const i = node.text!.indexOf(needle);
    if (i >= 0) found = [pos + i, pos + i + needle.length];
  });
  if (!found) throw new Error(`"${needle}" not in the document`);
  return found;
}

function anchorOn(e: Editor, needle: string): TextAnchor {
  const [from, to] = rangeOf(e, needle);
  const anchor = anchorOf(e.state, from, to);
  if (!anchor) throw new Error('no anchor');
  return anchor;
}

const textAt = (e: Editor, anchor: TextAnchor) => resolveAnchor(e.state, anchor)?.text ?? null;

describe('comment anchors', () => {
  it('an anchor is the selection’s two ends, base64 encoded, with the quote', () => {
    const { ea } = pair('Vials are kept at minus seventy degrees.');
    const anchor = anchorOn(ea, 'minus seventy');
    expect(anchor).toMatchObject({ kind: 'text', quote: 'minus seventy' });
    expect(anchor.start).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(anchorOf(ea.state, 5, 5)).toBeNull();
  });

  it('text inserted before the anchor, at the other replica: both still find the same words', () => {
    const { ea, eb } = pair('Vials are kept at minus seventy degrees.');
    const anchor = anchorOn(ea, 'minus seventy');
    eb.commands.insertContentAt(1, 'Note: ');
    expect(ea.getText()).toBe('Note: Vials are kept at minus seventy degrees.');
    expect(textAt(ea, anchor)).toBe('minus seventy');
    expect(textAt(eb, anchor)).toBe('minus seventy');
  });

  it('text inserted after the anchor and inside it: the anchor grows with text typed inside, not with text after', () => {
    const { ea, eb } = pair('kept at minus seventy degrees');
    const anchor = anchorOn(ea, 'minus seventy');
    eb.commands.insertContentAt(rangeOf(eb, 'degrees')[1], ' Celsius');
    expect(textAt(ea, anchor)).toBe('minus seventy');
    eb.commands.insertContentAt(rangeOf(eb, 'seventy')[0], 'about ');
    expect(textAt(ea, anchor)).toBe('minus about seventy');
  });

  it('concurrent edits on both sides (exchanged after both are made) leave the anchor on its words', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const ea = replica(a);
    const eb = replica(b);
    ea.commands.setContent('<p>alpha beta gamma</p>');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const anchor = anchorOn(ea, 'beta');
    ea.commands.insertContentAt(1, 'A: '); // not yet seen by b
    eb.commands.insertContentAt(eb.state.doc.content.size - 1, ' delta'); // not yet seen by a
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(ea.getText()).toBe(eb.getText());
    expect(textAt(ea, anchor)).toBe('beta');
    expect(textAt(eb, anchor)).toBe('beta');
  });

  it('deleting the anchored words leaves the anchor on deleted text (null), at both', () => {
    const { ea, eb } = pair('Vials are kept at minus seventy degrees.');
    const anchor = anchorOn(ea, 'minus seventy');
    const [from, to] = rangeOf(eb, 'minus seventy');
    eb.commands.deleteRange({ from, to });
    expect(textAt(ea, anchor)).toBeNull();
    expect(textAt(eb, anchor)).toBeNull();
  });

  it('a restore (the body replaced by an older version) keeps the words where they survive, and says deleted where they do not', () => {
    const { ea, eb } = pair('Vials are kept at minus seventy degrees.');
    const kept = anchorOn(ea, 'Vials');
    const lost = anchorOn(ea, 'minus seventy');
    // A restore rewrites the body through the same document: unchanged words keep their items.
    eb.commands.setContent('<p>Vials are kept cold.</p>');
    expect(textAt(ea, kept)).toBe('Vials');
    expect(textAt(ea, lost)).toBeNull();
  });

  it('a malformed anchor resolves to nothing instead of throwing', () => {
    const { ea } = pair('text');
    expect(resolveAnchor(ea.state, { kind: 'text', start: 'AAAA', end: 'AAAA', quote: 'x' })).toBeNull();
  });
});
