import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DOC_BODY, MESSAGE_ACK, MESSAGE_SYNC } from '@knowledge-hub/shared';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from '../../src/modules/collab/collab-protocol';

/** Where every simulated edit was sent, and when: marker → send time (ms). */
export class EditRegistry {
  readonly sentAt = new Map<string, number>();
  readonly senderOf = new Map<string, number>();
  /** marker → the entry it was written on (probes only expect edits of their own entry). */
  readonly entryOf = new Map<string, string>();
  readonly latenciesMs: number[] = [];
  readonly ackLatenciesMs: number[] = [];
  /** Latencies count for edits sent from this moment on (performance.now()): the warm-up before it is left out. */
  measureFrom = 0;
}

const MARKER = /\u0001(\d+):(\d+)\u0002/g;

/**
 * A cheap simulated editor speaking the y-websocket protocol. It writes into
 * a private Y.Doc (its own paragraph: valid Yjs updates that merge into the
 * shared document) and does not apply what it receives, so that hundreds fit
 * in one generator process. "Probe" editors additionally scan every received
 * frame for the markers of other editors' edits, which gives propagation
 * latency and delivery, and ask for durable acks.
 */
export class LightEditor {
  readonly ws: WebSocket;
  readonly seen = new Set<string>();
  private readonly doc = new Y.Doc();
  private text: Y.XmlText | null = null;
  private seq = 0;
  private awarenessClock = 0;
  private docMessages = 0;
  private readonly ackWaiting: { index: number; t0: number }[] = [];
  opened = false;
  closed = false;

  constructor(
    url: string,
    readonly id: number,
    private readonly registry: EditRegistry,
    readonly probe: boolean,
    readonly entryId = '',
  ) {
    this.ws = new WebSocket(url + (probe ? '&ack=1' : ''), { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('open', () => {
      this.opened = true;
      this.ws.send(encodeSyncStep1(this.doc));
    });
    this.ws.on('message', (data: Buffer) => this.onMessage(data));
    this.ws.on('close', () => (this.closed = true));
    this.ws.on('error', () => undefined);
  }

  /** Types a marked word; with `maxChars`, also deletes its oldest text beyond that (a long run's document stays bounded). */
  edit(maxChars = Infinity): void {
    if (!this.opened || this.ws.readyState !== WebSocket.OPEN) return;
    const marker = `${this.id}:${++this.seq}`;
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    this.doc.on('update', capture);
    this.doc.transact(() => {
      if (!this.text) {
        const p = new Y.XmlElement('paragraph');
        this.text = new Y.XmlText();
        p.insert(0, [this.text]);
        this.doc.getXmlFragment(DOC_BODY).insert(0, [p]);
      }
      this.text.insert(this.text.length, `\u0001${marker}\u0002 word `);
      if (this.text.length > maxChars) this.text.delete(0, this.text.length - maxChars);
    });
    this.doc.off('update', capture);
    const message = encodeUpdate(update!);
    const now = performance.now();
    this.registry.sentAt.set(marker, now);
    this.registry.senderOf.set(marker, this.id);
    this.registry.entryOf.set(marker, this.entryId);
    this.docMessages++;
    if (this.probe) this.ackWaiting.push({ index: this.docMessages, t0: now });
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
    if (!this.probe) return;
    const now = performance.now();
    if (data[0] === MESSAGE_ACK) {
      const acked = decoding.readVarUint(decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset + 1, data.byteLength - 1)));
      while (this.ackWaiting.length > 0 && this.ackWaiting[0].index <= acked) {
        const { t0 } = this.ackWaiting.shift()!;
        if (t0 >= this.registry.measureFrom) this.registry.ackLatenciesMs.push(now - t0);
      }
      return;
    }
    if (data[0] !== MESSAGE_SYNC) return;
    const text = data.toString('latin1');
    MARKER.lastIndex = 0;
    for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
      const marker = `${m[1]}:${m[2]}`;
      if (this.seen.has(marker)) continue;
      this.seen.add(marker);
      const t0 = this.registry.sentAt.get(marker);
      if (t0 !== undefined && t0 >= this.registry.measureFrom && Number(m[1]) !== this.id) this.registry.latenciesMs.push(now - t0);
    }
  }
}
