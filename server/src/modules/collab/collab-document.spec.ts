import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { DOC_BODY, MESSAGE_SYNC } from '@knowledge-hub/shared';
import { mentionsInBody } from './body-mentions';
import type { CollabConnection } from './collab-connection';
import { CollabDocument, type DocumentServices } from './collab-document';
import { LocalCollabRelay } from './collab-relay';
import { CollabStats } from './collab-stats';
import { LoopLoad } from './tick-scheduler';
import { decodeAwarenessUpdate, decodeClientMessage } from './collab-protocol';
import type { OutgoingBatch } from './outgoing-frames';
import type { UpdateLogWriter } from './update-log-writer';

/** A peer that records what a tick writes to it (one entry per socket write) and what is sent to it directly. */
function fakePeer(name = 'peer', order: string[] = []) {
  const writes: OutgoingBatch[] = [];
  const direct: Uint8Array[] = [];
  const peer = {
    access: 'write',
    user: { id: 'u', name: 'U' },
    presence: { name: 'U', color: '#000000', userId: 'u' },
    awarenessClientIds: new Set<number>(),
    sendBatch(batch: OutgoingBatch) {
      order.push(name);
      writes.push(batch);
    },
    send(message: Uint8Array) {
      direct.push(message);
    },
  };
  return { peer: peer as unknown as CollabConnection, writes, direct };
}

function services(o: Partial<DocumentServices> = {}): DocumentServices {
  return {
    log: { append: async () => undefined, barrier: async () => undefined } as unknown as UpdateLogWriter,
    stats: new CollabStats(),
    tickMs: 2,
    awarenessTickMs: 50,
    load: { stretch: 1 },
    maxDocumentBytes: 16 * 1_048_576,
    onContentChanged: () => undefined,
    relay: new LocalCollabRelay(),
    ...o,
  };
}

function edit(doc: CollabDocument, text: string): void {
  void doc.applyServerEdit('u', (d) => d.getText('t').insert(0, text));
}

const documents: CollabDocument[] = [];
beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  for (const d of documents.splice(0)) d.destroy();
  jest.useRealTimers();
  jest.restoreAllMocks();
});

function open(o: Partial<DocumentServices> = {}): CollabDocument {
  const doc = new CollabDocument('e', new Y.Doc(), services(o));
  documents.push(doc);
  return doc;
}

describe('CollabDocument fan-out', () => {
  it('writes a tick (the merged update and the awareness change) to each peer once', () => {
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

  it('ticks at tickMs while the event loop has time to spare, however many peers the entry has', () => {
    const doc = open({ tickMs: 8 });
    const peers = Array.from({ length: 400 }, () => fakePeer());
    for (const p of peers) doc.addConnection(p.peer);
    edit(doc, 'soon ');
    jest.advanceTimersByTime(7);
    expect(peers[0].writes).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(peers.every((p) => p.writes.length === 1)).toBe(true);
    expect(doc.tickDelayMs).toBe(8);
  });

  it('lengthens the tick while the event loop is busy, and shortens it again once it is not', () => {
    let utilization = 1;
    const load = new LoopLoad(0.5, 100 / 8, () => utilization, null);
    const doc = open({ tickMs: 8, load });
    const late = fakePeer();
    doc.addConnection(late.peer);
    for (let i = 0; i < 10; i++) load.sample(); // the smoothed utilization climbs past 0.5 after 3 samples, then the stretch grows
    expect(doc.tickDelayMs).toBeGreaterThan(20);
    const delay = doc.tickDelayMs;
    edit(doc, 'waits ');
    jest.advanceTimersByTime(Math.floor(delay) - 1);
    expect(late.writes).toHaveLength(0);
    jest.advanceTimersByTime(2);
    expect(late.writes).toHaveLength(1);

    for (let i = 0; i < 100; i++) load.sample(); // capped: a tick never waits past 100 ms
    expect(doc.tickDelayMs).toBe(100);
    utilization = 0.45; // below the share: ticks shorten again, all the way (a burst leaves nothing behind)
    for (let i = 0; i < 200; i++) load.sample();
    expect(doc.tickDelayMs).toBe(8);
  });

  it('shortens ticks back within a few seconds once a burst (a crowd joining) is over, even with the loop fairly busy', () => {
    let utilization = 1;
    const load = new LoopLoad(0.4, 100 / 8, () => utilization, null);
    for (let i = 0; i < 30; i++) load.sample();
    expect(load.stretch).toBe(100 / 8);
    utilization = 0.35; // steady editing just under the share
    for (let i = 0; i < 30; i++) load.sample(); // 3 s: about one for the smoothing to let go, the rest to shrink
    expect(load.stretch).toBe(1);
  });

  it('does not lengthen ticks for readings that only jump above the threshold now and then', () => {
    const readings = [0.3, 0.5, 0.25, 0.45, 0.35, 0.2, 0.55, 0.3];
    let i = 0;
    const load = new LoopLoad(0.5, 100 / 8, () => readings[i++ % readings.length], null);
    for (let k = 0; k < 200; k++) load.sample();
    expect(load.stretch).toBe(1);
  });

  it('starts each tick’s writes at a random peer, so no peer is always served first', () => {
    const order: string[] = [];
    const doc = open();
    for (const name of ['a', 'b', 'c', 'd']) doc.addConnection(fakePeer(name, order).peer);
    const starts: string[] = [];
    const randoms = [0, 0.3, 0.6, 0.9];
    const random = jest.spyOn(Math, 'random');
    for (const r of randoms) {
      random.mockReturnValueOnce(r);
      order.length = 0;
      edit(doc, 'x');
      doc.flushTick();
      expect([...order].sort()).toEqual(['a', 'b', 'c', 'd']); // everyone, once
      starts.push(order[0]);
    }
    expect(starts).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps the fan-out order consistent when peers leave', () => {
    const order: string[] = [];
    const doc = open();
    const peers = ['a', 'b', 'c', 'd'].map((name) => fakePeer(name, order));
    for (const p of peers) doc.addConnection(p.peer);
    doc.removeConnection(peers[1].peer);
    doc.removeConnection(peers[3].peer);
    edit(doc, 'x');
    doc.flushTick();
    expect([...order].sort()).toEqual(['a', 'c']);
    expect(doc.connections.size).toBe(2);
  });
});

describe('CollabDocument loaded from Postgres', () => {
  const stored = () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'stored state');
    const state = Y.encodeStateAsUpdate(source);
    const rows: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => rows.push(u));
    source.getText('t').insert(0, 'a row, ');
    return { state, updates: rows, text: source.getText('t').toString() };
  };

  it('answers a client that has nothing from the stored bytes, then integrates and sends its sync step 1', () => {
    const s = stored();
    const doc = CollabDocument.fromStored('e', s, services());
    documents.push(doc);
    const peer = fakePeer();
    doc.addConnection(peer.peer);
    expect(doc.syncStep1()).toBeNull(); // not integrated yet: the server's state vector comes later
    const answer = doc.syncStep2For(Uint8Array.of(0));
    expect(doc.integrated).toBe(false);
    const client = new Y.Doc();
    for (const m of answer) {
      const decoder = decoding.createDecoder(m);
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), client, null);
    }
    expect(client.getText('t').toString()).toBe(s.text);

    jest.runOnlyPendingTimers(); // the integration, queued behind the answer
    expect(doc.integrated).toBe(true);
    expect(doc.doc.getText('t').toString()).toBe(s.text);
    expect(peer.direct).toHaveLength(1); // the server's sync step 1, now
    expect(decodeClientMessage(peer.direct[0]).type).toBe('sync-step-1');
  });

  it('integrates at once when anything needs the live document', () => {
    const s = stored();
    const doc = CollabDocument.fromStored('e', s, services());
    documents.push(doc);
    edit(doc, 'edited ');
    expect(doc.integrated).toBe(true);
    expect(doc.doc.getText('t').toString()).toBe(`edited ${s.text}`);
  });
});

describe('CollabDocument writers of body mentions', () => {
  const mentioned = (id: string) => {
    const m = new Y.XmlElement('mention');
    m.setAttribute('id', id);
    return m;
  };
  const ALICE = '00000000-0000-4000-8000-000000000001';
  const BOB = '00000000-0000-4000-8000-000000000002';
  const MOD = '00000000-0000-4000-8000-000000000003';

  it('names the local writer of a mention, and leaves one re-pointed on another instance to that instance', async () => {
    const doc = open();
    await doc.applyServerEdit('alice', (d) => d.getXmlFragment(DOC_BODY).insert(0, [mentioned(BOB)]));
    expect(mentionsInBody(doc.doc, doc.writers, new Set())).toEqual([{ userId: BOB, writerId: 'alice' }]);
    // Another instance's member re-points it: the relayed change carries no user, so this instance leaves it.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(doc.doc));
    const before = Y.encodeStateVector(elsewhere);
    (elsewhere.getXmlFragment(DOC_BODY).get(0) as Y.XmlElement).setAttribute('id', MOD);
    doc.applyRemote('other', { kind: 'update', update: Y.encodeStateAsUpdate(elsewhere, before) });
    expect(doc.doc.getXmlFragment(DOC_BODY).toString()).toContain(MOD);
    expect(mentionsInBody(doc.doc, doc.writers, new Set())).toEqual([]);
    // Re-pointed here by a server edit on someone's behalf: that someone is the writer.
    await doc.applyServerEdit('mod', (d) => (d.getXmlFragment(DOC_BODY).get(0) as Y.XmlElement).setAttribute('id', ALICE));
    expect(mentionsInBody(doc.doc, doc.writers, new Set())).toEqual([{ userId: ALICE, writerId: 'mod' }]);
  });
});

describe('CollabDocument loaded again: writers of its log rows', () => {
  const BOB = '00000000-0000-4000-8000-000000000002';
  const MOD = '00000000-0000-4000-8000-000000000003';
  const mentioned = (id: string) => {
    const m = new Y.XmlElement('mention');
    m.setAttribute('id', id);
    return m;
  };

  /** A stored document as the log keeps it: a compacted state, then rows each attributed to its sender. */
  function storedWithRows() {
    const source = new Y.Doc();
    source.getXmlFragment(DOC_BODY).insert(0, [mentioned(MOD)]); // folded into the state: writer unknown
    const state = Y.encodeStateAsUpdate(source);
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getXmlFragment(DOC_BODY).insert(1, [mentioned(BOB)]); // alice's row
    const aliceRow = updates.length;
    source.getXmlFragment(DOC_BODY).insert(2, [new Y.XmlText('no one')]); // a row with no user (Yjs' own)
    return { state, updates, writers: updates.map((_u, i) => (i < aliceRow ? 'alice' : null)) };
  }

  it('names the writer of a mention set in a log row, after the document is loaded again', () => {
    const doc = CollabDocument.fromStored('e', storedWithRows(), services());
    documents.push(doc);
    expect(mentionsInBody(doc.doc, doc.writers, new Set())).toEqual([
      { userId: MOD, writerId: null }, // in the compacted state: nobody knows any more
      { userId: BOB, writerId: 'alice' },
    ]);
  });

  it('a row re-sending structs already in the state does not make its sender their writer', () => {
    const s = storedWithRows();
    // Bob's row carries the whole document again (a client re-sending everything it has).
    const everything = Y.mergeUpdates([s.state, ...s.updates]);
    const doc = CollabDocument.fromStored('e', { state: s.state, updates: [everything, ...s.updates], writers: ['bob', ...s.writers] }, services());
    documents.push(doc);
    // Everything new in bob's row is his, the mention of MOD (in the state) is still nobody's.
    expect(mentionsInBody(doc.doc, doc.writers, new Set())).toEqual([
      { userId: MOD, writerId: null },
      { userId: BOB, writerId: 'bob' },
    ]);
  });
});
