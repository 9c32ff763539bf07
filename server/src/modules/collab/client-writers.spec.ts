import * as Y from 'yjs';
import { ClientWriters, writerOfOrigin } from './client-writers';

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

  it('records the runs of one update of a batch; a later writer of the same clocks wins', () => {
    const writers = new ClientWriters();
    writers.noteRuns(new Map([[7, [{ clock: 0, len: 5 }]]]), 'alice');
    writers.noteRuns(new Map([[7, [{ clock: 3, len: 1 }]]]), 'mallory');
    expect([0, 3, 4, 5].map((clock) => writers.writerOf(7, clock))).toEqual(['alice', 'mallory', 'alice', null]);
  });
});
