import { CLOSE_INTERNAL_ERROR } from '@knowledge-hub/shared';
import { CollabStats } from './collab-stats';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DocumentRegistry } from './document-registry';
import type { CollabRelay, RelayHandler, RelayMessage } from './collab-relay';
import { UpdateLogWriter } from './update-log-writer';
import type { LogRow, StoredDocument } from './stored-document';
import type { UpdateLogRepository } from './update-log.repository';

/** The relay side of the engine (scale-out), against a fake relay and a fake log. */

class FakeRelay implements CollabRelay {
  readonly instanceId = 'me';
  readonly handlers = new Map<string, RelayHandler>();
  readonly published: { entryId: string; message: RelayMessage }[] = [];
  constructor(private readonly events: string[]) {}
  start(): void {}
  async subscribe(entryId: string, onMessage: RelayHandler) {
    this.events.push(`subscribe ${entryId}`);
    this.handlers.set(entryId, onMessage);
    return async () => void this.handlers.delete(entryId);
  }
  publish(entryId: string, message: RelayMessage): void {
    this.published.push({ entryId, message });
  }
  async close(): Promise<void> {}
  deliver(entryId: string, from: string, message: RelayMessage): void {
    this.handlers.get(entryId)?.(from, message);
  }
  kinds(): string[] {
    return this.published.map((p) => p.message.kind);
  }
}

class FakeRepo {
  rows: LogRow[] = [];
  /** Set: load() waits for it. */
  gate: Promise<void> | null = null;
  /** Set: appendRows() waits for it. */
  insertGate: Promise<void> | null = null;
  constructor(private readonly events: string[]) {}
  async load(entryId: string): Promise<StoredDocument> {
    this.events.push(`load ${entryId}`);
    if (this.gate) await this.gate;
    return { state: null, updates: this.rows.filter((r) => r.entryId === entryId).map((r) => r.update) };
  }
  async appendRows(rows: LogRow[]): Promise<void> {
    if (this.insertGate) await this.insertGate;
    this.rows.push(...rows);
  }
  async compact(): Promise<number> {
    return 0;
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** An update that adds `text` to the body, written by a client of its own. */
function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

const opened: DocumentRegistry[] = [];
afterEach(async () => {
  for (const documents of opened.splice(0)) await documents.unloadAll(); // awareness keeps a timer per document
});

function setup() {
  const events: string[] = [];
  const relay = new FakeRelay(events);
  const repo = new FakeRepo(events);
  const log = new UpdateLogWriter(repo as unknown as UpdateLogRepository, 0);
  const documents = new DocumentRegistry(
    repo as unknown as UpdateLogRepository,
    {
      log,
      relay,
      stats: new CollabStats(),
      tickMs: 1,
      awarenessTickMs: 1,
      load: { stretch: 1 },
      maxDocumentBytes: 16 * 1_048_576,
      onContentChanged: () => undefined,
    },
    { unloadDelayMs: 0, compactEveryRows: 1_000 },
    async () => undefined,
  );
  opened.push(documents);
  return { events, relay, repo, log, documents };
}

const eventually = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('DocumentRegistry with other instances', () => {
  it('subscribes before reading the log, and applies what arrived during the load after the stored state', async () => {
    const { events, relay, repo, documents } = setup();
    repo.rows.push({ entryId: 'e', update: edit('stored'), userId: 'u' });
    const gate = deferred();
    repo.gate = gate.promise;
    const loading = documents.acquire('e');
    await eventually(() => events.includes('load e'));
    expect(events).toEqual(['subscribe e', 'load e']);

    relay.deliver('e', 'other', { kind: 'update', update: edit('relayed during the load') });
    gate.resolve();
    const doc = await loading;
    expect(doc.doc.getText('body').toString()).toContain('stored');
    expect(doc.doc.getText('body').toString()).toContain('relayed during the load');
    expect(repo.rows).toHaveLength(1); // the relayed update is the other instance's to log
    expect(relay.kinds()).toEqual(['query-awareness']); // who is editing elsewhere?
  });

  it('relays an accepted update only once it is in the log, and never logs or relays back a relayed one', async () => {
    const { relay, repo, log, documents } = setup();
    const doc = await documents.acquire('e');
    const insert = deferred();
    repo.insertGate = insert.promise;
    const durable = doc.applyServerEdit('u', (d) => d.getText('body').insert(0, 'accepted here'));
    await new Promise((r) => setTimeout(r, 10));
    expect(relay.kinds()).not.toContain('update');
    insert.resolve();
    await durable;
    await eventually(() => relay.kinds().includes('update'));

    const before = relay.published.length;
    relay.deliver('e', 'other', { kind: 'update', update: edit('accepted elsewhere') });
    await log.drain();
    expect(doc.doc.getText('body').toString()).toContain('accepted elsewhere');
    expect(repo.rows).toHaveLength(1);
    expect(relay.published.length).toBe(before);
  });

  it('re-reads the log when a peer crashed, and drops the presence it relayed', async () => {
    const { relay, repo, documents } = setup();
    const doc = await documents.acquire('e');
    const peerClient = new awarenessProtocol.Awareness(new Y.Doc());
    peerClient.setLocalState({ user: { name: 'On the crashed instance' } });
    relay.deliver('e', 'peer', { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(peerClient, [peerClient.clientID]) });
    expect(doc.awareness.getStates().has(peerClient.clientID)).toBe(true);

    // The peer logged an edit and died before relaying it.
    repo.rows.push({ entryId: 'e', update: edit('logged, never relayed'), userId: 'u' });
    documents.onPeerGone('peer', true);
    await eventually(() => doc.doc.getText('body').toString().includes('logged, never relayed'));
    expect(doc.awareness.getStates().has(peerClient.clientID)).toBe(false);
    peerClient.destroy();
  });

  it('after a Redis outage, re-reads the log and asks the others to do the same', async () => {
    const { relay, repo, documents } = setup();
    const doc = await documents.acquire('e');
    repo.rows.push({ entryId: 'e', update: edit('missed during the outage'), userId: 'u' });
    documents.onRelayReconnected();
    await eventually(() => doc.doc.getText('body').toString().includes('missed during the outage'));
    expect(relay.kinds()).toContain('resync');

    relay.deliver('e', 'other', { kind: 'resync' });
    repo.rows.push({ entryId: 'e', update: edit('another one'), userId: 'u' });
    relay.deliver('e', 'other', { kind: 'resync' });
    await eventually(() => doc.doc.getText('body').toString().includes('another one'));
  });

  it('a stored document that does not apply closes its connections and is dropped, without taking the process down', async () => {
    const { repo, relay, documents } = setup();
    repo.rows.push({ entryId: 'e', update: Uint8Array.of(1, 200, 7, 3, 99, 250, 1), userId: 'u' });
    const doc = await documents.acquire('e'); // loaded without decoding: nothing has failed yet
    const closed: number[] = [];
    doc.addConnection({ access: 'write', awarenessClientIds: new Set(), close: (code: number) => closed.push(code), send: () => undefined } as never);
    await eventually(() => closed.length === 1);
    expect(closed[0]).toBe(CLOSE_INTERNAL_ERROR);
    expect(documents.loaded('e')).toBeUndefined();
    await eventually(() => !relay.handlers.has('e'));
    expect(() => doc.syncStep2For(Uint8Array.of(0))).toThrow();
  });

  it('unsubscribes once the document is unloaded', async () => {
    const { relay, documents } = setup();
    const doc = await documents.acquire('e');
    expect(relay.handlers.has('e')).toBe(true);
    documents.release(doc);
    await eventually(() => !documents.isResident('e'));
    expect(relay.handlers.has('e')).toBe(false);
  });
});
