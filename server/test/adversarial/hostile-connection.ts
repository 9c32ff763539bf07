import * as net from 'node:net';
import * as decoding from 'lib0/decoding';
import { MESSAGE_ACK, MESSAGE_NOTICE, MESSAGE_SYNC } from '@knowledge-hub/shared';
import * as syncProtocol from 'y-protocols/sync';
import type { PlannedFrame } from './fuzz-corpus';

export interface HostileOutcome {
  /** The server answered the probe after the last frame: it read every frame without closing. */
  answered: boolean;
  /** The ack count at the end (writers only). */
  acked: number;
  closeCode: number;
  closeReason: string;
  /** The server closed the socket (not the fuzzer, once the probe was answered and every update acknowledged). */
  closedByServer: boolean;
}

/** However hostile the frames, the server answers or closes within this. */
const ANSWER_TIMEOUT_MS = 15_000;

/** An update that carries nothing: sent last by a writer, its ack comes once every update before it was applied or refused. */
const EMPTY_UPDATE_FRAME = Uint8Array.of(MESSAGE_SYNC, syncProtocol.messageYjsUpdate, 2, 0, 0);

/**
 * Sends `frames` on one WebSocket, then a probe (a sync step 1) and, on a
 * writer's socket (`?ack=1` in `path`), an empty update; reports whether the
 * server answered the probe (it read every frame) and, for a writer, waits
 * for the last ack too: updates are applied after they are read, and one
 * refused then closes the socket only then.
 *
 * The server handles a socket's frames in order and answers a sync step 1 at
 * once. (A frame that may itself read as a sync step 1 is planned last, so
 * its answer can only be taken for the probe's when nothing follows it.)
 * Nothing is sent before the server's own sync step 1 arrives: until then it
 * is still authenticating. Then every frame goes out in one TCP write.
 *
 * A bare TCP client (the fuzzer opens thousands of these): no per-frame
 * writes or mask keys, and the verdict is the server's close frame, without
 * waiting for the closing handshake.
 */
export function runHostileConnection(port: number, path: string, frames: PlannedFrame[], probe: Uint8Array): Promise<HostileOutcome> {
  const writer = path.includes('ack=1');
  // What acks count: the frames the server reads as sync step 2 or update (it reads every frame it does not close on).
  let acksDue: number | null = writer ? frames.filter((f) => carriesUpdate(f.bytes)).length + 1 : null;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let started = false;
    let answered = false;
    let acked = 0;
    let done = false;
    const finish = (closeCode: number, closeReason: string, closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ answered, acked, closeCode, closeReason, closedByServer });
    };
    const finishedIfDone = () => {
      if (answered && (acksDue === null || acked >= acksDue)) finish(1000, '', false);
    };
    const timer = setTimeout(() => {
      if (answered) return finish(0, `read every frame, then acknowledged ${acked} of ${acksDue} updates in ${ANSWER_TIMEOUT_MS} ms`, false);
      done = true;
      socket.destroy();
      reject(new Error(`the server neither answered nor closed within ${ANSWER_TIMEOUT_MS} ms (${path})`));
    }, ANSWER_TIMEOUT_MS);
    socket.on('error', () => undefined);
    socket.on('close', () => finish(1006, 'connection dropped without a close frame', true));
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ZnV6emVyLWZ1enplci0xMg==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = buffer.subarray(0, buffer.indexOf('\r\n')).toString();
        if (!status.includes(' 101 ')) return finish(0, `upgrade refused: ${status}`, true);
        upgraded = true;
        buffer = buffer.subarray(end + 4);
      }
      for (;;) {
        const frame = nextServerFrame(buffer);
        if (!frame) return;
        buffer = buffer.subarray(frame.length);
        if (frame.opcode === 0x8) {
          const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
          return finish(code, frame.payload.subarray(2).toString(), true);
        }
        // Pings are answered, as every real client does: the server's heartbeat drops a socket that never
        // answers (no close frame: 1006), which under a loaded machine came before the hostile frame's 4400.
        if (frame.opcode === 0x9) {
          socket.write(controlFrame(0xa, frame.payload));
          continue;
        }
        if (frame.opcode !== 0x2) continue;
        const type = frame.payload[0];
        if (type === MESSAGE_NOTICE) acksDue = null; // made read-only: no more acks
        if (!started) {
          if (type !== MESSAGE_SYNC) continue;
          started = true;
          socket.write(Buffer.concat([...frames.map((f) => clientFrame(f.bytes)), clientFrame(probe), ...(writer ? [clientFrame(EMPTY_UPDATE_FRAME)] : [])]));
          continue;
        }
        if (type === MESSAGE_SYNC && frame.payload[1] === syncProtocol.messageYjsSyncStep2) answered = true;
        if (type === MESSAGE_ACK) acked = decoding.readVarUint(decoding.createDecoder(frame.payload.subarray(1)));
        finishedIfDone();
      }
    });
  });
}

/** True when the server reads `bytes` as a sync step 2 or an update (one of the messages acks count), decoding as it does. */
function carriesUpdate(bytes: Uint8Array | string): boolean {
  if (typeof bytes === 'string') return false;
  try {
    const d = decoding.createDecoder(bytes);
    if (decoding.readVarUint(d) !== MESSAGE_SYNC) return false;
    const sync = decoding.readVarUint(d);
    return sync === syncProtocol.messageYjsSyncStep2 || sync === syncProtocol.messageYjsUpdate;
  } catch {
    return false;
  }
}

/** One unmasked server frame at the start of `buf` (null: not complete yet). */
function nextServerFrame(buf: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buf.length < 2) return null;
  let length = buf[1] & 0x7f;
  let start = 2;
  if (length === 126) {
    if (buf.length < 4) return null;
    length = buf.readUInt16BE(2);
    start = 4;
  } else if (length === 127) {
    if (buf.length < 10) return null;
    length = Number(buf.readBigUInt64BE(2));
    start = 10;
  }
  if (buf.length < start + length) return null;
  return { opcode: buf[0] & 0x0f, payload: buf.subarray(start, start + length), length: start + length };
}

/** A client frame: masked, as the protocol requires, with a zero key (the payload goes as is). A string is a text frame. */
function clientFrame(data: Uint8Array | string): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const opcode = typeof data === 'string' ? 0x1 : 0x2;
  const len = payload.length;
  const header =
    len < 126
      ? Buffer.from([0x80 | opcode, 0x80 | len])
      : len < 65_536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigEndian64(len)]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

/** A masked control frame (payload of at most 125 bytes, as the protocol bounds control frames). */
function controlFrame(opcode: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), Buffer.alloc(4), payload]);
}

function bigEndian64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
