import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CollabConnection } from './collab-connection';
import { CollabDocument, type DocumentServices } from './collab-document';
import { LocalCollabRelay } from './collab-relay';
import { CollabStats } from './collab-stats';
import { decodeAwarenessUpdate, decodeClientMessage } from './collab-protocol';
import type { OutgoingBatch } from './outgoing-frames';
import type { UpdateLogWriter } from './update-log-writer';

/** A peer that records what a tick writes to it (one entry per socket write). */
function fakePeer(costMs = 0) {
  const writes: OutgoingBatch[] = [];
  const peer = {
    access: 'write',
    user: { id: 'u', name: 'U' },
    presence: { name: 'U', color: '#000000', userId: 'u' },
    awarenessClientIds: new Set<number>(),
    sendBatch(batch: OutgoingBatch) {
      const until = performance.now() + costMs;
      while (performance.now() < until); // a slow socket write
      writes.push(batch);
    },
    send() {},
  };
  return { peer: peer as unknown as CollabConnection, writes };
}

function services(o: Partial<DocumentServices> = {}): DocumentServices {
  return {
    log: { append: async () => undefined, barrier: async () => undefined } as unknown as UpdateLogWriter,
    stats: new CollabStats(),
    tickMs: 2,
    awarenessTickMs: 50,
    fanoutShare: 0.1,
    maxDocumentBytes: 16 * 1_048_576,
    onContentChanged: () => undefined,
    relay: new LocalCollabRelay(),
    ...o,
  };
}

function edit(doc: CollabDocument, text: string): void {
  doc.applyServerEdit('u', (d) => d.getText('t').insert(0, text));
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const documents: CollabDocument[] = [];
afterEach(() => documents.splice(0).forEach((d) => d.destroy()));

function open(o: Partial<DocumentServices> = {}): CollabDocument {
  const doc = new CollabDocument('e', new Y.Doc(), services(o));
  documents.push(doc);
  return doc;
}

describe('CollabDocument fan-out', () => {
  it('writes a tick (the merged update and the awareness change) to each peer once', async () => {
    const doc = open();
    const peers = [fakePeer(), fakePeer(), fakePeer()];
    for (const p of peers) doc.addConnection(p.peer);
    edit(doc, 'one ');
    edit(doc, 'two ');
    const cursor = new Y.Doc();
    const awareness = new Awareness(cursor);
    awareness.setLocalState({ cursor: 1 });
    doc.applyAwareness(fakePeer().peer, decodeAwarenessUpdate(encodeAwarenessUpdate(awareness, [cursor.clientID])));
    doc.flushTick();
    for (const p of peers) {
      expect(p.writes).toHaveLength(1);
      const [update, presence] = p.writes[0].messages.map((m) => decodeClientMessage(m));
      expect(update.type).toBe('doc-update');
      expect(presence.type).toBe('awareness');
      const replica = new Y.Doc();
      Y.applyUpdate(replica, (update as { update: Uint8Array }).update);
      expect(replica.getText('t').toString()).toBe('two one ');
    }
    // Every peer got the very same bytes: framed once.
    expect(new Set(peers.map((p) => p.writes[0].wire)).size).toBe(1);
    awareness.destroy();
  });

  it('ticks at tickMs while fan-out is cheap', async () => {
    const doc = open({ fanoutShare: 0.5 }); // cheap: well under 1 ms a fan-out
    for (let i = 0; i < 20; i++) doc.addConnection(fakePeer().peer);
    // Enough ticks for the moving average to forget the first ones, which pay for compiling the code
    // (in a busy test run one of them took 16 ms).
    for (let i = 0; i < 40; i++) {
      edit(doc, `${i} `);
      doc.flushTick();
    }
    expect(doc.tickDelayMs).toBe(2);
  });

  it('lengthens the tick when fanning out costs more, so fan-out stays near fanoutShare of the time', async () => {
    const doc = open();
    for (let i = 0; i < 20; i++) doc.addConnection(fakePeer(0.2).peer); // about 4 ms a fan-out
    for (let i = 0; i < 10; i++) {
      edit(doc, `${i} `);
      doc.flushTick();
    }
    // The moving average approaches 4 ms, and 4 ms / 0.1 = 40 ms.
    expect(doc.tickDelayMs).toBeGreaterThan(20);
    expect(doc.tickDelayMs).toBeLessThan(200);
    // And the timer honours it: an edit now is not sent within tickMs.
    const late = fakePeer();
    doc.addConnection(late.peer);
    edit(doc, 'waits ');
    await wait(10);
    expect(late.writes).toHaveLength(0);
    await wait(doc.tickDelayMs + 20);
    expect(late.writes).toHaveLength(1);
  });
});
