import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The ceiling of the public-pages bench: bare node:http answering every
 * request with the bytes the app answered for a cached page (same status,
 * headers and body) and doing nothing else. public-pages.ts starts it as a
 * child process pinned to the app server's core.
 *
 * `node public-pages-bare-server.js <answer.json>`; prints `listening <port>`.
 */
export interface BareAnswer {
  status: number;
  /** Names and values in one flat list, as writeHead takes them (without Date, Connection, Keep-Alive: Node adds those). */
  headers: string[];
  bodyBase64: string;
}

if (require.main === module) {
  const answer = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as BareAnswer;
  const body = Buffer.from(answer.bodyBase64, 'base64');
  const server = http.createServer((_req, res) => {
    res.writeHead(answer.status, answer.headers);
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
}
