import * as http from 'node:http';
import * as zlib from 'node:zlib';
import { type TestApp, startTestApp } from './support/test-app';

/**
 * API answers travel compressed when the client accepts it (a phone on a
 * slow line fetches a published entry's JSON in a fraction of the bytes);
 * small answers and clients that accept nothing are sent as they are.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

/** The raw answer (no decoding on the way), with its headers. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${app.baseUrl}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

it('sends a large answer gzipped or brotli-compressed as accepted, the same JSON once decoded; small ones and other clients get it as it is', async () => {
  const alice = await app.as('alice@demo.hub');
  const entry = await alice.addEntry('A long entry');
  await alice.setBody(
    entry.id,
    Array.from({ length: 200 }, (_, i) => `Paragraph ${i}: cold chain logistics keep the vials between 2 and 8 °C.`),
  );
  const revision = await alice.submit(entry.id);
  expect((await (await app.as('mod@demo.hub')).decide(revision.id, 'approve')).status).toBe(200);
  const cookie = `kh_session=${alice.token}`;
  const path = `/api/entries/${entry.id}/published`;

  const identity = await rawGet(path, { cookie });
  expect(identity.status).toBe(200);
  expect(identity.headers['content-encoding']).toBeUndefined();
  expect(identity.body.length).toBeGreaterThan(20_000);
  const json = JSON.parse(identity.body.toString());

  const gzip = await rawGet(path, { cookie, 'accept-encoding': 'gzip' });
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(gzip.body.length).toBeLessThan(identity.body.length / 4);
  expect(JSON.parse(zlib.gunzipSync(gzip.body).toString())).toEqual(json);

  const br = await rawGet(path, { cookie, 'accept-encoding': 'br' });
  expect(br.headers['content-encoding']).toBe('br');
  expect(JSON.parse(zlib.brotliDecompressSync(br.body).toString())).toEqual(json);

  // Under 1 KB: not worth it.
  const small = await rawGet('/api/auth/session', { cookie, 'accept-encoding': 'gzip' });
  expect(small.body.length).toBeLessThan(1024);
  expect(small.headers['content-encoding']).toBeUndefined();
  expect(small.headers.vary).toMatch(/accept-encoding/i);
});
