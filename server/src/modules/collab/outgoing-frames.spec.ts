import * as fs from 'node:fs';
import { Socket, type AddressInfo } from 'node:net';
import * as path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { OutgoingBatch, writeBatch } from './outgoing-frames';

/** A real ws server and client on loopback: what writeBatch writes must parse as ordinary frames. */
async function pair(): Promise<{ server: WebSocket; client: WebSocket; received: Buffer[]; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: false });
  const received: Buffer[] = [];
  client.on('message', (data: Buffer, isBinary: boolean) => {
    expect(isBinary).toBe(true);
    received.push(data);
  });
  await new Promise((r) => client.once('open', r));
  const server = await serverSide;
  return {
    server,
    client,
    received,
    close: async () => {
      client.terminate();
      await new Promise((r) => wss.close(r));
    },
  };
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('OutgoingBatch and writeBatch', () => {
  it('frames payloads of every header size so that a stock client reads them as separate binary messages, in order', async () => {
    const p = await pair();
    try {
      // 7-bit, 16-bit and 64-bit payload lengths (RFC 6455 §5.2), at their edges too.
      const messages = [bytes(1, 1), bytes(125, 2), bytes(126, 3), bytes(65_535, 4), bytes(65_536, 5), bytes(200_000, 6)];
      const writes = writeBatch(p.server, new OutgoingBatch(messages));
      expect(writes).toBe(1); // one socket write for the whole batch
      await until(() => p.received.length === messages.length);
      expect(p.received.map((b) => b.byteLength)).toEqual(messages.map((m) => m.byteLength));
      for (const [i, b] of p.received.entries()) expect(new Uint8Array(b)).toEqual(messages[i]);
    } finally {
      await p.close();
    }
  });

  it('interleaves with ordinary ws sends in call order', async () => {
    const p = await pair();
    try {
      p.server.send(bytes(3, 7));
      writeBatch(p.server, new OutgoingBatch([bytes(4, 8), bytes(5, 9)]));
      p.server.send(bytes(6, 10));
      await until(() => p.received.length === 4);
      expect(p.received.map((b) => b.byteLength)).toEqual([3, 4, 5, 6]);
    } finally {
      await p.close();
    }
  });

  it('the same batch goes to several peers unchanged', async () => {
    const a = await pair();
    const b = await pair();
    try {
      const batch = new OutgoingBatch([bytes(10, 11), bytes(300, 12)]);
      writeBatch(a.server, batch);
      writeBatch(b.server, batch);
      await until(() => a.received.length === 2 && b.received.length === 2);
      expect(a.received.map((x) => x.byteLength)).toEqual([10, 300]);
      expect(b.received.map((x) => x.byteLength)).toEqual([10, 300]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

/**
 * writeBatch and onDrain read ws' private fields (`_socket`, `_sender._state`,
 * `_sender._queue`). ws is pinned to an exact version in server/package.json
 * for that reason; when it is upgraded, this fails if those fields moved or
 * changed type, before the engine silently falls back to (or breaks) its
 * direct writes.
 */
describe('the ws internals outgoing-frames.ts relies on', () => {
  it('ws is pinned to an exact version', () => {
    const pinned = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
      .dependencies.ws;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = (JSON.parse(fs.readFileSync(require.resolve('ws/package.json'), 'utf8')) as { version: string }).version;
    expect(installed).toBe(pinned);
  });

  it('exist with the expected types on a real connected server-side WebSocket, idle and while ws holds frames of its own', async () => {
    const p = await pair();
    try {
      const internals = p.server as unknown as { _socket: unknown; _sender: { _state: unknown; _queue: unknown } };
      expect(internals._socket).toBeInstanceOf(Socket);
      const socket = internals._socket as Socket;
      expect(typeof socket.writable).toBe('boolean');
      expect(socket.writable).toBe(true);
      expect(typeof socket.writableLength).toBe('number');
      expect(typeof socket.write).toBe('function');
      expect(typeof socket.once).toBe('function');
      expect(typeof internals._sender).toBe('object');
      // Idle: state 0 (DEFAULT) and an empty queue, which is when writeBatch writes to the socket directly.
      expect(internals._sender._state).toBe(0);
      expect(Array.isArray(internals._sender._queue)).toBe(true);
      expect(internals._sender._queue).toHaveLength(0);
      // bufferedAmount (public) is what backlogBytes reads; it must follow the socket's own buffer.
      expect(p.server.bufferedAmount).toBe(socket.writableLength);
      // The direct path is taken when idle: one socket write for the batch.
      expect(writeBatch(p.server, new OutgoingBatch([bytes(2, 1), bytes(3, 2)]))).toBe(1);
      await until(() => p.received.length === 2);
      expect(p.received.map((b) => b.byteLength)).toEqual([2, 3]);
      // A Blob is read asynchronously: meanwhile ws' sender is busy (state not 0) and queues what follows.
      p.server.send(new Blob([bytes(4, 3)]));
      expect(internals._sender._state).not.toBe(0);
      expect(writeBatch(p.server, new OutgoingBatch([bytes(5, 4), bytes(6, 5)]))).toBe(2); // through ws, message by message
      expect((internals._sender._queue as unknown[]).length).toBeGreaterThan(0);
      await until(() => p.received.length === 5);
      expect(p.received.map((b) => b.byteLength)).toEqual([2, 3, 4, 5, 6]);
    } finally {
      await p.close();
    }
  });
});
