import * as net from 'node:net';

/**
 * A TCP forwarder on a free local port whose target can be switched or cut:
 * a load balancer in front of instances (clients reconnect to whichever
 * instance it routes to), or a network outage between a server and Redis.
 */
export class TcpSwitch {
  private readonly server = net.createServer((client) => this.forward(client));
  private readonly sockets = new Set<net.Socket>();
  private target: number | null;
  port = 0;

  constructor(targetPort: number) {
    this.target = targetPort;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** New connections go to this port from now on; established ones stay where they are. */
  route(targetPort: number): void {
    this.target = targetPort;
  }

  /** Drops every connection and refuses new ones (they are accepted and closed at once) until `route`. */
  cut(): void {
    this.target = null;
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(client: net.Socket): void {
    if (this.target === null) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target, '127.0.0.1');
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
    }
  }
}
