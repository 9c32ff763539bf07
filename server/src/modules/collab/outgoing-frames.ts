import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * What one peer is due in one tick, framed once for every peer.
 *
 * A server-to-client WebSocket frame is not masked, so its bytes (header and
 * payload) are the same for every peer. A broadcast therefore frames its
 * messages once, concatenates them (the document update and the awareness
 * change of a tick) and writes that one buffer to each peer's TCP socket: one
 * write, one syscall, per peer per tick, and none of ws' per-send framing,
 * corking and bookkeeping. On loopback at 400 editors the socket writes were
 * most of the server's time, the kernel's share included.
 */
export class OutgoingBatch {
  /** The concatenated frames, ready for the socket. */
  readonly wire: Buffer;

  constructor(readonly messages: readonly Uint8Array[]) {
    let size = 0;
    for (const m of messages) size += frameHeaderLength(m.byteLength) + m.byteLength;
    const wire = Buffer.allocUnsafe(size);
    let offset = 0;
    for (const m of messages) {
      offset = writeFrameHeader(wire, offset, m.byteLength);
      wire.set(m, offset);
      offset += m.byteLength;
    }
    this.wire = wire;
  }
}

function frameHeaderLength(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
}

/** RFC 6455 §5.2 header of a final, unmasked binary frame; returns where the payload starts. */
function writeFrameHeader(buf: Buffer, offset: number, payloadLength: number): number {
  buf[offset] = 0x82; // FIN + opcode 2 (binary)
  if (payloadLength < 126) {
    buf[offset + 1] = payloadLength;
    return offset + 2;
  }
  if (payloadLength < 65_536) {
    buf[offset + 1] = 126;
    buf.writeUInt16BE(payloadLength, offset + 2);
    return offset + 4;
  }
  buf[offset + 1] = 127;
  buf.writeUInt32BE(Math.floor(payloadLength / 2 ** 32), offset + 2);
  buf.writeUInt32BE(payloadLength >>> 0, offset + 6);
  return offset + 10;
}

/** The parts of ws' WebSocket that the direct write relies on (ws 8). */
interface WsInternals {
  _socket?: { writable: boolean; writableLength: number; write(chunk: Buffer): boolean; once(event: 'drain', listener: () => void): void };
  _sender?: { _state: number; _queue: unknown[] };
}

/**
 * Writes a batch to an open WebSocket: straight to its socket when ws has
 * nothing of its own queued (always, with permessage-deflate off as the
 * engine configures it), else message by message through ws, so that frames
 * never overtake or interleave with what ws still holds. Returns the number
 * of socket writes made.
 */
export function writeBatch(ws: WebSocket, batch: OutgoingBatch): number {
  const internals = ws as unknown as WsInternals;
  const socket = internals._socket;
  const sender = internals._sender;
  if (socket?.writable && sender && sender._state === 0 && sender._queue.length === 0) {
    socket.write(batch.wire);
    return 1;
  }
  for (const m of batch.messages) ws.send(m, { binary: true });
  return batch.messages.length;
}

/** Bytes waiting to be written to the peer (in Node's socket buffer; the kernel's are not counted). */
export function backlogBytes(ws: WebSocket): number {
  return ws.bufferedAmount;
}

/** Calls `listener` once the socket's backlog has been written out. */
export function onDrain(ws: WebSocket, listener: () => void): void {
  const socket = (ws as unknown as WsInternals)._socket;
  if (!socket || backlogBytes(ws) === 0) queueMicrotask(listener);
  else socket.once('drain', listener);
}

/** How long a closed socket may take to answer the close handshake before it is dropped. */
const CLOSE_GRACE_MS = 1_000;
/** After the grace, how long the connection stays half-closed (our side done, theirs drained) at most. */
const LINGER_MS = 5_000;

/**
 * Sends a close frame, stops reading the socket (nothing more the peer sends
 * is parsed or buffered) and ends the connection after a short grace even
 * if the peer never answers: ws would otherwise keep reading for up to 30 s.
 *
 * Ended, not destroyed: destroying a socket whose peer sent more than was read
 * (a client that sent frames after the one refused) makes the kernel answer
 * with a reset, and a peer slow to read (a loaded phone) loses what it had not
 * read yet, the close frame among it: it saw a dropped connection (1006)
 * instead of the reason. So the grace ends with a half-close (the close frame
 * and everything queued, then FIN), what the peer still sends is read and
 * dropped, and the socket is destroyed once the peer has closed or after LINGER_MS.
 */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === ws.CLOSED) return;
  ws.close(code, reason);
  ws.pause();
  setTimeout(() => lingerThenDrop(ws), CLOSE_GRACE_MS).unref();
}

function lingerThenDrop(ws: WebSocket): void {
  if (ws.readyState === ws.CLOSED) return;
  // ws keeps its TCP socket private; without it (another transport), drop as before.
  const socket = (ws as unknown as { _socket?: Socket | null })._socket;
  if (!socket || socket.destroyed) return ws.terminate();
  socket.removeAllListeners('data');
  socket.on('data', () => undefined);
  socket.resume();
  socket.end();
  setTimeout(() => ws.terminate(), LINGER_MS).unref();
}
