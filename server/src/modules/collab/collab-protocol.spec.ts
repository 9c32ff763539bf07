import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '@knowledge-hub/shared';
import { decodeClientMessage, MalformedFrameError } from './collab-protocol';
import { clientsOf } from './update-shape';

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

describe('decodeClientMessage', () => {
  it('decodes a real update and a real awareness message', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const update = Y.encodeStateAsUpdate(doc);
    const msg = decodeClientMessage(
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, update);
      }),
    );
    expect(msg.type === 'doc-update' && msg.update).toEqual(update);
    expect(msg.type === 'doc-update' && clientsOf(msg.shape)).toEqual([doc.clientID]);

    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalStateField('user', { name: 'A' });
    const aw = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    const decoded = decodeClientMessage(
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(e, aw);
      }),
    );
    expect(decoded.type).toBe('awareness');
    expect(decoded.type === 'awareness' && decoded.entries[0]).toMatchObject({ clientId: doc.clientID, state: { user: { name: 'A' } } });
    awareness.destroy();
    doc.destroy();
  });

  const garbage: [string, Uint8Array][] = [
    ['an empty frame', new Uint8Array()],
    ['an unknown message type', Uint8Array.of(42)],
    ['a truncated varUint', Uint8Array.of(0xff, 0xff)],
    [
      'a sync message with an unknown sub-type',
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        encoding.writeVarUint(e, 9);
        encoding.writeVarUint8Array(e, Uint8Array.of(0));
      }),
    ],
    ['an update whose length runs past the frame', Uint8Array.of(MESSAGE_SYNC, 2, 200, 1, 2, 3)],
    [
      'an update that is not a Yjs update',
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, Uint8Array.of(5, 250, 250, 250, 7, 1));
      }),
    ],
    [
      'awareness with invalid JSON',
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(
          e,
          frame((a) => {
            encoding.writeVarUint(a, 1);
            encoding.writeVarUint(a, 7);
            encoding.writeVarUint(a, 1);
            encoding.writeVarString(a, '{not json');
          }),
        );
      }),
    ],
    [
      'awareness with a non-object state',
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(
          e,
          frame((a) => {
            encoding.writeVarUint(a, 1);
            encoding.writeVarUint(a, 7);
            encoding.writeVarUint(a, 1);
            encoding.writeVarString(a, '42');
          }),
        );
      }),
    ],
  ];
  it('finding 1: an update with valid structs and a truncated delete set does not decode', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello world');
    doc.getText('t').delete(0, 6);
    const update = Y.encodeStateAsUpdate(doc);
    // The delete set is at the end: drop its last byte. parseUpdateMeta (the old check) still accepts it.
    const truncated = update.slice(0, update.length - 1);
    expect(() => Y.parseUpdateMeta(truncated)).not.toThrow();
    const bytes = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, truncated);
    });
    expect(() => decodeClientMessage(bytes)).toThrow(MalformedFrameError);
    doc.destroy();
  });

  it.each(garbage)('rejects %s with MalformedFrameError', (_name, bytes) => {
    expect(() => decodeClientMessage(bytes)).toThrow(MalformedFrameError);
  });
});
