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
import { MAX_AWARENESS_STATE_BYTES, MESSAGE_ACK, MESSAGE_NOTICE, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '@knowledge-hub/shared';

export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  /** sync step 2 and update carry the same thing: a Yjs update to apply, decoded completely (see UpdateShape). */
  | { type: 'doc-update'; update: Uint8Array; shape: UpdateShape }
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

/**
 * What a Yjs update touches, read by decoding all of it: every struct and the
 * whole delete set. `Y.parseUpdateMeta` reads the structs only, so an update
 * with valid structs and a broken delete set would pass it, integrate its
 * structs into the live document and only then throw (half applied, never
 * logged). Decoding completely first is what lets a bad update change nothing.
 */
export interface UpdateShape {
  /** Per Yjs client: the clock just past its last struct in the update (Skips excluded). */
  structsEnd: Map<number, number>;
  /** Per Yjs client: the ranges the update deletes. */
  deletes: Map<number, { clock: number; len: number }[]>;
  /** The items that name both neighbours they were typed between (see originsAreConsistent). */
  anchored: { origin: Y.ID; rightOrigin: Y.ID }[];
}

/** Decodes a Yjs (v1) update completely, or throws. */
export function decodeUpdateShape(update: Uint8Array): UpdateShape {
  const { structs, ds } = Y.decodeUpdate(update);
  const structsEnd = new Map<number, number>();
  const anchored: { origin: Y.ID; rightOrigin: Y.ID }[] = [];
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    if (s instanceof Y.Item && s.origin && s.rightOrigin) anchored.push({ origin: s.origin, rightOrigin: s.rightOrigin });
    const end = s.id.clock + s.length;
    if (end > (structsEnd.get(s.id.client) ?? 0)) structsEnd.set(s.id.client, end);
  }
  const deletes = new Map<number, { clock: number; len: number }[]>();
  for (const [client, items] of ds.clients) deletes.set(client, items.map((d) => ({ clock: d.clock, len: d.len })));
  return { structsEnd, deletes, anchored };
}

/**
 * True unless an item of the update names, as the neighbours it was typed
 * between, a left one (origin) that is not before its right one
 * (rightOrigin) in the document. No Yjs client writes that, but such an
 * update decodes and applies, and Yjs then places the item differently on a
 * replica that receives it incrementally (the live document, the log) and on
 * one that receives the whole state (a joiner, the compacted state): the
 * replicas diverge for good. Checked for neighbours already in the document;
 * neighbours that arrive in the same update are not checked (a known gap).
 */
export function originsAreConsistent(doc: Y.Doc, shape: UpdateShape): boolean {
  const store = doc.store;
  const present = (id: Y.ID) => id.clock < Y.getState(store, id.client);
  for (const { origin, rightOrigin } of shape.anchored) {
    if (!present(origin) || !present(rightOrigin)) continue;
    const left = Y.getItem(store, origin);
    const right = Y.getItem(store, rightOrigin);
    if (!(left instanceof Y.Item) || !(right instanceof Y.Item)) continue; // garbage-collected: Yjs drops the item
    if (left === right) {
      if (origin.clock >= rightOrigin.clock) return false;
      continue;
    }
    let o = left.right;
    while (o !== null && o !== right) o = o.right;
    if (o === null) return false;
  }
  return true;
}

/**
 * True when applying the update to `doc` would change nothing: every struct it
 * carries is there already and every range it deletes is deleted already.
 * Such an update (a repeated send, a sync step 2 with nothing new) is
 * acknowledged but not logged again.
 */
export function addsNothingTo(doc: Y.Doc, shape: UpdateShape): boolean {
  for (const [client, end] of shape.structsEnd) if (Y.getState(doc.store, client) < end) return false;
  for (const [client, ranges] of shape.deletes) {
    const structs = doc.store.clients.get(client);
    for (const { clock, len } of ranges) {
      if (len === 0) continue;
      if (!structs || Y.getState(doc.store, client) < clock + len) return false; // deletes something not here yet
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < clock + len; i++) {
        if (!structs[i].deleted) return false;
      }
    }
  }
  return true;
}

export function decodeClientMessage(frame: Uint8Array): ClientMessage {
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
    if (json.length > MAX_AWARENESS_STATE_BYTES) throw new MalformedFrameError(`awareness state over ${MAX_AWARENESS_STATE_BYTES} bytes`);
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
