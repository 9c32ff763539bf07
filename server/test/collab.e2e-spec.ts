import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import {
  CLOSE_ENTRY_NOT_FOUND,
  CLOSE_FRAME_TOO_LARGE,
  CLOSE_MALFORMED_FRAME,
  CLOSE_UNAUTHENTICATED,
  DOC_BODY,
  MAX_FRAME_BYTES,
  META_TITLE,
  NOTICE_READ_ONLY_ENTRY_FULL,
  readTitle,
  writeMetaText,
} from '@knowledge-hub/shared';
import { CollabService } from '../src/modules/collab/collab.service';
import { UpdateLogRepository } from '../src/modules/collab/update-log.repository';
import { RawCollabClient } from './support/raw-client';
import { startTestApp, waitFor, type TestApp } from './support/test-app';

let app: TestApp;
let aliceToken: string;
let bobToken: string;
let carolToken: string;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  app = await startTestApp();
  [aliceToken, bobToken, carolToken] = await Promise.all(['alice@demo.hub', 'bob@demo.hub', 'carol@demo.hub'].map((e) => app.login(e)));
});

afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

afterAll(async () => {
  await app?.close();
});

/** Creates an entry as Alice on `on` (the shared app unless a test started its own). */
async function createEntry(title: string, on: TestApp = app): Promise<string> {
  return (await on.as('alice@demo.hub')).createEntry(title);
}

function provider(entryId: string, token: string, name: string) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(`${app.wsUrl}/collab`, entryId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  p.awareness.setLocalStateField('user', { name, color: '#123456' });
  cleanups.push(() => {
    p.destroy();
    doc.destroy();
  });
  return { doc, p, synced: () => waitFor(() => p.synced, `${name} to sync`) };
}

function raw(entryId: string, opts: { token?: string; ack?: boolean }) {
  const c = new RawCollabClient(app.wsUrl, entryId, opts);
  cleanups.push(() => c.close());
  return c;
}

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text);
  p.insert(0, [t]);
  return p;
}

function frameOfUpdate(update: Uint8Array): Uint8Array {
  return Uint8Array.from([0, 2, ...varUint(update.length), ...update]);
}

function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

const bodyOf = (doc: Y.Doc) => doc.getXmlFragment(DOC_BODY).toString();

async function logRows(entryId: string): Promise<{ user_id: string }[]> {
  return app.running.db.dataSource.query(`SELECT user_id FROM entry_updates WHERE entry_id = $1`, [entryId]);
}

describe('collab engine', () => {
  it('two stock y-websocket providers converge on rich text and see each other in awareness', async () => {
    const entryId = await createEntry('Convergence');
    const alice = provider(entryId, aliceToken, 'Alice');
    const bob = provider(entryId, bobToken, 'Bob');
    await Promise.all([alice.synced(), bob.synced()]);
    expect(readTitle(alice.doc)).toBe('Convergence');

    alice.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('Alice wrote this.')]);
    await waitFor(() => bodyOf(bob.doc).includes('Alice wrote this.'), 'bob to see alice');
    const bobText = bob.doc.getXmlFragment(DOC_BODY).get(0) as Y.XmlElement;
    (bobText.get(0) as Y.XmlText).insert(0, 'Bob: ', { bold: true });
    bob.doc.getXmlFragment(DOC_BODY).insert(1, [paragraph('Second paragraph by Bob.')]);
    await waitFor(() => bodyOf(alice.doc) === bodyOf(bob.doc) && bodyOf(alice.doc).includes('Second paragraph'), 'convergence');
    expect(bodyOf(alice.doc)).toBe('<paragraph><bold>Bob: </bold>Alice wrote this.</paragraph><paragraph>Second paragraph by Bob.</paragraph>');

    const names = (p: WebsocketProvider) => Array.from(p.awareness.getStates().values()).map((s) => (s as { user?: { name: string } }).user?.name);
    // Names come from the sessions, not from what the providers published ('Alice', 'Bob').
    await waitFor(() => names(alice.p).includes('Bob Okafor') && names(bob.p).includes('Alice Chen'), 'awareness both ways');

    // Both users' edits are counted towards their authorship of the entry.
    const me = async (token: string) =>
      ((await (await fetch(`${app.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string }).id;
    const [aliceId, bobId] = [await me(aliceToken), await me(bobToken)];
    await waitFor(async () => {
      const rows: { user_id: string; edits: string }[] = await app.running.db.dataSource.query(
        `SELECT user_id, edits FROM entry_authorship WHERE entry_id = $1`,
        [entryId],
      );
      const edits = new Map(rows.map((r) => [r.user_id, Number(r.edits)]));
      return (edits.get(aliceId) ?? 0) > 0 && (edits.get(bobId) ?? 0) > 0;
    }, 'authorship counted');
  });

  it('gives non-members a read-only connection: their edits are dropped and never stored, their presence works', async () => {
    const entryId = await createEntry('Read only');
    const alice = provider(entryId, aliceToken, 'Alice');
    const carol = provider(entryId, carolToken, 'Carol');
    await Promise.all([alice.synced(), carol.synced()]);
    alice.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('Published by a member.')]);
    await waitFor(() => bodyOf(carol.doc).includes('Published by a member.'), 'carol to read alice');
    const rowsBefore = (await logRows(entryId)).length;

    carol.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('Vandalism from a non-member.')]);
    await waitFor(
      () => Array.from(alice.p.awareness.getStates().values()).some((s) => (s as { user?: { name: string } }).user?.name === 'Carol Reader'),
      'carol presence',
    );
    // A fresh member client sees the server's document: no trace of carol's edit.
    const check = provider(entryId, bobToken, 'Checker');
    await check.synced();
    alice.doc.getXmlFragment(DOC_BODY).insert(1, [paragraph('Marker after carol.')]);
    await waitFor(() => bodyOf(check.doc).includes('Marker after carol.'), 'marker');
    expect(bodyOf(check.doc)).not.toContain('Vandalism');
    expect(bodyOf(alice.doc)).not.toContain('Vandalism');
    const carolId = ((await (await fetch(`${app.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${carolToken}` } })).json()) as { id: string }).id;
    const rows = await waitFor(async () => {
      const r = await logRows(entryId);
      return r.length > rowsBefore && r;
    }, 'the marker to be logged');
    expect(rows.some((r) => r.user_id === carolId)).toBe(false);
  });

  it('acknowledges an update only once it is in the log (?ack=1)', async () => {
    const entryId = await createEntry('Acks');
    const client = raw(entryId, { token: aliceToken, ack: true });
    await client.synced();
    client.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('durable')]);
    client.doc.getXmlFragment(DOC_BODY).insert(1, [paragraph('twice')]);
    await client.allAcked();
    expect(client.acked).toBe(client.sentDocMessages);
    expect((await logRows(entryId)).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses (4400) an update that depends on one the server never got, stores nothing of it, and serves the client once it resyncs', async () => {
    const entryId = await createEntry('Out of order');
    // Two updates where the second depends on the first; the server gets the second first. Yjs would
    // hold it pending and apply it whenever the first arrived, from whoever sent it: its content
    // would then enter under someone else's edit (see update-shape.ts, dependsOnMissing).
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getXmlFragment(DOC_BODY).insert(0, [paragraph('first part')]);
    ((source.getXmlFragment(DOC_BODY).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(10, ', second part');
    const client = raw(entryId, { token: aliceToken, ack: true });
    await client.synced();
    const before = (await logRows(entryId)).length;
    client.sendRaw(frameOfUpdate(updates[1]));
    expect(await client.closed()).toBe(CLOSE_MALFORMED_FRAME);
    expect((await logRows(entryId)).length).toBe(before);
    // A client that syncs sends what the server lacks, dependencies first.
    const again = raw(entryId, { token: aliceToken, ack: true });
    await again.synced();
    Y.applyUpdate(again.doc, Y.encodeStateAsUpdate(source));
    await again.allAcked();
    const reader = provider(entryId, bobToken, 'Reader');
    await reader.synced();
    await waitFor(() => bodyOf(reader.doc) === '<paragraph>first part, second part</paragraph>', 'both parts');
    source.destroy();
  });

  it('makes writers beyond MAX_EDITORS_PER_ENTRY read-only, with a notice, instead of refusing them', async () => {
    const small = await startTestApp({ MAX_EDITORS_PER_ENTRY: '2' });
    try {
      const token = await small.login('alice@demo.hub');
      const id = await createEntry('Crowded', small);
      const writers = [new RawCollabClient(small.wsUrl, id, { token, ack: true }), new RawCollabClient(small.wsUrl, id, { token, ack: true })];
      await Promise.all(writers.map((w) => w.synced()));
      const third = new RawCollabClient(small.wsUrl, id, { token, ack: true });
      cleanups.push(() => {
        for (const c of [...writers, third]) c.close();
      });
      await third.synced();
      expect(third.notices).toEqual([NOTICE_READ_ONLY_ENTRY_FULL]);
      expect(writers.flatMap((w) => w.notices)).toEqual([]);
      third.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('Over the cap.')]);
      writers[0].doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('Within the cap.')]);
      await waitFor(() => bodyOf(third.doc).includes('Within the cap.'), 'the reader to follow along');
      await waitFor(() => bodyOf(writers[1].doc).includes('Within the cap.'), 'the second writer to see the first');
      expect(bodyOf(writers[1].doc)).not.toContain('Over the cap.');
      expect(third.closeCode).toBeNull();
    } finally {
      await small.close();
    }
  });

  it('holds ticks back from a client that stops reading once its backlog passes the limit, and catches it up when it reads again', async () => {
    // 14 MB in a few seconds: more than the default per-socket budget (1 MB/s), which this test is not about.
    const small = await startTestApp({ COLLAB_MAX_BUFFERED_BYTES: '65536', COLLAB_MAX_BYTES_PER_SECOND: '104857600' });
    try {
      const token = await small.login('alice@demo.hub');
      const id = await createEntry('Busy', small);
      const writer = new RawCollabClient(small.wsUrl, id, { token, ack: true });
      const reader = new RawCollabClient(small.wsUrl, id, { token });
      const stalled = new RawCollabClient(small.wsUrl, id, { token });
      cleanups.push(() => {
        for (const c of [writer, reader, stalled]) c.close();
      });
      await Promise.all([writer, reader, stalled].map((c) => c.synced()));
      stalled.ws.pause(); // stops reading from its socket

      // More than the kernel's socket buffers hold on loopback, so the server's own backlog grows;
      // then a deletion, which the catch-up must carry too.
      const chunk = 'x'.repeat(700_000);
      for (let i = 0; i < 20; i++) writer.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph(`${i}:${chunk}`)]);
      writer.doc.getXmlFragment(DOC_BODY).delete(0, 1);
      await writer.allAcked();
      const metric = async () => /kh_collab_held_back_total (\d+)/.exec(await (await fetch(`${small.baseUrl}/metrics`)).text())?.[1];
      await waitFor(async () => Number(await metric()) >= 1, 'the stalled client to be held back', 20_000);
      await waitFor(() => reader.doc.getXmlFragment(DOC_BODY).length === 19, 'the reader to get every edit', 20_000);
      expect(bodyOf(reader.doc)).toBe(bodyOf(writer.doc));

      stalled.ws.resume();
      await waitFor(() => bodyOf(stalled.doc) === bodyOf(writer.doc), 'the stalled client to catch up', 20_000);
      expect(stalled.closeCode).toBeNull();
      expect(reader.closeCode).toBeNull();
      // And it follows live edits again.
      writer.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('After the catch-up.')]);
      await waitFor(() => bodyOf(stalled.doc).includes('After the catch-up.'), 'the caught-up client to follow live edits');
    } finally {
      await small.close();
    }
  }, 60_000);

  it('refuses anonymous sockets and unknown entries with the close codes from shared/', async () => {
    const entryId = await createEntry('Refusals');
    expect(await raw(entryId, {}).closed()).toBe(CLOSE_UNAUTHENTICATED);
    expect(await raw(entryId, { token: 'not-a-valid-token-at-all' }).closed()).toBe(CLOSE_UNAUTHENTICATED);
    expect(await raw('00000000-0000-4000-8000-000000000000', { token: aliceToken }).closed()).toBe(CLOSE_ENTRY_NOT_FOUND);
    expect(await raw('not-a-uuid', { token: aliceToken }).closed()).toBe(CLOSE_ENTRY_NOT_FOUND);
    expect(await raw('%E0%A4%A', { token: aliceToken }).closed()).toBe(CLOSE_ENTRY_NOT_FOUND); // undecodable escape
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  });

  it('closes only the offending connection on garbage or oversize frames; the document, the log and others are untouched', async () => {
    const entryId = await createEntry('Hostile input');
    const alice = provider(entryId, aliceToken, 'Alice');
    await alice.synced();
    alice.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('Precious content.')]);
    await waitFor(async () => (await logRows(entryId)).length > 0, 'the edit to be logged');
    const rowsBefore = (await logRows(entryId)).length;

    const garbage = raw(entryId, { token: bobToken });
    await garbage.synced();
    garbage.sendRaw(Uint8Array.of(0, 2, 200, 1, 2, 3)); // update whose length runs past the frame
    expect(await garbage.closed()).toBe(CLOSE_MALFORMED_FRAME);

    const unknownType = raw(entryId, { token: bobToken });
    await unknownType.synced();
    unknownType.sendRaw(Uint8Array.of(77, 1, 2));
    expect(await unknownType.closed()).toBe(CLOSE_MALFORMED_FRAME);

    const text = raw(entryId, { token: bobToken });
    await text.synced();
    text.sendRaw('hello');
    expect(await text.closed()).toBe(CLOSE_MALFORMED_FRAME);

    const big = raw(entryId, { token: bobToken });
    await big.synced();
    big.sendRaw(new Uint8Array(MAX_FRAME_BYTES + 1));
    expect(await big.closed()).toBe(CLOSE_FRAME_TOO_LARGE);

    // Alice is still connected and editing; the server still answers; nothing bad reached the log.
    alice.doc.getXmlFragment(DOC_BODY).insert(1, [paragraph('Still editing.')]);
    const fresh = provider(entryId, bobToken, 'Fresh');
    await fresh.synced();
    await waitFor(() => bodyOf(fresh.doc).includes('Still editing.'), 'later edit to arrive');
    expect(bodyOf(fresh.doc)).toBe('<paragraph>Precious content.</paragraph><paragraph>Still editing.</paragraph>');
    expect(alice.p.wsconnected).toBe(true);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    await waitFor(async () => (await logRows(entryId)).length === rowsBefore + 1, 'exactly one more row');
  });

  it('unloads an idle document after compacting it, and a joiner never sees it empty', async () => {
    const entryId = await createEntry('Unload and reload');
    const alice = provider(entryId, aliceToken, 'Alice');
    await alice.synced();
    alice.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('Survives unloading.')]);
    writeMetaText(alice.doc, META_TITLE, 'Renamed in the document');
    await waitFor(async () => (await logRows(entryId)).length >= 1, 'logged');
    alice.p.destroy();

    const collab = app.running.app.get(CollabService);
    await waitFor(() => !collab.documents.isResident(entryId), 'the document to unload');
    expect(await logRows(entryId)).toHaveLength(0); // folded into entry_documents
    const [{ state }] = await app.running.db.dataSource.query(`SELECT state FROM entry_documents WHERE entry_id = $1`, [entryId]);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, state);
    expect(bodyOf(stored)).toContain('Survives unloading.');

    // The entry's title follows meta.title.
    const entry = (await (await fetch(`${app.baseUrl}/api/entries/${entryId}`, { headers: { authorization: `Bearer ${bobToken}` } })).json()) as {
      title: string;
    };
    expect(entry.title).toBe('Renamed in the document');

    // The first answer a joiner gets to its sync step 1 already holds the content (load completes first).
    const joiner = raw(entryId, { token: bobToken });
    await joiner.synced();
    expect(bodyOf(joiner.doc)).toContain('Survives unloading.');
  });

  it('compaction folds a log of several pages (2,500 rows) into the state and deletes exactly those rows', async () => {
    const entryId = await createEntry('A long log');
    const writer = new Y.Doc();
    const rows: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => rows.push(u));
    const text = new Y.XmlText();
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [text]);
    writer.getXmlFragment(DOC_BODY).insert(0, [p]);
    for (let i = 0; rows.length < 2_500; i++) text.insert(text.length, `${i} `);
    const repo = app.running.app.get(UpdateLogRepository);
    const userId = (await app.running.db.dataSource.query(`SELECT id FROM users WHERE email = 'alice@demo.hub'`))[0].id;
    await repo.appendRows(rows.map((update) => ({ entryId, update, userId })));
    expect(await repo.compact(entryId)).toBe(2_500);
    expect(await logRows(entryId)).toHaveLength(0);
    const stored = await repo.load(entryId);
    const reloaded = new Y.Doc();
    if (stored.state) Y.applyUpdate(reloaded, stored.state);
    expect(stored.updates).toHaveLength(0);
    expect(bodyOf(reloaded)).toBe(bodyOf(writer));
  });

  it('reports the engine on /metrics in Prometheus format', async () => {
    const entryId = await createEntry('Metrics');
    const client = raw(entryId, { token: aliceToken, ack: true });
    await client.synced();
    client.doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('counted')]);
    await client.allAcked();
    const res = await fetch(`${app.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('kh_collab_connections')).toBeGreaterThanOrEqual(1);
    expect(value('kh_collab_loaded_entries')).toBeGreaterThanOrEqual(1);
    expect(value('kh_collab_updates_total')).toBeGreaterThanOrEqual(1);
    expect(value('kh_collab_ack_latency_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value('kh_collab_bytes_out_total')).toBeGreaterThan(0);
    expect(text).toMatch(/^kh_collab_ack_latency_seconds_bucket\{le="\+Inf"\} \d+$/m);
    expect(value('kh_event_loop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  });
});
