/**
 * The relay between instances of the collab engine (scale-out).
 *
 * Each entry has one channel, `<prefix>:collab:<entryId>`, on which every
 * instance holding the entry's document publishes and listens. A message is a
 * binary frame: varUint kind, varString sender instance id (so an instance
 * skips its own messages), then the kind's payload:
 *   0 update          varUint8Array: a Yjs update the sender accepted, published
 *                     only once it is in the entry_updates log
 *   1 awareness       varUint8Array: a y-protocols awareness update of the
 *                     sender's own connections (joins, changes, leaves)
 *   2 query-awareness (nothing): "I just loaded this entry; send me your
 *                     connections' awareness"
 *   3 resync          (nothing): "I was cut off from Redis and may have missed
 *                     updates, and you mine: reload the entry from the log and
 *                     send me your connections' awareness"
 * One more channel, `<prefix>:collab-instances`, carries liveness:
 *   4 heartbeat       (nothing), every second from every instance
 *   5 bye             (nothing), from an instance that stops gracefully
 * Kinds a receiver does not know are ignored, so a rolling deploy can add some.
 *
 * The Postgres log stays the only durable record: each instance appends only
 * the updates its own connections sent, never what it receives here.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type RelayMessage =
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }
  | { kind: 'resync' };

export type InstanceSignal = 'heartbeat' | 'bye';

/**
 * Transaction origin of what came from another instance or from the log:
 * broadcast to this instance's peers like anything else, but never appended
 * to the log (the instance that accepted it did that) and never relayed back.
 */
export const FROM_ELSEWHERE = Symbol('from another instance or the log');

/** Receives another instance's message on one entry. */
export type RelayHandler = (from: string, message: RelayMessage) => void;

export interface RelayEvents {
  /**
   * The relay is connected (again): messages may have been lost both ways
   * while it was not. Called on the first connection too.
   */
  reconnected(): void;
  /**
   * Another instance is gone. `crashed`: it stopped sending heartbeats without
   * saying goodbye, so it may have logged edits it never got to publish.
   */
  peerGone(instanceId: string, crashed: boolean): void;
}

export interface CollabRelay {
  readonly instanceId: string;
  start(events: RelayEvents): void;
  /**
   * Starts delivering other instances' messages on the entry. Resolves once
   * Redis confirmed the subscription (or, during an outage, after a bounded
   * wait: the `reconnected` event then covers the gap) with the function that
   * ends it.
   */
  subscribe(entryId: string, onMessage: RelayHandler): Promise<() => Promise<void>>;
  /** Fire and forget: during an outage messages are dropped and `reconnected` repairs. */
  publish(entryId: string, message: RelayMessage): void;
  /** Says goodbye and closes the connections; after draining the log, so every accepted update went out. */
  close(): Promise<void>;
}

/** One instance alone (no REDIS_URL): nobody to talk to. */
export class LocalCollabRelay implements CollabRelay {
  readonly instanceId = 'local';
  start(): void {}
  async subscribe(): Promise<() => Promise<void>> {
    return async () => undefined;
  }
  publish(): void {}
  async close(): Promise<void> {}
}

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
const KIND_QUERY_AWARENESS = 2;
const KIND_RESYNC = 3;
const KIND_HEARTBEAT = 4;
const KIND_BYE = 5;

export function encodeRelayMessage(from: string, message: RelayMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  switch (message.kind) {
    case 'update':
    case 'awareness':
      encoding.writeVarUint(encoder, message.kind === 'update' ? KIND_UPDATE : KIND_AWARENESS);
      encoding.writeVarString(encoder, from);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'query-awareness':
      encoding.writeVarUint(encoder, KIND_QUERY_AWARENESS);
      encoding.writeVarString(encoder, from);
      break;
    case 'resync':
      encoding.writeVarUint(encoder, KIND_RESYNC);
      encoding.writeVarString(encoder, from);
      break;
  }
  return encoding.toUint8Array(encoder);
}

export function encodeInstanceSignal(from: string, signal: InstanceSignal): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, signal === 'heartbeat' ? KIND_HEARTBEAT : KIND_BYE);
  encoding.writeVarString(encoder, from);
  return encoding.toUint8Array(encoder);
}

export type DecodedRelayFrame = { from: string; message: RelayMessage } | { from: string; signal: InstanceSignal } | { from: string; unknownKind: number };

/** Throws on a frame that does not decode (the caller logs and drops it). */
export function decodeRelayFrame(frame: Uint8Array): DecodedRelayFrame {
  const decoder = decoding.createDecoder(frame);
  const kind = decoding.readVarUint(decoder);
  const from = decoding.readVarString(decoder);
  switch (kind) {
    case KIND_UPDATE:
      return { from, message: { kind: 'update', update: decoding.readVarUint8Array(decoder) } };
    case KIND_AWARENESS:
      return { from, message: { kind: 'awareness', update: decoding.readVarUint8Array(decoder) } };
    case KIND_QUERY_AWARENESS:
      return { from, message: { kind: 'query-awareness' } };
    case KIND_RESYNC:
      return { from, message: { kind: 'resync' } };
    case KIND_HEARTBEAT:
      return { from, signal: 'heartbeat' };
    case KIND_BYE:
      return { from, signal: 'bye' };
    default:
      return { from, unknownKind: kind };
  }
}
