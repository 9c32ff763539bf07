import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { MESSAGE_ACK, MESSAGE_NOTICE, MESSAGE_SYNC } from '@knowledge-hub/shared';
import { encodeSyncStep1, encodeUpdate } from '../../src/modules/collab/collab-protocol';
import { waitFor } from './wait-for';

/**
 * A minimal y-websocket client over a raw socket, for what the stock provider
 * hides: acks, close codes, hand-made (and hostile) frames.
 */
export class RawCollabClient {
  readonly doc: Y.Doc;
  readonly ws: WebSocket;
  private readonly ownsDoc: boolean;
  acked = 0;
  sentDocMessages = 0;
  closeCode: number | null = null;
  /** MESSAGE_NOTICE codes received, in order. */
  readonly notices: string[] = [];
  closeReason = '';
  receivedStep2 = false;
  opened = false;
  /** When the socket opened, the server's sync step 2 arrived, and it was applied (performance.now()). */
  readonly timings = { openedAt: 0, step2ArrivedAt: 0, step2AppliedAt: 0 };
  /** Called once the server's sync step 2 is applied, synchronously. */
  onSynced: (() => void) | null = null;
  /** Called on every ack, synchronously with its arrival. */
  onAck: ((acked: number) => void) | null = null;

  /** `doc`: sync an existing document (a client reconnecting elsewhere); it is not destroyed on close. */
  constructor(wsUrl: string, entryId: string, opts: { token?: string; ack?: boolean; doc?: Y.Doc } = {}) {
    this.doc = opts.doc ?? new Y.Doc();
    this.ownsDoc = !opts.doc;
    const params = new URLSearchParams();
    if (opts.token) params.set('token', opts.token);
    if (opts.ack) params.set('ack', '1');
    this.ws = new WebSocket(`${wsUrl}/collab/${entryId}?${params}`);
    this.ws.binaryType = 'arraybuffer';
    this.ws.on('open', () => {
      this.opened = true;
      this.timings.openedAt = performance.now();
      this.ws.send(encodeSyncStep1(this.doc));
    });
    this.ws.on('message', (data: ArrayBuffer) => this.onMessage(new Uint8Array(data)));
    this.ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
    this.ws.on('error', () => undefined);
    this.doc.on('update', this.onDocUpdate);
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || !this.opened) return;
    this.sentDocMessages++;
    this.ws.send(encodeUpdate(update));
  };

  private onMessage(bytes: Uint8Array): void {
    const d = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(d);
    if (type === MESSAGE_NOTICE) {
      this.notices.push(decoding.readVarString(d));
      return;
    }
    if (type === MESSAGE_ACK) {
      this.acked = decoding.readVarUint(d);
      this.onAck?.(this.acked);
      return;
    }
    if (type !== MESSAGE_SYNC) return;
    const arrivedAt = performance.now();
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    const syncType = syncProtocol.readSyncMessage(d, e, this.doc, this);
    if (syncType === syncProtocol.messageYjsSyncStep2 && !this.receivedStep2) {
      this.receivedStep2 = true;
      this.timings.step2ArrivedAt = arrivedAt;
      this.timings.step2AppliedAt = performance.now();
      this.onSynced?.();
    }
    if (encoding.length(e) > 1) {
      if (syncType === syncProtocol.messageYjsSyncStep1) this.sentDocMessages++; // our step 2 is a doc message
      this.ws.send(encoding.toUint8Array(e));
    }
  }

  synced(): Promise<boolean> {
    return waitFor(() => this.receivedStep2, 'initial sync');
  }

  allAcked(): Promise<boolean> {
    return waitFor(() => this.sentDocMessages > 0 && this.acked === this.sentDocMessages, `ack ${this.sentDocMessages} (have ${this.acked})`);
  }

  closed(): Promise<number> {
    return waitFor(() => this.closeCode, 'the socket to close') as Promise<number>;
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  close(): void {
    this.ws.close();
    this.doc.off('update', this.onDocUpdate);
    if (this.ownsDoc) this.doc.destroy();
  }
}
