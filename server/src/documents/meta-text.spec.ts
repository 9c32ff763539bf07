import * as Y from 'yjs';
import { DOC_META, META_SUMMARY, META_TITLE, metaTextSlot, readSummary, readTitle, replaceText, textChange, writeMetaText } from '@knowledge-hub/shared';
import { ensureMetaTexts, initialEntryState, readMeta, setMetaText } from './entry-doc';
import { downgradeMetaTexts, upgradeMetaTexts } from './meta-text-upgrade';

const docOf = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
};

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

/** A document as it was before the MetaText migration: strings in meta. */
function legacyState(title: string, summary: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap(DOC_META).set(META_TITLE, title);
  doc.getMap(DOC_META).set(META_SUMMARY, summary);
  return Y.encodeStateAsUpdate(doc);
}

describe('textChange', () => {
  it.each([
    ['T-cell', 'Human T-cell', undefined, { index: 0, deleteCount: 0, insert: 'Human ' }],
    ['T-cell', 'T-cell responses', undefined, { index: 6, deleteCount: 0, insert: ' responses' }],
    ['hello world', 'hello there', undefined, { index: 6, deleteCount: 5, insert: 'there' }],
    ['abc', 'ac', undefined, { index: 1, deleteCount: 1, insert: '' }],
    // Ambiguous without the caret: typing "a" at the start of "aa" (caret then at 1).
    ['aa', 'aaa', 1, { index: 0, deleteCount: 0, insert: 'a' }],
    ['aa', 'aaa', undefined, { index: 2, deleteCount: 0, insert: 'a' }],
    // Backspace at 1 of "aaa" (caret then at 0) vs forward delete at 1 (caret stays 1).
    ['aaa', 'aa', 0, { index: 0, deleteCount: 1, insert: '' }],
    ['aaa', 'aa', 1, { index: 1, deleteCount: 1, insert: '' }],
  ])('%j → %j (caret %s)', (prev, next, caret, change) => {
    expect(textChange(prev, next, caret)).toEqual(change);
  });

  it('is null for equal strings', () => {
    expect(textChange('same', 'same', 2)).toBeNull();
  });

  it('never splits a surrogate pair', () => {
    // 😀 and 😁 share their high surrogate.
    const change = textChange('a😀b', 'a😁b')!;
    expect(change).toEqual({ index: 1, deleteCount: 2, insert: '😁' });
    const change2 = textChange('x😀', 'x😀😀')!;
    expect('x😀'.slice(0, change2.index) + change2.insert + 'x😀'.slice(change2.index + change2.deleteCount)).toBe('x😀😀');
    expect(change2.index % 2).toBe(1);
  });
});

describe('title and summary as Y.Text', () => {
  it('a new entry has both texts from its creation', () => {
    const doc = docOf(initialEntryState('T-cell responses'));
    expect(metaTextSlot(doc, META_TITLE).kind).toBe('text');
    expect(metaTextSlot(doc, META_SUMMARY).kind).toBe('text');
    expect(readMeta(doc)).toMatchObject({ title: 'T-cell responses', summary: '' });
  });

  it('concurrent typing at both ends of the title merges (the issue 9 scenario)', () => {
    const state = initialEntryState('T-cell responses');
    const alice = docOf(state);
    const bob = docOf(state);
    writeMetaText(alice, META_TITLE, 'T-cell responses after infection');
    writeMetaText(bob, META_TITLE, 'Human T-cell responses');
    sync(alice, bob);
    expect(readTitle(alice)).toBe('Human T-cell responses after infection');
    expect(readTitle(bob)).toBe('Human T-cell responses after infection');
  });

  it('readers take a legacy string as the value; writeMetaText refuses to create a text', () => {
    const doc = docOf(legacyState('Old title', 'Old summary'));
    expect(readTitle(doc)).toBe('Old title');
    expect(readSummary(doc)).toBe('Old summary');
    expect(() => writeMetaText(doc, META_TITLE, 'x')).toThrow(/legacy string/);
  });

  it('setMetaText (restore) is a forward edit: typing elsewhere in the text survives', () => {
    const state = initialEntryState('Vaccines: an overview');
    const server = docOf(state);
    const editor = docOf(state);
    writeMetaText(editor, META_TITLE, 'Vaccines: an overview (draft)');
    setMetaText(server, META_TITLE, 'mRNA vaccines: an overview');
    sync(server, editor);
    expect(readTitle(editor)).toBe('mRNA vaccines: an overview (draft)');
  });

  it('setMetaText gives a legacy document a text (the server may create it)', () => {
    const doc = docOf(legacyState('Old title', 'Old summary'));
    setMetaText(doc, META_TITLE, 'Restored title');
    expect(metaTextSlot(doc, META_TITLE).kind).toBe('text');
    expect(readTitle(doc)).toBe('Restored title');
    expect(metaTextSlot(doc, META_SUMMARY).kind).toBe('legacy');
  });

  it('replaceText replaces everything when the text holds an embed', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'ab');
    text.insertEmbed(1, { image: 'x' });
    expect(replaceText(text, 'new')).toBe(true);
    expect(text.toString()).toBe('new');
    expect(text.length).toBe(3);
  });
});

describe('upgradeMetaTexts (the MetaText migration)', () => {
  it('turns legacy strings into texts with exactly the same value, as a forward update that old replicas merge', () => {
    const title = 'Ünïcode 标题 😀 with trailing space ';
    const summary = 'Line one\nline two\u0000';
    const stored = { state: legacyState(title, 'first summary'), updates: [] as Uint8Array[] };
    // A later log row that changed the summary: the migration reads state + log.
    const before = docOf(stored.state);
    const rows: Uint8Array[] = [];
    before.on('update', (u: Uint8Array) => rows.push(u));
    before.getMap(DOC_META).set(META_SUMMARY, summary);
    stored.updates = rows;

    const update = upgradeMetaTexts(stored)!;
    expect(update).not.toBeNull();
    // A client that still holds the old document (an open tab) merges the update.
    Y.applyUpdate(before, update);
    for (const doc of [before, docOf(Y.mergeUpdates([stored.state, ...stored.updates, update]))]) {
      expect(metaTextSlot(doc, META_TITLE).kind).toBe('text');
      expect(metaTextSlot(doc, META_SUMMARY).kind).toBe('text');
      expect(readTitle(doc)).toBe(title);
      expect(readSummary(doc)).toBe(summary);
    }
    // Already converted: nothing more to append.
    expect(upgradeMetaTexts({ state: stored.state, updates: [...stored.updates, update] })).toBeNull();
  });

  it('gives a document without title or summary empty texts, and leaves texts alone', () => {
    const empty = upgradeMetaTexts({ state: Y.encodeStateAsUpdate(new Y.Doc()), updates: [] })!;
    expect(readTitle(docOf(empty))).toBe('');
    expect(metaTextSlot(docOf(empty), META_TITLE).kind).toBe('text');
    expect(upgradeMetaTexts({ state: initialEntryState('Fresh'), updates: [] })).toBeNull();
  });

  it('the update is written by a client id the document has not seen', () => {
    const state = legacyState('t', 's');
    const known = new Set(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state)).keys());
    const update = upgradeMetaTexts({ state, updates: [] })!;
    const writers = Array.from(Y.parseUpdateMeta(update).to.keys());
    expect(writers).toHaveLength(1);
    expect(known.has(writers[0])).toBe(false);
  });

  it('down turns texts back into the same strings', () => {
    const state = initialEntryState('Round trip');
    const doc = docOf(state);
    writeMetaText(doc, META_SUMMARY, 'with a summary');
    const current = Y.encodeStateAsUpdate(doc);
    const down = downgradeMetaTexts({ state: current, updates: [] })!;
    const after = docOf(Y.mergeUpdates([current, down]));
    expect(after.getMap(DOC_META).get(META_TITLE)).toBe('Round trip');
    expect(after.getMap(DOC_META).get(META_SUMMARY)).toBe('with a summary');
    expect(ensureMetaTexts(after)).toBe(true);
    expect(readSummary(after)).toBe('with a summary');
  });
});
