import * as Y from 'yjs';
import { mergeStoredDocument, StateMerger } from './state-merger';

/** A stored document: a compacted state and log rows from two writers, with a deletion. */
function storedDocument() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.getText('t').insert(0, 'hello world');
  const state = Y.encodeStateAsUpdate(a);
  Y.applyUpdate(b, state);
  const updates: Uint8Array[] = [];
  b.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 50; i++) b.getText('t').insert(b.getText('t').length, ` ${i}`);
  b.getText('t').delete(0, 6);
  return { stored: { state, updates }, text: b.getText('t').toString() };
}

function textOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText('t').toString();
}

describe('StateMerger', () => {
  let merger: StateMerger;
  beforeEach(() => (merger = new StateMerger()));
  afterEach(() => merger.close());

  it('folds state and rows on its worker into what the main thread would compute', async () => {
    const { stored, text } = storedDocument();
    const merged = await merger.merge(stored);
    expect(textOf(merged)).toBe(text);
    expect(textOf(merged)).toBe(textOf(mergeStoredDocument(stored)));
    expect(text.startsWith('world 0 1')).toBe(true);
  });

  it('runs merges of several entries at once and answers each with its own', async () => {
    const docs = Array.from({ length: 5 }, (_, i) => {
      const d = new Y.Doc();
      d.getText('t').insert(0, `entry ${i}`);
      return { state: null, updates: [Y.encodeStateAsUpdate(d)] };
    });
    const merged = await Promise.all(docs.map((d) => merger.merge(d)));
    expect(merged.map(textOf)).toEqual(['entry 0', 'entry 1', 'entry 2', 'entry 3', 'entry 4']);
  });

  it('reports a row that is not a Yjs update as a failed merge, and keeps working', async () => {
    await expect(merger.merge({ state: null, updates: [new Uint8Array([255, 255, 255])] })).rejects.toThrow(/merging in the worker failed/);
    const { stored, text } = storedDocument();
    expect(textOf(await merger.merge(stored))).toBe(text);
  });

  it('finishes the merges of a worker that died on the main thread, then starts a new worker', async () => {
    const { stored, text } = storedDocument();
    await merger.merge(stored);
    const worker = (merger as unknown as { worker: { terminate(): Promise<number> } }).worker;
    const pending = merger.merge(stored);
    await worker.terminate(); // the worker dies with a merge in hand
    expect(textOf(await pending)).toBe(text);
    expect(textOf(await merger.merge(stored))).toBe(text);
    expect((merger as unknown as { worker: unknown }).worker).not.toBe(worker);
  });

  it('fails merges still waiting when it is closed, and refuses new ones', async () => {
    const { stored } = storedDocument();
    const failed = expect(merger.merge(stored)).rejects.toThrow(/closed/);
    await merger.close();
    await failed;
    await expect(merger.merge(stored)).rejects.toThrow(/closed/);
  });
});
