import * as Y from 'yjs';
import { ClientWriters, WRITTEN_ELSEWHERE, writerOfOrigin } from './client-writers';
import { decodeUpdateShape } from './update-shape';

describe('ClientWriters', () => {
  it('knows who wrote each struct, per transaction origin, and nothing for unknown origins', () => {
    const doc = new Y.Doc();
    const writers = new ClientWriters();
    doc.on('update', (_u: Uint8Array, origin: unknown, _d: Y.Doc, tr: Y.Transaction) => writers.note(tr, writerOfOrigin(origin)));
    const text = doc.getText('t');
    doc.transact(() => text.insert(0, 'ab'), { user: { id: 'alice' } });
    doc.transact(() => text.insert(2, 'cd'), { user: { id: 'alice' } });
    doc.transact(() => text.insert(4, 'ef'), { serverEditBy: 'bob' });
    doc.transact(() => text.insert(6, 'gh'), { batch: true });
    const me = doc.clientID;
    expect([0, 1, 2, 3].map((clock) => writers.writerOf(me, clock))).toEqual(['alice', 'alice', 'alice', 'alice']);
    expect(writers.writerOf(me, 4)).toBe('bob');
    expect(writers.writerOf(me, 6)).toBeNull();
    expect(writers.writerOf(me, 99)).toBeNull();
    expect(writers.writerOf(me + 1, 0)).toBeNull();
  });

  it('records the runs of one update of a batch from the state before it on; what it re-sends keeps its writer', () => {
    const writers = new ClientWriters();
    writers.noteRuns(new Map([[7, [{ clock: 0, len: 5 }]]]), 'alice', () => 0);
    // Mallory's update carries alice's clocks 3-4 again (already in the document, which was at 5) and new ones 5-6.
    writers.noteRuns(new Map([[7, [{ clock: 3, len: 4 }]]]), 'mallory', () => 5);
    expect([0, 3, 4, 5, 6, 7].map((clock) => writers.writerOf(7, clock))).toEqual(['alice', 'alice', 'alice', 'mallory', 'mallory', null]);
  });

  it("a batched sender re-sending alice's structs along with its own is recorded only for its own (Yjs-level)", () => {
    const live = new Y.Doc();
    const writers = new ClientWriters();
    const alice = new Y.Doc();
    alice.getText('t').insert(0, 'hello');
    const aliceUpdate = Y.encodeStateAsUpdate(alice);
    const apply = (update: Uint8Array, userId: string) => {
      const shape = decodeUpdateShape(update);
      const before = new Map(Array.from(shape.runs.keys(), (c) => [c, Y.getState(live.store, c)]));
      Y.applyUpdate(live, update, { batch: true });
      writers.noteRuns(shape.runs, userId, (c) => before.get(c) ?? 0);
    };
    apply(aliceUpdate, 'alice');
    // Mallory sends her whole document: alice's structs (already live) along with her own.
    const mallory = new Y.Doc();
    Y.applyUpdate(mallory, aliceUpdate);
    mallory.getText('t').insert(5, '!!');
    apply(Y.encodeStateAsUpdate(mallory), 'mallory');
    expect(live.getText('t').toString()).toBe('hello!!');
    expect([0, 4].map((clock) => writers.writerOf(alice.clientID, clock))).toEqual(['alice', 'alice']);
    expect([0, 1].map((clock) => writers.writerOf(mallory.clientID, clock))).toEqual(['mallory', 'mallory']);
  });

  it('marks structs relayed from another instance as written elsewhere, with no writer here', () => {
    const writers = new ClientWriters();
    const doc = new Y.Doc();
    doc.on('update', (_u: Uint8Array, origin: unknown, _d: Y.Doc, tr: Y.Transaction) =>
      writers.note(tr, origin === 'relay' ? WRITTEN_ELSEWHERE : writerOfOrigin(origin)),
    );
    doc.transact(() => doc.getText('t').insert(0, 'ab'), 'relay');
    doc.transact(() => doc.getText('t').insert(2, 'cd'), { user: { id: 'alice' } });
    expect([writers.writerOf(doc.clientID, 0), writers.writtenElsewhere(doc.clientID, 0)]).toEqual([null, true]);
    expect([writers.writerOf(doc.clientID, 2), writers.writtenElsewhere(doc.clientID, 2)]).toEqual(['alice', false]);
  });
});
