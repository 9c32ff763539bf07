import { randomBytes } from 'node:crypto';
import * as net from 'node:net';

/**
 * A WebSocket client written on a bare TCP socket, for what a well-behaved
 * client library cannot do: send the upgrade and frames in one TCP write
 * (before the server finished authenticating), never answer a close
 * handshake, keep sending after being refused.
 */
export class RawSocket {
  readonly socket: net.Socket;
  private received = Buffer.alloc(0);
  /** The TCP connection ended (by either side). */
  ended = false;
  endedAt = 0;
  /** The server ended its side in order (FIN): everything it sent before arrived. */
  finished = false;
  /** The server reset the connection (RST): what it sent and this side had not read yet may be lost. */
  reset = false;

  constructor(port: number, path: string, headers: Record<string, string> = {}, firstFrames: Uint8Array[] = []) {
    this.socket = net.connect(port, '127.0.0.1');
    const request = [
      `GET ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n');
    this.socket.write(Buffer.concat([Buffer.from(request), ...firstFrames.map((f) => clientFrame(f))]));
    this.socket.on('data', (chunk) => (this.received = Buffer.concat([this.received, chunk])));
    this.socket.on('end', () => {
      this.finished = true;
    });
    this.socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET') this.reset = true;
    });
    this.socket.on('close', () => {
      this.ended = true;
      this.endedAt = performance.now();
    });
  }

  /** Writes binary frames (masked, as a client must), all in one TCP write; false once the socket is gone. */
  send(...frames: Uint8Array[]): boolean {
    if (this.ended || this.socket.destroyed) return false;
    return this.socket.write(Buffer.concat(frames.map((f) => clientFrame(f))));
  }

  /** The close code of the server's close frame, if one arrived. */
  get closeCode(): number | null {
    const headerEnd = this.received.indexOf('\r\n\r\n');
    if (headerEnd < 0) return null;
    let pos = headerEnd + 4;
    while (pos + 2 <= this.received.length) {
      const opcode = this.received[pos] & 0x0f;
      let len = this.received[pos + 1] & 0x7f;
      let start = pos + 2;
      if (len === 126) {
        len = this.received.readUInt16BE(pos + 2);
        start += 2;
      } else if (len === 127) {
        len = Number(this.received.readBigUInt64BE(pos + 2));
        start += 8;
      }
      if (start + len > this.received.length) return null;
      if (opcode === 0x8) return len >= 2 ? this.received.readUInt16BE(start) : 1005;
      pos = start + len;
    }
    return null;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

function clientFrame(payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const len = payload.length;
  const header =
    len < 126
      ? Buffer.from([0x82, 0x80 | len])
      : len < 65_536
        ? Buffer.from([0x82, 0x80 | 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x82, 0x80 | 127]), bigLength(len)]);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
  return Buffer.concat([header, mask, body]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}
