/**
 * The protocol fuzzer's frames: real y-websocket traffic recorded from Y.Docs
 * through the y-protocols encoders (inserts, formatting, deletions, meta,
 * sync step 1 and 2, awareness, query-awareness), then mutated.
 *
 * Every recorded edit happens on a fresh Y.Doc (a new Yjs client) that first
 * loads one of a few "base" documents (sent to the server, valid, before
 * fuzzing starts), so its structs have their dependencies on the server and
 * integrate there. Every text a recording writes carries a marker
 * `[Q<n>Q<n>]` unique to it, and a frame gets exactly one mutation: it can
 * change one copy of the number but never both, so a marker seen in a
 * document came from a frame that carried it. Everything follows from one seed.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { DOC_BODY, DOC_META, MAX_FRAME_BYTES, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '@knowledge-hub/shared';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(0, 255));
  }
}

/** Hostile documents' Yjs client ids have bit 30 set and bit 31 clear; honest ones the reverse (no single flip turns one into the other). */
export function hostileClientId(rng: Rng): number {
  return (0x40000000 | rng.int(0, 0x3fffffff)) >>> 0;
}
export function honestClientId(rng: Rng): number {
  return (0x80000000 | rng.int(0, 0x3fffffff)) >>> 0;
}

export const markerText = (n: number) => `[Q${n}Q${n}]`;
/** The markers a text contains (see the file comment). */
export function markersIn(text: string): number[] {
  return Array.from(text.matchAll(/\[Q(\d+)Q\1\]/g), (m) => Number(m[1]));
}

export interface PlannedFrame {
  /** A string is sent as a text frame. */
  bytes: Uint8Array | string;
  /** What it was recorded from and how it was mutated, e.g. `update:insert/bitflip`. */
  kind: string;
  /** The hostile marker its content carries, if any. */
  marker: number | null;
  /** Unmutated real traffic: the server must accept it. */
  valid: boolean;
}

const frame = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};
const syncStep1Frame = (doc: Y.Doc) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, doc);
  });
const syncStep2Frame = (doc: Y.Doc) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(e, doc);
  });
const updateFrame = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
  });
const awarenessFrame = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
const queryAwarenessFrame = () => frame((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS));

/** A sync step 1 for `stateVector`: the fuzzer's probe (the server answers it with a sync step 2). */
export function probeFrame(stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/**
 * True when the server could read `bytes` as a sync step 1 (its answer would
 * look like a probe's): such a frame goes last on its connection. lib0 reads
 * non-minimal varints (0x80 0x00 is 0), hence a decode, not a byte compare.
 */
export function mayBeSyncStep1(bytes: Uint8Array | string): boolean {
  if (typeof bytes === 'string') return false;
  try {
    const d = decoding.createDecoder(bytes);
    return decoding.readVarUint(d) === MESSAGE_SYNC && decoding.readVarUint(d) === syncProtocol.messageYjsSyncStep1;
  } catch {
    return false;
  }
}

/** A Y.Doc without a random guid (the fuzzer makes tens of thousands; the guid plays no part in updates). */
const newDoc = () => new Y.Doc({ guid: 'fuzz' });

/** A base document: a little of everything an entry holds, written by a hostile client. */
function baseDocument(rng: Rng, marker: number): Uint8Array {
  const doc = newDoc();
  doc.clientID = hostileClientId(rng);
  const body = doc.getXmlFragment(DOC_BODY);
  for (let i = 0; i < 2; i++) {
    const p = new Y.XmlElement(i === 0 ? 'heading' : 'paragraph');
    if (i === 0) p.setAttribute('level', '2');
    const t = new Y.XmlText();
    p.insert(0, [t]);
    body.insert(body.length, [p]);
    t.insert(0, `${markerText(marker)} base alpha beta`);
    t.format(4, 6, { bold: true });
    t.delete(12, 2);
  }
  doc.getMap(DOC_META).set(`note${marker}`, markerText(marker));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

type EditKind = 'insert' | 'format' | 'delete' | 'insert+delete' | 'paragraph' | 'meta' | 'insert+format';

/** Where an update's delete set starts: the shortest prefix Y.parseUpdateMeta accepts (it reads the structs only). */
function structsEnd(update: Uint8Array): number | null {
  for (let cut = 1; cut <= update.length; cut++) {
    try {
      Y.parseUpdateMeta(update.subarray(0, cut));
      return cut;
    } catch {
      // not yet
    }
  }
  return null;
}

const varUint = (n: number) => frame((e) => encoding.writeVarUint(e, n));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
/** Varints no 53-bit reader can hold: ten continuation bytes, or nine and an oversize tail. */
const OVERFLOWS = [new Uint8Array(10).fill(0xff), concat(new Uint8Array(9).fill(0xff), Uint8Array.of(0x7f)), Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f)];
const UNKNOWN_TYPES = [2, 4, 5, 42, 99, 100, 101, 127, 128, 300, 2 ** 31, 2 ** 40];

/** Records real traffic and mutates it: the pieces the fuzzer's connections are made of. */
export class FrameFactory {
  readonly bases: Uint8Array[] = [];
  private nextMarker = 1;
  private baseFramesCache: PlannedFrame[] | null = null;
  private readonly recent: { frames: PlannedFrame[]; update: Uint8Array | null }[] = [];
  private recentAt = 0;

  constructor(
    private readonly rng: Rng,
    baseCount = 6,
  ) {
    for (let i = 0; i < baseCount; i++) this.bases.push(baseDocument(rng, this.nextMarker++));
  }

  /** The base documents as sync step 2 frames (sent valid before fuzzing, and as the first frame of some connections). */
  get baseFrames(): PlannedFrame[] {
    this.baseFramesCache ??= this.bases.map((state, i) => {
      const doc = newDoc();
      Y.applyUpdate(doc, state);
      const bytes = syncStep2Frame(doc);
      doc.destroy();
      return { bytes, kind: 'base:sync-step-2', marker: i + 1, valid: true };
    });
    return this.baseFramesCache;
  }

  /**
   * The next piece of a connection: recorded traffic whose last frame is
   * mutated (or, sometimes, not). The mutations that break a frame's framing
   * reuse a recent recording (recording costs more than sending); the others
   * get a fresh one with a new marker. A reused marker comes in several
   * frames, which the marker check allows: it asks only that one of the
   * frames that carried it was accepted.
   */
  segment(): PlannedFrame[] {
    const rng = this.rng;
    const mutation = rng.chance(0.08) ? null : pickWeighted(rng, MUTATION_WEIGHTS);
    const reuse = mutation !== null && SHALLOW_MUTATIONS.has(mutation) && this.recent.length > 0;
    const recorded = reuse ? rng.pick(this.recent) : this.record();
    if (!reuse) this.recent[this.recentAt++ % RECENT_RECORDINGS] = recorded;
    const last = recorded.frames[recorded.frames.length - 1];
    return [...recorded.frames.slice(0, -1), mutation === null ? last : this.mutate(last, recorded.update, mutation)];
  }

  /**
   * One recorded piece of real traffic: a fresh client that has the base
   * document makes an edit (or speaks awareness / sync), and every frame it
   * would send is returned, the last being the one to mutate.
   */
  private record(): { frames: PlannedFrame[]; update: Uint8Array | null } {
    const rng = this.rng;
    const marker = this.nextMarker++;
    const doc = newDoc();
    doc.clientID = hostileClientId(rng);
    Y.applyUpdate(doc, rng.pick(this.bases));
    const sent: { bytes: Uint8Array; kind: string; update: Uint8Array | null }[] = [];
    const onUpdate = (update: Uint8Array) => sent.push({ bytes: updateFrame(update), kind: 'update', update });
    doc.on('update', onUpdate);
    try {
      const what = rng.int(0, 9);
      if (what <= 5) {
        const kind = rng.pick<EditKind>(['insert', 'format', 'delete', 'insert+delete', 'insert+delete', 'paragraph', 'meta', 'insert+format']);
        this.edit(doc, kind, marker);
        const changed = sent.length > 0;
        if (!changed) this.edit(doc, 'insert', marker); // the edit changed nothing (formatting already there)
        sent[sent.length - 1].kind = `update:${changed ? kind : 'insert'}`;
      } else if (what === 6) {
        this.edit(doc, 'insert', marker);
        sent.push({ bytes: syncStep2Frame(doc), kind: 'sync-step-2', update: null });
      } else if (what === 7) {
        sent.push({ bytes: syncStep1Frame(doc), kind: 'sync-step-1', update: null });
      } else if (what === 8) {
        const awareness = new awarenessProtocol.Awareness(doc);
        awareness.setLocalState({ user: { name: markerText(marker), color: '#ff0000' }, cursor: { anchor: rng.int(0, 40), head: rng.int(0, 40) } });
        if (rng.chance(0.3)) awareness.setLocalState(null); // the removal a leaving client sends
        sent.push({ bytes: awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])), kind: 'awareness', update: null });
        awareness.destroy();
      } else {
        sent.push({ bytes: queryAwarenessFrame(), kind: 'query-awareness', update: null });
      }
    } finally {
      doc.off('update', onUpdate);
      doc.destroy();
    }
    const last = sent[sent.length - 1];
    return {
      frames: sent.map((s) => ({
        bytes: s.bytes,
        kind: s.kind,
        marker: s.kind === 'query-awareness' || s.kind === 'sync-step-1' ? null : marker,
        valid: true,
      })),
      update: last.update,
    };
  }

  private edit(doc: Y.Doc, kind: EditKind, marker: number): void {
    const rng = this.rng;
    const body = doc.getXmlFragment(DOC_BODY);
    const text = (body.get(rng.int(0, body.length - 1)) as Y.XmlElement).get(0) as Y.XmlText;
    const at = () => rng.int(0, text.length);
    const range = () => {
      const from = rng.int(0, Math.max(0, text.length - 2));
      return [from, rng.int(1, Math.max(1, Math.min(8, text.length - from)))] as const;
    };
    const words = ` ${markerText(marker)} hostile `;
    switch (kind) {
      case 'insert':
        text.insert(at(), words, rng.chance(0.3) ? { italic: true } : undefined);
        return;
      case 'format':
        text.format(...range(), rng.pick([{ bold: true }, { italic: true }, { bold: null }, { link: { href: markerText(marker) } }]));
        return;
      case 'delete':
        text.delete(...range());
        return;
      case 'insert+delete':
        // Structs and a delete set in one update: the shape of the half-valid update.
        doc.transact(() => {
          text.insert(at(), words);
          text.delete(...range());
        });
        return;
      case 'insert+format': {
        const from = at();
        text.insert(from, words);
        text.format(from, words.length, { bold: true });
        return;
      }
      case 'paragraph': {
        const p = new Y.XmlElement('paragraph');
        const t = new Y.XmlText();
        p.insert(0, [t]);
        t.insert(0, words);
        body.insert(rng.int(0, body.length), [p]);
        return;
      }
      case 'meta':
        // Not 'title' or 'summary': those are the server's Y.Text, which a client never replaces.
        doc.getMap(DOC_META).set(rng.pick(['language', 'tags', `k${marker}`]), rng.chance(0.5) ? markerText(marker) : [markerText(marker), 'x']);
        return;
    }
  }

  /** A recorded frame, mutated one way (`first`, unless it does not apply to this frame); `update` is the Yjs update it carries. */
  private mutate(base: PlannedFrame, update: Uint8Array | null, first: Mutation): PlannedFrame {
    const bytes = base.bytes as Uint8Array;
    for (let kind = first; ; kind = pickWeighted(this.rng, MUTATION_WEIGHTS)) {
      const mutated = this.apply(kind, bytes, update);
      if (mutated !== null) return { bytes: mutated, kind: `${base.kind}/${kind}`, marker: base.marker, valid: false };
    }
  }

  /** One mutation of `bytes`; null when it does not apply to this frame. One per frame, never more (see the file comment). */
  private apply(kind: Mutation, bytes: Uint8Array, update: Uint8Array | null): Uint8Array | string | null {
    const rng = this.rng;
    const pos = () => rng.int(0, bytes.length - 1);
    switch (kind) {
      case 'truncate':
        return bytes.slice(0, rng.int(0, bytes.length - 1));
      case 'bitflip': {
        const b = bytes.slice();
        b[pos()] ^= 1 << rng.int(0, 7);
        return b;
      }
      case 'byte': {
        const b = bytes.slice();
        b[pos()] = rng.int(0, 255);
        return b;
      }
      case 'swap': {
        if (bytes.length < 2) return null;
        const b = bytes.slice();
        const at = rng.int(0, bytes.length - 2);
        [b[at], b[at + 1]] = [b[at + 1], b[at]];
        return b;
      }
      case 'varint-overflow': {
        const at = pos();
        const overflow = rng.pick(OVERFLOWS);
        return concat(bytes.subarray(0, at), overflow, bytes.subarray(rng.chance(0.5) ? at : at + 1));
      }
      case 'oversize-length': {
        // The length prefix of the payload (after the type, and the sync type for sync messages).
        const headerLength = bytes[0] === MESSAGE_SYNC ? 2 : 1;
        if (bytes.length <= headerLength) return null;
        const d = decoding.createDecoder(bytes.subarray(headerLength));
        const length = decoding.readVarUint(d);
        const claimed = rng.pick([length + 1, length + rng.int(2, 1000), 2 ** 31 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER]);
        return concat(bytes.subarray(0, headerLength), varUint(claimed), bytes.subarray(headerLength + d.pos));
      }
      case 'half-valid': {
        // Valid structs, then a delete set cut short or corrupted: Y.parseUpdateMeta accepts it, Y.applyUpdate integrates the structs and throws.
        if (!update) return null;
        const end = structsEnd(update);
        if (end === null || end >= update.length) return null;
        const ds = update.subarray(end);
        const corrupted = rng.pick([
          () => ds.subarray(0, rng.int(0, ds.length - 1)),
          () => concat(varUint(rng.int(2, 1000)), ds.subarray(1)),
          () => concat(ds.subarray(0, ds.length - 1), rng.pick(OVERFLOWS)),
          () => concat(ds.subarray(0, Math.max(1, ds.length - 2)), varUint(2 ** 30)),
        ])();
        return updateFrame(concat(update.subarray(0, end), corrupted));
      }
      case 'unknown-type':
        return rng.chance(0.3)
          ? concat(Uint8Array.of(MESSAGE_SYNC), varUint(rng.int(3, 200)), bytes.subarray(2))
          : concat(varUint(rng.pick(UNKNOWN_TYPES)), bytes.subarray(1));
      case 'random': {
        const payload = rng.bytes(rng.int(1, 64));
        return rng.chance(0.5) ? payload : concat(Uint8Array.of(MESSAGE_SYNC, syncProtocol.messageYjsUpdate), varUint(payload.length), payload);
      }
      case 'empty':
        return new Uint8Array(0);
      case 'text':
        return rng.chance(0.5) ? Buffer.from(bytes).toString('latin1') : 'hello';
      case 'trailing-garbage':
        return concat(bytes, rng.bytes(rng.int(1, 16)));
      case 'oversize-frame':
        return new Uint8Array(MAX_FRAME_BYTES + 1);
    }
  }
}

type Mutation =
  | 'truncate'
  | 'bitflip'
  | 'byte'
  | 'swap'
  | 'varint-overflow'
  | 'oversize-length'
  | 'half-valid'
  | 'unknown-type'
  | 'random'
  | 'empty'
  | 'text'
  | 'trailing-garbage'
  | 'oversize-frame';

/**
 * How often each mutation is drawn. A refused frame costs a connection, so
 * the mutations that keep a frame's structure (and reach the deep paths:
 * full decode, apply, log, compaction) come up most; every kind comes up
 * hundreds of times in a 20,000-frame run, the megabyte frame a few times.
 */
const MUTATION_WEIGHTS: [Mutation, number][] = [
  ['bitflip', 24],
  ['byte', 10],
  ['swap', 6],
  ['trailing-garbage', 6],
  ['half-valid', 14],
  ['truncate', 8],
  ['varint-overflow', 6],
  ['oversize-length', 6],
  ['unknown-type', 6],
  ['random', 6],
  ['empty', 3],
  ['text', 3],
  ['oversize-frame', 0.05],
];

/** Mutations that break a frame's framing: nothing depends on which recording they break. */
const SHALLOW_MUTATIONS = new Set<Mutation>(['truncate', 'varint-overflow', 'oversize-length', 'unknown-type', 'random', 'empty', 'text', 'oversize-frame']);
const RECENT_RECORDINGS = 64;

function pickWeighted<T>(rng: Rng, table: [T, number][]): T {
  let r = rng.next() * table.reduce((n, [, w]) => n + w, 0);
  for (const [item, weight] of table) {
    r -= weight;
    if (r < 0) return item;
  }
  return table[0][0];
}

/**
 * Whether the server will probably handle `bytes` without closing: it decodes
 * here the way a strict server decodes. Only orders a connection's frames
 * (those that probably pass first, so that one connection carries several);
 * nothing is asserted from it.
 */
export function probablyAccepted(bytes: Uint8Array | string): boolean {
  if (typeof bytes === 'string') return false;
  try {
    const d = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(d);
    if (type === MESSAGE_QUERY_AWARENESS) return true;
    if (type === MESSAGE_SYNC) decoding.readVarUint(d); // the sync message's own type, before its payload
    const payload = type === MESSAGE_SYNC || type === MESSAGE_AWARENESS ? decoding.readVarUint8Array(d) : null;
    if (payload === null) return false;
    if (type === MESSAGE_AWARENESS) {
      const a = decoding.createDecoder(payload);
      for (let n = decoding.readVarUint(a); n > 0; n--) {
        decoding.readVarUint(a);
        decoding.readVarUint(a);
        JSON.parse(decoding.readVarString(a));
      }
      return true;
    }
    if (bytes[1] === syncProtocol.messageYjsSyncStep1) Y.decodeStateVector(payload);
    else Y.decodeUpdate(payload);
    return true;
  } catch {
    return false;
  }
}
