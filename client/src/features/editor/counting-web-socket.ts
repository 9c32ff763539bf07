import { MESSAGE_ACK, MESSAGE_NOTICE, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '@knowledge-hub/shared';

/** The standard code of a connection lost without a close frame. */
const CLOSE_ABNORMAL = 1006;

/**
 * A browser WebSocket that knows how much of what it sent is stored.
 *
 * Passed to the stock y-websocket provider as `WebSocketPolyfill`, with
 * `?ack=1` on the URL, so the server acknowledges our edits (shared/collab.ts):
 *
 *   sent  — document-carrying frames this socket sent: sync messages (first
 *           byte 0) of sub-type 1 (sync step 2) or 2 (update). Sync step 1 (0,0)
 *           and awareness (1) carry no document changes and are not counted.
 *   acked — the `count` of the latest ack frame (varUint 100, varUint count):
 *           the server has durably stored the first `count` of them. Counts are
 *           cumulative, so only the highest one matters.
 *
 * Everything is saved when acked === sent. Both counters belong to one socket:
 * the provider opens a new instance per connection, so they start at zero
 * after every reconnect (the resync on reconnect re-sends what the server lacks
 * as a sync step 2, which is counted and acknowledged like any edit).
 *
 * Ack frames are consumed here and never reach the provider, which would log
 * "Unable to compute message" for a type it does not know. The provider
 * assigns `ws.onmessage`; an own accessor property captures that handler and
 * a single internal listener forwards every other frame to it unchanged.
 */
export class CountingWebSocket extends WebSocket {
  sent = 0;
  acked = 0;
  /** Server notices (MESSAGE_NOTICE codes), e.g. read_only_entry_full. */
  readonly notices: string[] = [];
  /** Called after `sent`, `acked` or `notices` changed. */
  onprogress: ((socket: CountingWebSocket) => void) | null = null;
  /** performance.now() when this socket was created or last received a frame (any frame: liveness.ts). */
  lastReceivedAt = performance.now();
  /** performance.now() of the last liveness probe sent on this socket, or null. */
  lastProbeAt: number | null = null;
  private providerHandler: ((this: WebSocket, event: MessageEvent) => unknown) | null = null;

  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    Object.defineProperty(this, 'onmessage', {
      configurable: true,
      enumerable: true,
      get: () => this.providerHandler,
      set: (handler: unknown) => {
        this.providerHandler = typeof handler === 'function' ? (handler as (this: WebSocket, event: MessageEvent) => unknown) : null;
      },
    });
    this.addEventListener('message', (event) => this.receive(event));
  }

  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    // A socket that is closing drops what it is given; only count what really leaves.
    const counted = this.readyState === WebSocket.OPEN && carriesDocument(data);
    super.send(data as Parameters<WebSocket['send']>[0]);
    if (counted) {
      this.sent++;
      this.onprogress?.(this);
    }
  }

  /** Every change has been stored by the server. */
  get allAcknowledged(): boolean {
    return this.acked >= this.sent;
  }

  /** Asks the server for an answer (query awareness: always answered); see liveness.ts. */
  probe(): void {
    if (this.readyState !== WebSocket.OPEN) return;
    super.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
    this.lastProbeAt = performance.now();
  }

  /**
   * Gives up on a socket that stopped answering: the provider's own close
   * handler runs at once (it detaches, closes and schedules a reconnect) as
   * if the socket had closed abnormally, without waiting for a close event
   * that a dead network may deliver only minutes later.
   */
  abandon(): void {
    const handler = this.onclose;
    if (handler) handler.call(this, new CloseEvent('close', { code: CLOSE_ABNORMAL, reason: 'no answer from the server' }));
    else this.close();
  }

  private receive(event: MessageEvent): void {
    this.lastReceivedAt = performance.now();
    if (event.data instanceof ArrayBuffer) {
      const frame = new Uint8Array(event.data);
      if (frame.length > 0 && frame[0] === MESSAGE_ACK) {
        const count = readVarUint(frame, 1);
        if (count !== null && count > this.acked) {
          this.acked = count;
          this.onprogress?.(this);
        }
        return;
      }
      if (frame.length > 0 && frame[0] === MESSAGE_NOTICE) {
        const code = readVarString(frame, 1);
        if (code) {
          this.notices.push(code);
          this.onprogress?.(this);
        }
        return;
      }
    }
    this.providerHandler?.call(this, event);
  }
}

/** A CountingWebSocket class whose every instance reports its progress to `onProgress`. */
export function countingWebSocketClass(onProgress: (socket: CountingWebSocket) => void): typeof WebSocket {
  return class extends CountingWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.onprogress = onProgress;
    }
  };
}

const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** y-websocket message type and sync sub-type are single-byte varUints (< 128). */
function carriesDocument(data: string | ArrayBufferLike | Blob | ArrayBufferView): boolean {
  let head: Uint8Array;
  if (ArrayBuffer.isView(data)) head = new Uint8Array(data.buffer, data.byteOffset, Math.min(2, data.byteLength));
  else if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer))
    head = new Uint8Array(data, 0, Math.min(2, data.byteLength));
  else return false;
  return head.length === 2 && head[0] === MESSAGE_SYNC && (head[1] === SYNC_STEP_2 || head[1] === SYNC_UPDATE);
}

/** lib0's varUint: 7 bits per byte, little-endian, high bit = more bytes follow. Null if truncated. */
function readVarUint(bytes: Uint8Array, offset: number): number | null {
  let value = 0;
  let multiplier = 1;
  for (let i = offset; i < bytes.length && i < offset + 8; i++) {
    const byte = bytes[i];
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return value;
    multiplier *= 128;
  }
  return null;
}

/** lib0's varString: a varUint byte length, then UTF-8. Null if truncated. */
function readVarString(bytes: Uint8Array, offset: number): string | null {
  const length = readVarUint(bytes, offset);
  if (length === null) return null;
  let start = offset;
  while (bytes[start] >= 0x80) start++;
  start++;
  if (start + length > bytes.length) return null;
  return new TextDecoder().decode(bytes.subarray(start, start + length));
}
