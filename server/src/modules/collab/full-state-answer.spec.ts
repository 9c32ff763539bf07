import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { FullStateAnswer } from './full-state-answer';
import { MESSAGE_SYNC } from '@knowledge-hub/shared';

/** What a stock client does with the answer: applies every message; returns its document and whether the last one was sync step 2. */
function applyAnswer(messages: Uint8Array[]): { doc: Y.Doc; syncedLast: boolean } {
  const doc = new Y.Doc();
  let type = -1;
  for (const m of messages) {
    const decoder = decoding.createDecoder(m);
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
    type = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null);
  }
  return { doc, syncedLast: type === syncProtocol.messageYjsSyncStep2 };
}

function recording(doc: Y.Doc, answer: FullStateAnswer): void {
  doc.on('update', (u: Uint8Array) => answer.add(u));
}

describe('FullStateAnswer', () => {
  it('brings an empty client to the live document: the base, then sync step 2 with the updates since', () => {
    const live = new Y.Doc();
    live.getText('t').insert(0, 'stored ');
    const answer = new FullStateAnswer(Y.encodeStateAsUpdate(live));
    recording(live, answer);
    const encodeWhole = jest.fn(() => Y.encodeStateAsUpdate(live));
    for (let i = 0; i < 5; i++) {
      live.getText('t').insert(0, `${i} `);
      if (i === 2) live.getText('t').delete(3, 2);
      const { doc, syncedLast } = applyAnswer(answer.messages(encodeWhole));
      expect(syncedLast).toBe(true);
      expect(doc.getText('t').toString()).toBe(live.getText('t').toString());
    }
    expect(encodeWhole).not.toHaveBeenCalled(); // the base was never encoded again
  });

  it('answers from a stored state and log rows as they are (no document needed), in the same order a reload applies them', () => {
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'compacted');
    const state = Y.encodeStateAsUpdate(writer);
    const rows: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => rows.push(u));
    writer.getText('t').insert(0, 'row one, ');
    writer.getText('t').delete(0, 4);
    const answer = new FullStateAnswer(state, rows);
    const { doc } = applyAnswer(
      answer.messages(() => {
        throw new Error('must not encode');
      }),
    );
    expect(doc.getText('t').toString()).toBe(writer.getText('t').toString());
  });

  it('encodes the whole document again once the updates since the base add up, and answers the same', () => {
    const live = new Y.Doc();
    const answer = new FullStateAnswer(Y.encodeStateAsUpdate(live));
    recording(live, answer);
    const encodeWhole = jest.fn(() => Y.encodeStateAsUpdate(live));
    for (let i = 0; i < 200; i++) live.getText('t').insert(0, 'x'.repeat(1_000));
    expect(answer.ready).toBe(false);
    const { doc } = applyAnswer(answer.messages(encodeWhole));
    expect(encodeWhole).toHaveBeenCalledTimes(1);
    expect(doc.getText('t').toString()).toBe(live.getText('t').toString());
    expect(answer.ready).toBe(true);
  });
});
