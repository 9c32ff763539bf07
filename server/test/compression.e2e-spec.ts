import * as http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type TestApp, startTestApp } from './support/test-app';

/**
 * What travels over the wire (issue 14, part 5): the workspace's hashed
 * scripts and styles compressed and cached for a year, its index.html
 * revalidated every time; public pages and the stylesheet compressed too,
 * from Nest and from the fast path alike.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: fetch() would decompress and hide Content-Encoding. */
function raw(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  const { hostname, port } = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(r: Raw): string {
  const coding = r.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(r.body).toString('utf8');
  if (coding === 'gzip') return gunzipSync(r.body).toString('utf8');
  return r.body.toString('utf8');
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('the workspace (/app/)', () => {
  let script: string;
  beforeAll(async () => {
    const index = await raw('/app/');
    script = /src="(\/app\/assets\/index-[^"]+\.js)"/.exec(index.body.toString('utf8'))![1];
  });

  it('sends index.html (the session inside: see workspace-page) privately, to be revalidated every time, compressed as accepted', async () => {
    const index = await raw('/app/', { 'accept-encoding': 'br' });
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('private, no-cache');
    expect(index.headers['content-encoding']).toBe('br');
    expect(decoded(index)).toContain('<div id="root">');
  });

  it('sends its hashed script as brotli, gzip or plain, each cached for a year, with the same text', async () => {
    const plain = await raw(script);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    expect(plain.headers.vary).toContain('Accept-Encoding');

    const br = await raw(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(decoded(br)).toBe(plain.body.toString('utf8'));

    const gzip = await raw(script, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe(IMMUTABLE);
    expect(decoded(gzip)).toBe(plain.body.toString('utf8'));

    const refused = await raw(script, { 'accept-encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');
  });

  it('answers a missing asset with 404, not the workspace page', async () => {
    expect((await raw('/app/assets/index-nothing.js', { 'accept-encoding': 'br' })).status).toBe(404);
  });
});

describe('the public site', () => {
  it.each([['/'], ['/g/vaccines'], ['/assets/site.css']])(
    '%s is compressed for whoever accepts it, from Nest and from the fast path, and revalidates',
    async (path) => {
      const plain = await raw(path);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toContain('Accept-Encoding');
      for (const [accept, coding] of [
        ['br, gzip', 'br'],
        ['gzip, deflate', 'gzip'],
      ]) {
        // The first may go through Nest (or the fast path, after the plain request); the second is the fast path's.
        for (let i = 0; i < 2; i++) {
          const r = await raw(path, { 'accept-encoding': accept });
          expect([path, r.headers['content-encoding']]).toEqual([path, coding]);
          expect(Number(r.headers['content-length'])).toBe(r.body.length);
          expect(r.body.length).toBeLessThan(plain.body.length);
          expect(decoded(r)).toBe(plain.body.toString('utf8'));
          expect(r.headers.etag).not.toBe(plain.headers.etag);
          const again = await raw(path, { 'accept-encoding': accept, 'if-none-match': r.headers.etag! });
          expect(again.status).toBe(304);
        }
      }
    },
  );
});
