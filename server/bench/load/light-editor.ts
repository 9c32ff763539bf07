import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { DOC_BODY, MESSAGE_ACK, MESSAGE_SYNC } from '@knowledge-hub/shared';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from '../../src/modules/collab/collab-protocol';
import { LatencyHistogram } from '../stats';

/**
 * When every simulated edit was sent, and what every editor received of them.
 *
 * An edit carries a marker `\u0001<sender>:<seq>\u0002` in its text; the send
 * time is kept here by sender and sequence number. Every editor that measures
 * scans each update it receives for markers and records the latency of every
 * edit of another editor it sees for the first time: the figures count every
 * receiver, not a sample of the first to connect (the server writes a tick to
 * its peers one after the other, so who is sampled matters).
 */
export class EditRegistry {
  /** sender id → send time (performance.now()) of each of its edits, by sequence number. */
  private readonly sentAt: number[][] = [];
  /** Sender id → the entry it writes on. */
  readonly entryOf: string[] = [];
  /** Latencies (ms) of every (edit, receiver) pair of edits sent from `measureFrom` on. */
  readonly latency = new LatencyHistogram();
  /** The same, by the receiver's order of joining (quartiles): whether being early or late to connect matters. */
  readonly latencyByJoinQuartile = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
  readonly ackLatency = new LatencyHistogram();
  /** Latencies count for edits sent from this moment on (performance.now()): the warm-up before it is left out (until it is set, nothing counts). */
  measureFrom = Infinity;
  /** Editors that measure, by id (for the join-order quartiles). */
  measuring = 0;
  /** (edit, receiver) pairs seen, over the whole run. */
  received = 0;
  /** The slowest delivery of the edits sent in each 100 ms slot since `measureFrom`: where the tail comes from (stalls, or everywhere). */
  readonly worstBySlot: number[] = [];
  /** The same for durable acks. */
  readonly worstAckBySlot: number[] = [];

  sent(sender: number, seq: number, at: number): void {
    let times = this.sentAt[sender];
    if (!times) {
      times = [];
      this.sentAt[sender] = times;
    }
    times[seq] = at;
  }

  /** Edits sent by `sender` so far. */
  sentBy(sender: number): number {
    return (this.sentAt[sender]?.length ?? 1) - 1;
  }

  /** Edits sent from `from` on, by everyone. */
  editsSentSince(from: number): number {
    let n = 0;
    for (const times of this.sentAt) if (times) for (const t of times) if (t !== undefined && t >= from) n++;
    return n;
  }

  receivedBy(receiver: LightEditor, sender: number, seq: number, now: number): void {
    this.received++;
    const t0 = this.sentAt[sender]?.[seq];
    if (t0 === undefined || t0 < this.measureFrom) return;
    this.latency.add(now - t0);
    const slot = Math.floor((t0 - this.measureFrom) / 100);
    if (!(this.worstBySlot[slot] >= now - t0)) this.worstBySlot[slot] = now - t0;
    const quartile = Math.min(3, Math.floor((4 * receiver.joinIndex) / Math.max(1, this.measuring)));
    this.latencyByJoinQuartile[quartile].add(now - t0);
  }
}

export interface LightEditorOptions {
  /** The entry it edits (edits are expected only by editors of the same entry). */
  entryId?: string;
  /** Scan what it receives for other editors' edits and record their latency. */
  measure?: boolean;
  /** Ask for durable acks (`?ack=1`) and record their latency. */
  ack?: boolean;
  /** Keep a full replica: apply everything received, as a real client does (costs the generator far more). */
  full?: boolean;
}

const MARK_START = 0x01;
const MARK_SEPARATOR = 0x3a; // ':'
const MARK_END = 0x02;

/** Origin of this editor's own transactions. */
const LOCAL = Symbol('local edit');

/**
 * A simulated editor speaking the y-websocket protocol. It writes into a
 * Y.Doc of its own (its own paragraph: valid Yjs updates that merge into the
 * shared document). A light editor does not apply what it receives, so that
 * hundreds fit in one generator process; a full one (`full`) applies
 * everything, as a browser does. An editor that measures finds the markers in
 * the bytes of each update it receives, which costs a byte search per frame.
 */
export class LightEditor {
  readonly ws: WebSocket;
  readonly doc = new Y.Doc();
  readonly entryId: string;
  readonly measure: boolean;
  readonly full: boolean;
  /** Its place among the measuring editors, in order of creation. */
  readonly joinIndex: number;
  /** The highest sequence number seen from each sender (edits of one sender arrive in order). */
  private readonly lastSeen: number[] = [];
  private text: Y.XmlText | null = null;
  private seq = 0;
  private awarenessClock = 0;
  private docMessages = 0;
  private readonly ackWaiting: { index: number; t0: number }[] = [];
  private captured: Uint8Array | null = null;
  opened = false;
  synced = false;
  closed = false;

  constructor(
    url: string,
    readonly id: number,
    private readonly registry: EditRegistry,
    o: LightEditorOptions = {},
  ) {
    this.entryId = o.entryId ?? '';
    this.measure = o.measure ?? false;
    this.full = o.full ?? false;
    this.joinIndex = this.measure ? registry.measuring++ : -1;
    registry.entryOf[id] = this.entryId;
    this.ws = new WebSocket(url + (o.ack ? '&ack=1' : ''), { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('open', () => {
      this.opened = true;
      this.ws.send(encodeSyncStep1(this.doc));
    });
    this.ws.on('message', (data: Buffer) => this.onMessage(data));
    this.ws.on('close', () => (this.closed = true));
    this.ws.on('error', () => undefined);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL) this.captured = update;
    });
  }

  /** Edits of other editors seen so far (a sender's edit skipped is never counted: delivery is exact). */
  seen = 0;

  /** Whether it has seen the last edit of every other editor of its entry. */
  seenAllOf(senders: readonly LightEditor[]): boolean {
    return senders.every((s) => s === this || s.entryId !== this.entryId || (this.lastSeen[s.id] ?? 0) >= this.registry.sentBy(s.id));
  }

  /** Types a marked word; with `maxChars`, also deletes its oldest text beyond that (a long run's document stays bounded). */
  edit(maxChars = Infinity): void {
    if (!this.opened || this.ws.readyState !== WebSocket.OPEN) return;
    const seq = ++this.seq;
    this.captured = null;
    this.doc.transact(() => {
      if (!this.text) {
        const p = new Y.XmlElement('paragraph');
        this.text = new Y.XmlText();
        p.insert(0, [this.text]);
        this.doc.getXmlFragment(DOC_BODY).insert(0, [p]);
      }
      this.text.insert(this.text.length, `\u0001${this.id}:${seq}\u0002 word `);
      if (this.text.length > maxChars) this.text.delete(0, this.text.length - maxChars);
    }, LOCAL);
    const message = encodeUpdate(this.captured!);
    const now = performance.now();
    this.registry.sent(this.id, seq, now);
    this.docMessages++;
    this.ackWaiting.push({ index: this.docMessages, t0: now });
    this.ws.send(message);
  }

  /** An awareness update with a moving cursor, as an editor sends while typing. */
  awareness(): void {
    if (!this.opened || this.ws.readyState !== WebSocket.OPEN) return;
    const state = JSON.stringify({ user: { name: `Editor ${this.id}`, color: '#336699' }, cursor: { anchor: this.seq, head: this.seq } });
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, this.doc.clientID);
    encoding.writeVarUint(inner, ++this.awarenessClock);
    encoding.writeVarString(inner, state);
    this.ws.send(encodeAwareness(encoding.toUint8Array(inner)));
  }

  close(): void {
    this.ws.terminate();
    this.doc.destroy();
  }

  private onMessage(data: Buffer): void {
    if (data[0] === MESSAGE_ACK) return this.onAck(data);
    if (data[0] !== MESSAGE_SYNC) return;
    const now = performance.now();
    if (this.measure) this.findMarkers(data, now);
    if (this.full) this.apply(data);
    else if (!this.synced && data[1] === syncProtocol.messageYjsSyncStep2) this.synced = true;
  }

  private apply(data: Buffer): void {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset + 1, data.byteLength - 1));
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MESSAGE_SYNC);
    const type = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
    if (type === syncProtocol.messageYjsSyncStep2) this.synced = true;
    if (encoding.length(reply) > 1) {
      this.docMessages++; // our sync step 2: a doc message the server counts for acks
      this.ws.send(encoding.toUint8Array(reply));
    }
  }

  private onAck(data: Buffer): void {
    const now = performance.now();
    const acked = decoding.readVarUint(decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset + 1, data.byteLength - 1)));
    while (this.ackWaiting.length > 0 && this.ackWaiting[0].index <= acked) {
      const { t0 } = this.ackWaiting.shift()!;
      if (t0 >= this.registry.measureFrom) {
        this.registry.ackLatency.add(now - t0);
        const slot = Math.floor((t0 - this.registry.measureFrom) / 100);
        if (!(this.registry.worstAckBySlot[slot] >= now - t0)) this.registry.worstAckBySlot[slot] = now - t0;
      }
    }
  }

  /** Every `\u0001<sender>:<seq>\u0002` in the frame (strings are stored as UTF-8 in a Yjs update, so the marker's bytes appear as typed). */
  private findMarkers(data: Buffer, now: number): void {
    for (let i = data.indexOf(MARK_START, 2); i !== -1; i = data.indexOf(MARK_START, i + 1)) {
      let j = i + 1;
      let sender = 0;
      let digits = 0;
      for (let c = data[j]; c >= 0x30 && c <= 0x39; c = data[++j], digits++) sender = sender * 10 + c - 0x30;
      if (digits === 0 || data[j] !== MARK_SEPARATOR) continue;
      let seq = 0;
      digits = 0;
      for (let c = data[++j]; c >= 0x30 && c <= 0x39; c = data[++j], digits++) seq = seq * 10 + c - 0x30;
      if (digits === 0 || data[j] !== MARK_END) continue;
      i = j;
      if (sender === this.id || seq <= (this.lastSeen[sender] ?? 0)) continue;
      this.lastSeen[sender] = seq;
      this.seen++;
      this.registry.receivedBy(this, sender, seq, now);
    }
  }
}
