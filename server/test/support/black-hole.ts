import * as net from 'node:net';

/**
 * A TCP forwarder on a free local port that can turn into a black hole: from
 * `swallow()` on, nothing crosses it either way and nothing is closed, like a
 * network that vanished (Wi-Fi gone, a laptop lid shut). New connections are
 * accepted and then hang. Neither end learns anything but silence.
 */
export class BlackHole {
  private readonly server = net.createServer((client) => this.forward(client));
  private readonly sockets = new Set<net.Socket>();
  private swallowing = false;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** Everything sent from now on, on every connection, is dropped without a word. */
  swallow(): void {
    this.swallowing = true;
  }

  /**
   * The network is back: new connections cross again. Those that hung are
   * reset (a connection that outlived a network change is gone for good).
   */
  restore(): void {
    this.swallowing = false;
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(client: net.Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => undefined);
    if (this.swallowing) {
      client.resume(); // read and drop
      return;
    }
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      if (!this.swallowing) client.destroy();
    });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      from.on('data', (chunk) => {
        if (!this.swallowing) to.write(chunk);
      });
      from.on('error', () => {
        if (!this.swallowing) to.destroy();
      });
      from.on('end', () => {
        if (!this.swallowing) to.end();
      });
    }
  }
}
