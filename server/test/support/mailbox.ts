import * as net from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message as the SMTP server received it: the envelope's recipients and the parsed MIME. */
export interface ReceivedMail {
  envelopeTo: string[];
  mail: ParsedMail;
}

/**
 * A real SMTP server on a free loopback port that wants a user and password
 * (AUTH PLAIN/LOGIN, no TLS) and keeps what it receives. A message is kept
 * before the server answers 250 to it, so once the API says it was mailed,
 * it is here.
 */
export class Mailbox {
  readonly received: ReceivedMail[] = [];
  /** Set: every recipient is refused (550), as a server refusing to relay does. */
  refuseRecipients = false;
  /** The password the server accepts; change it to make every sign-in fail (535). */
  password: string;
  port = 0;
  private readonly server: SMTPServer;

  constructor(
    readonly user = 'hub-mailer',
    password = 'mail-secret',
  ) {
    this.password = password;
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      disableReverseLookup: true,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.user && auth.password === this.password) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo: (_address: SMTPServerAddress, _session, callback) => {
        if (this.refuseRecipients) callback(Object.assign(new Error('Relaying denied'), { responseCode: 550 }));
        else callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as net.AddressInfo).port;
    return this;
  }

  /** SMTP_URL for a server that reaches this mailbox on `port` (a TcpSwitch in front of it, or the mailbox itself). */
  smtpUrl(port = this.port): string {
    return `smtp://${this.user}:${this.password}@127.0.0.1:${port}`;
  }

  /** Messages whose envelope names `address`, oldest first. */
  to(address: string): ParsedMail[] {
    return this.received.filter((r) => r.envelopeTo.includes(address)).map((r) => r.mail);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A TCP server that accepts connections and never says a word: an SMTP server that hangs. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (connections are refused): an SMTP server that is down. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
