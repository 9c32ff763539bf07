import type { WebSocket } from 'ws';
import { CLOSE_MALFORMED_FRAME, colorForUser, NOTICE_DOCUMENT_TOO_LARGE, type AwarenessUser } from '@knowledge-hub/shared';
import * as Y from 'yjs';
import type { CollabAccess } from '../entries/entries.policy';
import type { CollabDocument } from './collab-document';
import {
  decodeClientMessage,
  encodeAck,
  encodeNotice,
  encodeUpdate,
  DocumentTooLargeError,
  MalformedFrameError,
  MalformedUpdateError,
  type ClientMessage,
} from './collab-protocol';
import type { UpdateShape } from './update-shape';
import { backlogBytes, closeSocket, onDrain, writeBatch, type OutgoingBatch } from './outgoing-frames';

export interface ConnectionOptions {
  /** The client asked for acks and notices (`?ack=1`). */
  wantsAck: boolean;
  /** With more than this waiting to be sent to the client, ticks are held back until it drains (see sendBatch). */
  maxBufferedBytes: number;
  onError: (conn: CollabConnection, err: unknown) => void;
}

export interface ConnectionUser {
  id: string;
  name: string;
}

/**
 * One WebSocket on one entry. Dispatches the client's messages on their type:
 * sync step 1 is answered with what the client lacks; updates from writers are
 * applied, logged and (with `?ack=1`) acknowledged once durable; updates from
 * read-only connections are dropped; awareness is applied for everyone.
 */
export class CollabConnection {
  /** Awareness client ids this connection spoke for; removed when it closes. */
  readonly awarenessClientIds = new Set<number>();
  private docMessagesReceived = 0;
  private ackedCount = 0;
  private closed = false;
  private readonly pendingNotices: string[] = [];
  /** Set while ticks are held back: the document's state vector as of the last tick this client was sent. */
  private behindFrom: Uint8Array | null = null;
  /** The latest sync step 1 waiting for the socket to drain (see answerSyncStep1). */
  private pendingStep1: Uint8Array | null = null;

  readonly wantsAck: boolean;
  private readonly maxBufferedBytes: number;
  private readonly onError: (conn: CollabConnection, err: unknown) => void;

  /** The `user` field of this connection's awareness states, from its session (never from the client). */
  readonly presence: AwarenessUser;

  constructor(
    private readonly ws: WebSocket,
    readonly user: ConnectionUser,
    private accessNow: Exclude<CollabAccess, 'none'>,
    private readonly document: CollabDocument,
    options: ConnectionOptions,
  ) {
    this.presence = { name: user.name, color: colorForUser(user.id), userId: user.id };
    this.wantsAck = options.wantsAck;
    this.maxBufferedBytes = options.maxBufferedBytes;
    this.onError = options.onError;
  }

  /** Sends the server's side of the handshake: its state vector (once the document is integrated: see CollabDocument.fromStored) and everyone's presence. */
  start(): void {
    for (const code of this.pendingNotices.splice(0)) this.send(encodeNotice(code));
    const step1 = this.document.syncStep1();
    if (step1) this.send(step1);
    const awareness = this.document.fullAwareness();
    if (awareness) this.send(awareness);
  }

  /** A notice for clients that speak our extension (`?ack=1`); stock clients never get one. */
  notify(code: string): void {
    if (this.wantsAck) this.pendingNotices.push(code);
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const stats = this.document.stats;
    stats.framesOut++;
    stats.bytesOut += message.byteLength;
    stats.socketWrites++;
    // No per-send callback on this hot path: a failed write surfaces as the socket's 'error'/'close'.
    this.ws.send(message, { binary: true });
  }

  /**
   * Sends a tick's broadcast, framed once for every peer (see outgoing-frames.ts).
   *
   * A client that reads slower than the entry changes (a stalled tab, a thin
   * link, a hostile script) would make the server buffer every tick for it
   * without bound. Once its backlog passes `maxBufferedBytes`, its ticks are
   * held back; when its socket drains it gets one catch-up update, everything
   * after the last tick it was sent (deletions included), and the presence it
   * missed. Nothing is lost and nobody is disconnected; memory stays bounded
   * (by the limit plus one tick). A client that never reads again is closed by
   * the heartbeat.
   */
  sendBatch(batch: OutgoingBatch): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN || this.behindFrom) return;
    const stats = this.document.stats;
    stats.framesOut += batch.messages.length;
    stats.bytesOut += batch.wire.byteLength;
    stats.socketWrites += writeBatch(this.ws, batch);
    // Ticks apply nothing while they fan out, so the document's state now is what this client has been sent.
    if (backlogBytes(this.ws) > this.maxBufferedBytes) this.holdBack(Y.encodeStateVector(this.document.doc));
  }

  /**
   * A sync step 2 can be the whole document. While the client is not reading
   * (its backlog over `maxBufferedBytes`), a step 1 is not answered at once:
   * only the latest one waiting is kept and answered when the socket drains,
   * so a client that sends step 1 after step 1 and never reads cannot make the
   * server buffer (or encode) a document per frame.
   */
  private answerSyncStep1(stateVector: Uint8Array): void {
    if (backlogBytes(this.ws) > this.maxBufferedBytes) {
      const waiting = this.pendingStep1 !== null;
      this.pendingStep1 = stateVector;
      if (!waiting) {
        this.document.stats.heldBack++;
        onDrain(this.ws, () => {
          const latest = this.pendingStep1;
          this.pendingStep1 = null;
          if (latest && !this.closed && this.ws.readyState === this.ws.OPEN) {
            try {
              this.answerSyncStep1(latest);
            } catch (err) {
              this.onError(this, err);
            }
          }
        });
      }
      return;
    }
    for (const answer of this.document.syncStep2For(stateVector)) this.send(answer);
  }

  private holdBack(from: Uint8Array): void {
    this.behindFrom = from;
    this.document.stats.heldBack++;
    onDrain(this.ws, () => this.catchUp());
  }

  private catchUp(): void {
    const from = this.behindFrom;
    this.behindFrom = null;
    if (!from || this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.send(encodeUpdate(Y.encodeStateAsUpdate(this.document.doc, from)));
    // Every client's presence, those who left meanwhile as removals (no ghost cursors).
    this.send(this.document.awarenessCatchUp());
  }

  handleFrame(frame: Uint8Array): void {
    if (this.closed) return;
    let message: ClientMessage;
    try {
      message = decodeClientMessage(frame, { writer: this.access === 'write' });
    } catch (err) {
      this.close(CLOSE_MALFORMED_FRAME, err instanceof MalformedFrameError ? err.message.slice(0, 120) : 'malformed frame');
      return;
    }
    try {
      this.dispatch(message);
    } catch (err) {
      // Serving it failed on our side (e.g. a stored document that does not apply): close this socket, never the process.
      this.onError(this, err);
    }
  }

  private dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step-1':
        this.answerSyncStep1(message.stateVector);
        return;
      case 'doc-update':
        this.handleDocUpdate(message.update, message.shape);
        return;
      case 'dropped-update':
        return; // read-only: never applied, stored or acknowledged
      case 'awareness':
        this.document.applyAwareness(this, message.entries);
        return;
      case 'query-awareness': {
        const awareness = this.document.fullAwareness();
        if (awareness) this.send(awareness);
        return;
      }
    }
  }

  get access(): Exclude<CollabAccess, 'none'> {
    return this.accessNow;
  }

  /**
   * From now on this connection's updates are dropped (never applied, stored
   * or acknowledged); the client is told why. Updates it sent before stay
   * accepted and are acknowledged once durable.
   */
  makeReadOnly(notice: string): void {
    if (this.accessNow === 'read') return;
    this.accessNow = 'read';
    this.document.onAccessChanged(this);
    if (this.wantsAck && !this.closed) this.send(encodeNotice(notice));
  }

  /**
   * Closes with a code for the client and stops reading at once: nothing it
   * sends after this is read or buffered, and the socket is dropped shortly
   * after even if the client never answers the close handshake.
   */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    closeSocket(this.ws, code, reason);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private handleDocUpdate(update: Uint8Array, shape: UpdateShape): void {
    if (this.access !== 'write') return; // read-only: dropped, never applied or stored (and never acknowledged)
    const index = ++this.docMessagesReceived;
    this.document.applyFromConnection(this, update, shape).then(
      () => this.acknowledge(index),
      (err) => {
        if (err instanceof MalformedUpdateError) this.close(CLOSE_MALFORMED_FRAME, err.message);
        // Refused, so never acknowledged, and nothing after it either: acks are cumulative.
        else if (err instanceof DocumentTooLargeError) this.makeReadOnly(NOTICE_DOCUMENT_TOO_LARGE);
        else this.onError(this, err);
      },
    );
  }

  private acknowledge(index: number): void {
    if (!this.wantsAck || index <= this.ackedCount) return;
    this.ackedCount = index;
    this.send(encodeAck(index));
  }
}
