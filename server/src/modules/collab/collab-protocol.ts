/**
 * Encoding and defensive decoding of y-websocket frames (see shared/src/collab.ts
 * for the message types). Decoding never trusts the peer: every read is bounds
 * checked by lib0, and a frame is fully parsed *before* anything in it is
 * applied, so a malformed frame can never half-apply to a document.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { decodeUpdateShape, type UpdateShape } from './update-shape';
import { MAX_AWARENESS_STATE_BYTES, MESSAGE_ACK, MESSAGE_NOTICE, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '@knowledge-hub/shared';

export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  /** sync step 2 and update carry the same thing: a Yjs update to apply, decoded completely (see UpdateShape). */
  | { type: 'doc-update'; update: Uint8Array; shape: UpdateShape }
  /** An update from a connection that may not write: dropped, so not decoded further than its framing. */
  | { type: 'dropped-update' }
  | { type: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { type: 'query-awareness' };

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

export class MalformedFrameError extends Error {}

/** An update that decoded but could not be integrated into the document: its sender is closed as malformed. */
export class MalformedUpdateError extends Error {}

/** An edit refused because the entry's document reached MAX_DOCUMENT_BYTES. */
export class DocumentTooLargeError extends Error {}

/** `writer`: the connection may write, so its updates are decoded completely (a reader's are dropped unread). */
export function decodeClientMessage(frame: Uint8Array, { writer }: { writer: boolean } = { writer: true }): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          Y.decodeStateVector(payload); // validates
          return { type: 'sync-step-1', stateVector: payload };
        }
        if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          if (!writer) return { type: 'dropped-update' };
          return { type: 'doc-update', update: payload, shape: decodeUpdateShape(payload) };
        }
        throw new MalformedFrameError(`unknown sync message type ${syncType}`);
      }
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        return { type: 'awareness', update, entries: decodeAwarenessUpdate(update) };
      }
      case MESSAGE_QUERY_AWARENESS:
        return { type: 'query-awareness' };
      default:
        throw new MalformedFrameError(`unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof MalformedFrameError) throw err;
    throw new MalformedFrameError(`frame does not decode: ${(err as Error).message}`);
  }
}

/** Parses a y-protocols awareness update completely (applyAwarenessUpdate would apply a prefix, then throw). */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (Buffer.byteLength(json) > MAX_AWARENESS_STATE_BYTES) throw new MalformedFrameError(`awareness state over ${MAX_AWARENESS_STATE_BYTES} bytes`);
    const state: unknown = JSON.parse(json);
    if (state !== null && typeof state !== 'object') throw new MalformedFrameError('awareness state must be an object or null');
    entries.push({ clientId, clock, state });
  }
  return entries;
}

/** The inverse of decodeAwarenessUpdate (to pass on a filtered set of entries). */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
  }
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Sync step 2 carrying `update` (already encoded: e.g. a stored state, answered without decoding it). */
export function encodeSyncStep2Update(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAck(count: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_ACK);
  encoding.writeVarUint(encoder, count);
  return encoding.toUint8Array(encoder);
}

export function encodeNotice(code: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_NOTICE);
  encoding.writeVarString(encoder, code);
  return encoding.toUint8Array(encoder);
}
