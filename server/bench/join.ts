import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as Y from 'yjs';
import { DOC_BODY, MESSAGE_SYNC } from '@knowledge-hub/shared';
import { RawCollabClient } from '../test/support/raw-client';
import type { ServerProcess } from '../test/support/server-process';
import { createEntry, loginAs } from './load/bench-server';
import { round, summarize } from './stats';

interface Trace {
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

/** The automerge-paper editing trace (shared/traces), replayed into an entry body: ~105k characters with history. */
export function traceDocument(tracePath: string): { update: Uint8Array; chars: number; buildMs: number } {
  const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(tracePath)).toString('utf8')) as Trace;
  const t0 = performance.now();
  const doc = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  p.insert(0, [text]);
  doc.getXmlFragment(DOC_BODY).insert(0, [p]);
  for (const txn of trace.txns) {
    for (const [pos, del, ins] of txn.patches) {
      if (del > 0) text.delete(pos, del);
      if (ins) text.insert(pos, ins);
    }
  }
  if (text.toString() !== trace.endContent) throw new Error('trace replay does not match endContent');
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { update, chars: trace.endContent.length, buildMs: performance.now() - t0 };
}

export const DEFAULT_TRACE = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'traces', 'automerge-paper.json.gz');

interface JoinTiming {
  /** From creating the socket to holding the whole entry. */
  ms: number;
  /** Of which: WebSocket handshake (with authentication). */
  openMs: number;
  /** Socket open to the server's whole-document answer starting to arrive (its first sync message other than the server's step 1). */
  answerMs: number;
  /** Applying that answer (the client's own work) until synced. */
  applyMs: number;
  emptyFirst: boolean;
}

/** Time from opening a socket to holding the whole entry, by phase; also checks the first sync is never empty. */
async function timeJoin(server: ServerProcess, entryId: string, token: string, chars: number): Promise<JoinTiming> {
  const t0 = performance.now();
  const client = new RawCollabClient(server.wsUrl, entryId, { token });
  // The whole document may come as an update message followed by a small sync step 2 (see FullStateAnswer): its first sync message starts the client's part.
  let answeredAt = 0;
  client.ws.prependListener('message', (data: ArrayBuffer) => {
    if (answeredAt === 0 && new Uint8Array(data)[0] === MESSAGE_SYNC && new Uint8Array(data)[1] !== 0) answeredAt = performance.now();
  });
  const firstLength = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('join timed out')), 30_000);
    client.onSynced = () => {
      clearTimeout(timer);
      resolve(client.doc.getXmlFragment(DOC_BODY).toString().length);
    };
  });
  const { openedAt, step2ArrivedAt, step2AppliedAt } = client.timings;
  const answerAt = answeredAt || step2ArrivedAt;
  client.close();
  return {
    ms: step2AppliedAt - t0,
    openMs: openedAt - t0,
    answerMs: answerAt - openedAt,
    applyMs: step2AppliedAt - answerAt,
    emptyFirst: firstLength < chars,
  };
}

/** Applies of the whole trace in this process before timing anything (see joinBench). */
const CLIENT_WARMUP_APPLIES = 5;

export async function joinBench(server: ServerProcess, restart: () => Promise<void>, tracePath = DEFAULT_TRACE, samples = 5) {
  const trace = traceDocument(tracePath);
  const token = await loginAs(server, 'alice@demo.hub');
  const entryId = await createEntry(server, token, 'A Conflict-Free Replicated JSON Datatype (editing trace)');
  const writer = new RawCollabClient(server.wsUrl, entryId, { token, ack: true });
  await writer.synced();
  Y.applyUpdate(writer.doc, trace.update); // sent to the server as one update
  await writer.allAcked();
  writer.close();

  // The joining client is this process: its Yjs code is compiled by a few applies first (the first two take
  // 4-5 times as long as the rest), so that the figures are the server's and a warm client's, not V8's warm-up.
  for (let i = 0; i < CLIENT_WARMUP_APPLIES; i++) {
    const d = new Y.Doc();
    Y.applyUpdate(d, trace.update);
    d.destroy();
  }

  const warm: number[] = [];
  const warmPhases: JoinTiming[] = [];
  let emptyFirst = false;
  // One join to load it, then warm joins while it is in memory (a keeper connection holds it loaded).
  const keeper = new RawCollabClient(server.wsUrl, entryId, { token });
  await keeper.synced();
  for (let i = 0; i < samples; i++) {
    const r = await timeJoin(server, entryId, token, trace.chars);
    warm.push(r.ms);
    warmPhases.push(r);
    emptyFirst ||= r.emptyFirst;
  }
  keeper.close();

  // Freezing a revision of the whole entry (submit for review): snapshot, ProseMirror JSON, HTML, text, hash, insert.
  const freeze: number[] = [];
  for (let i = 0; i < samples; i++) {
    const edit = new RawCollabClient(server.wsUrl, entryId, { token, ack: true });
    await edit.synced();
    ((edit.doc.getXmlFragment(DOC_BODY).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, `Revision ${i}. `);
    await edit.allAcked();
    edit.close();
    const t0 = performance.now();
    const res = await fetch(`${server.baseUrl}/api/entries/${entryId}/revisions`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
    freeze.push(performance.now() - t0);
  }

  const cold: number[] = [];
  const coldPhases: JoinTiming[] = [];
  for (let i = 0; i < Math.min(samples, 3); i++) {
    await restart();
    const r = await timeJoin(server, entryId, token, trace.chars);
    cold.push(r.ms);
    coldPhases.push(r);
    emptyFirst ||= r.emptyFirst;
  }
  return {
    chars: trace.chars,
    updateBytes: trace.update.byteLength,
    traceReplayMs: round(trace.buildMs, 0),
    warm: summarize(warm),
    freeze: summarize(freeze),
    cold: summarize(cold),
    /** Median of each phase (handshake, the server's answer, the client's apply). */
    warmPhasesMs: medianPhases(warmPhases),
    coldPhasesMs: medianPhases(coldPhases),
    emptyFirst,
  };
}

function medianPhases(timings: JoinTiming[]) {
  const median = (xs: number[]) => summarize(xs).p50;
  return {
    open: median(timings.map((t) => t.openMs)),
    answer: median(timings.map((t) => t.answerMs)),
    apply: median(timings.map((t) => t.applyMs)),
  };
}
