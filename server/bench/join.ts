import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { RawCollabClient } from '../test/support/raw-client';
import type { ServerProcess } from '../test/support/server-process';
import { createEntry, loginAs } from './load/bench-server';
import { round, summarize } from './stats';

interface Trace {
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

/** The automerge-paper editing trace (bench/traces, CC BY 4.0: see its README), replayed into an entry body: ~105k characters with history. */
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

/** Compiled to dist-bench/bench/: the trace and the joining client's worker stay beside the sources. */
const BENCH_SOURCES = path.resolve(__dirname, '..', '..', 'bench');
export const DEFAULT_TRACE = path.join(BENCH_SOURCES, 'traces', 'automerge-paper.json.gz');

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

/**
 * The joining client: a worker thread running Yjs' ESM build, as a browser tab has its own thread and
 * the build Vite bundles (see join-client.mjs for why not this process' CommonJS Yjs).
 */
class Joiner {
  private readonly worker: Worker;
  private pending: ((msg: { timing?: JoinTiming; error?: string; ready?: boolean; warmed?: boolean }) => void) | null = null;
  readonly ready: Promise<void>;

  constructor(wsUrl: string, warmup: Uint8Array) {
    this.worker = new Worker(path.join(BENCH_SOURCES, 'join-client.mjs'), {
      workerData: { wsUrl, warmup, warmupApplies: CLIENT_WARMUP_APPLIES },
    });
    this.worker.on('message', (msg) => this.pending?.(msg));
    this.worker.on('error', (err) => this.pending?.({ error: String(err) }));
    this.ready = new Promise((resolve) => {
      this.pending = () => resolve();
    });
  }

  /** Time from opening a socket to holding the whole entry, by phase; also checks the first sync is never empty. */
  join(entryId: string, token: string, chars: number): Promise<JoinTiming> {
    return new Promise((resolve, reject) => {
      this.pending = (msg) => {
        this.pending = null;
        if (msg.timing) resolve(msg.timing);
        else reject(new Error(`join failed: ${msg.error}`));
      };
      this.worker.postMessage({ join: { entryId, token, chars } });
    });
  }

  /**
   * A timed join by a warm client: a few applies first (see join-client.mjs), then a pause (JOIN_SPACING_MS).
   * The figure is the server's and a warm client's, not V8's warm-up or its collection of earlier joins.
   */
  async spacedJoin(entryId: string, token: string, chars: number): Promise<JoinTiming> {
    await new Promise<void>((resolve, reject) => {
      this.pending = (msg) => {
        this.pending = null;
        if (msg.warmed) resolve();
        else reject(new Error(`warm-up failed: ${msg.error}`));
      };
      this.worker.postMessage({ warm: REWARM_APPLIES });
    });
    await new Promise((resolve) => setTimeout(resolve, JOIN_SPACING_MS));
    return this.join(entryId, token, chars);
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * Applies of the whole trace in the joining client before timing anything: V8 needs about ten of them before
 * an apply settles (150, 120, 75, … then 8 ms here), so the figures are a warm client's, not V8's warm-up.
 */
const CLIENT_WARMUP_APPLIES = 20;

/**
 * The pause before each timed join. Joiners are different people, not one client joining back to back: on one
 * pinned core, V8's concurrent marking of the previous join's document otherwise shares the core with the next
 * apply (every second or third apply took 25-37 ms instead of 8).
 */
const JOIN_SPACING_MS = 200;

/** Applies by the joining client before each timed join (see Joiner.spacedJoin). */
const REWARM_APPLIES = 10;

export async function joinBench(server: ServerProcess, restart: () => Promise<void>, tracePath = DEFAULT_TRACE, samples = 10) {
  const trace = traceDocument(tracePath);
  const token = await loginAs(server, 'alice@demo.hub');
  const entryId = await createEntry(server, token, 'A Conflict-Free Replicated JSON Datatype (editing trace)');
  const writer = new RawCollabClient(server.wsUrl, entryId, { token, ack: true });
  await writer.synced();
  Y.applyUpdate(writer.doc, trace.update); // sent to the server as one update
  await writer.allAcked();
  writer.close();

  const joiner = new Joiner(server.wsUrl, trace.update);
  await joiner.ready;

  const warm: number[] = [];
  const warmPhases: JoinTiming[] = [];
  let emptyFirst = false;
  // One join to load it, then warm joins while it is in memory (a keeper connection holds it loaded).
  const keeper = new RawCollabClient(server.wsUrl, entryId, { token });
  await keeper.synced();
  for (let i = 0; i < samples; i++) {
    const r = await joiner.spacedJoin(entryId, token, trace.chars);
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
    const r = await joiner.spacedJoin(entryId, token, trace.chars);
    cold.push(r.ms);
    coldPhases.push(r);
    emptyFirst ||= r.emptyFirst;
  }
  await joiner.close();
  return {
    chars: trace.chars,
    updateBytes: trace.update.byteLength,
    traceReplayMs: round(trace.buildMs, 0),
    warm: summarize(warm),
    freeze: summarize(freeze),
    cold: summarize(cold),
    /** Median of each phase (handshake, the server's answer, the client's apply). */
    warmPhasesMs: medianPhases(warmPhases),
    /** Every join, in order, by phase. */
    warmJoins: warmPhases.map(roundTiming),
    coldJoins: coldPhases.map(roundTiming),
    coldPhasesMs: medianPhases(coldPhases),
    emptyFirst,
  };
}

function roundTiming(t: JoinTiming) {
  return { ms: round(t.ms, 1), open: round(t.openMs, 1), answer: round(t.answerMs, 1), apply: round(t.applyMs, 1) };
}

function medianPhases(timings: JoinTiming[]) {
  const median = (xs: number[]) => summarize(xs).p50;
  return {
    open: median(timings.map((t) => t.openMs)),
    answer: median(timings.map((t) => t.answerMs)),
    apply: median(timings.map((t) => t.applyMs)),
  };
}
