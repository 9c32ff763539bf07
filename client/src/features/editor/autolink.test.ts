// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { contentExtensions } from './editor-extensions';
import { EditorUi } from './editor-ui';

/**
 * Autolinking belongs to the person typing. A receiving editor (or one that merely opens the document) must
 * not turn addresses into links: that would be a write from every co-author at once, for text they never
 * touched, and it would undo an author who unlinked an address on purpose.
 */

const editors: Editor[] = [];
afterEach(() => {
  for (const e of editors.splice(0)) e.destroy();
});

const refs = { has: () => false, observe: () => undefined, unobserve: () => undefined };

function replica(doc: Y.Doc): Editor {
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: [...contentExtensions(new EditorUi(), 'entry-1', refs), Collaboration.configure({ document: doc, field: DOC_BODY })],
  });
  editors.push(editor);
  return editor;
}

/** A body with one paragraph of plain text (no link mark), as a document made elsewhere may hold. */
function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(DOC_BODY).insert(0, [p]);
  return doc;
}

/** Counts the updates a replica writes itself (anything not applied from the network). */
function localWrites(doc: Y.Doc): { count: number } {
  const writes = { count: 0 };
  doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') writes.count++;
  });
  return writes;
}

function linkCount(e: Editor): number {
  let n = 0;
  e.state.doc.descendants((node) => {
    if (node.marks.some((m) => m.type.name === 'link')) n++;
  });
  return n;
}

describe('autolink in a shared document', () => {
  it('opening a document with an unlinked address changes nothing', () => {
    const doc = docWithText('Data at https://example.org/cases ');
    const writes = localWrites(doc);
    const editor = replica(doc);
    expect(editor.getText()).toContain('https://example.org/cases');
    expect(linkCount(editor)).toBe(0);
    expect(writes.count).toBe(0);
  });

  it('an address typed by a co-author is linked by nobody but the typist', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
    const ea = replica(a);
    const eb = replica(b);
    const bWrites = localWrites(b);
    // Alice types an address and a space: her editor links it, and the link reaches Bob.
    ea.commands.insertContent('see https://example.org ');
    expect(linkCount(ea)).toBe(1);
    expect(linkCount(eb)).toBe(1);
    // Bob's editor wrote nothing of its own for it.
    expect(bWrites.count).toBe(0);
  });

  it('an address that reaches a replica as plain text stays plain there', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
    const p = new Y.XmlElement('paragraph');
    const text = new Y.XmlText('A mirror');
    p.insert(0, [text]);
    a.getXmlFragment(DOC_BODY).insert(0, [p]);
    const eb = replica(b);
    const bWrites = localWrites(b);
    // Written without an editor (an import, another client): plain text that ends with an address and a space.
    text.insert(text.length, ' at example.com ');
    expect(eb.getText()).toContain('A mirror at example.com ');
    expect(linkCount(eb)).toBe(0);
    expect(bWrites.count).toBe(0);
  });
});
