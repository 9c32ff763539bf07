import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import * as Y from 'yjs';
import { DOC_BODY, type UploadedFileDto } from '@knowledge-hub/shared';
import { FilesCollector } from '../src/modules/files/files-collector.service';
import { CHUNK_BYTES } from '../src/modules/files/postgres-file-store';
import type { ApiClient } from './support/api-client';
import { insertRevision, paragraphs } from './support/publish';
import { startTestApp, type TestApp, waitFor } from './support/test-app';

/**
 * Files end to end: uploading figures to an entry (who may, what is
 * accepted, what is stripped), serving them to anyone (types, caching,
 * ranges), deduplication, and the collector.
 */

const MAX_UPLOAD_BYTES = 1_000_000;

let app: TestApp;
let alice: ApiClient; // contributor of every group
let carol: ApiClient; // member of no group
let entryId: string;

beforeAll(async () => {
  app = await startTestApp({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
  alice = await app.as('alice@demo.hub');
  carol = await app.as('carol@demo.hub');
  entryId = await alice.createEntry('Figures of the cohort study');
});

afterAll(async () => {
  await app?.close();
});

/** An image with structure (so that JPEG and WebP have work to do), as a sharp pipeline. */
function picture(width: number, height: number, seed = 7) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * seed + (i >> 9)) % 251;
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

interface Sent {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the JSON of the upload route, success or error
  body: any;
}

/** POST /api/entries/:id/files with a multipart form holding `bytes` in the field (as `name`, declared `type`). */
async function upload(
  who: ApiClient | null,
  bytes: Uint8Array,
  o: { name?: string; type?: string; field?: string; entry?: string; baseUrl?: string } = {},
): Promise<Sent> {
  const form = new FormData();
  form.append(o.field ?? 'file', new Blob([bytes], { type: o.type ?? 'application/octet-stream' }), o.name ?? 'figure.bin');
  const res = await fetch(`${o.baseUrl ?? app.baseUrl}/api/entries/${o.entry ?? entryId}/files`, {
    method: 'POST',
    headers: who ? { authorization: `Bearer ${who.token}` } : {},
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

async function uploaded(bytes: Uint8Array, o: Parameters<typeof upload>[2] = {}): Promise<UploadedFileDto> {
  const res = await upload(alice, bytes, o);
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(`${app.baseUrl}${url}`, { method, headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/**
 * A multipart upload over a raw socket that never ends (no Content-Length,
 * chunked): writes until the server closes the connection. The server's
 * answer as text, and how much was written.
 */
async function endlessUpload(urlPath: string, token: string): Promise<{ answer: string; sentBytes: number; closedAfterAnswerMs: number }> {
  const { port } = new URL(app.baseUrl);
  const socket = net.connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  let answer = '';
  let answeredAt = 0;
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    answer += text;
    answeredAt ||= performance.now();
  });
  let closed = false;
  let closedAt = 0;
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
    closedAt = performance.now();
  });
  const boundary = 'kh-boundary';
  const chunk = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
  socket.write(
    `POST ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nTransfer-Encoding: chunked\r\n\r\n`,
  );
  socket.write(chunk(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`)));
  let sentBytes = 0;
  const piece = chunk(randomBytes(65_536));
  // At most 1 GB: a server that drained the upload instead of closing would fail the test, not hang it.
  while (!closed && sentBytes < 1_000_000_000) {
    sentBytes += 65_536;
    if (!socket.write(piece)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
  }
  await waitFor(() => closed, 'the server to close the connection');
  return { answer, sentBytes, closedAfterAnswerMs: closedAt - answeredAt };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('uploading a figure', () => {
  it('a contributor uploads a JPEG: 201 with its address, and anyone (no session) gets the same bytes back, same pixel size', async () => {
    const jpeg = await picture(1200, 700).jpeg({ quality: 80 }).toBuffer();
    const res = await upload(alice, jpeg, { name: 'cohort.jpg', type: 'image/jpeg' });
    expect(res.status).toBe(201);
    const file = res.body as UploadedFileDto;
    expect(file).toMatchObject({ url: `/files/${file.sha256}`, mime: 'image/jpeg', width: 1200, height: 700 });
    expect(file.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(file.variants.map((v) => [v.width, v.height, v.url])).toEqual([
      [480, 280, `/files/${file.sha256}?w=480`],
      [960, 560, `/files/${file.sha256}?w=960`],
    ]);

    const served = await get(file.url);
    expect(served.status).toBe(200);
    expect(sha256(served.bytes)).toBe(file.sha256);
    expect(served.bytes.length).toBe(file.bytes);
    const meta = await sharp(served.bytes).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'jpeg', width: 1200, height: 700 });
    expect(
      Object.fromEntries(
        ['content-type', 'x-content-type-options', 'content-disposition', 'cache-control', 'etag', 'accept-ranges'].map((h) => [h, served.headers.get(h)]),
      ),
    ).toEqual({
      'content-type': 'image/jpeg',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${file.sha256}"`,
      'accept-ranges': 'bytes',
    });
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
  });

  it('accepts PNG, WebP, GIF and AVIF too, each kept in its format', async () => {
    for (const [format, mime] of [
      ['png', 'image/png'],
      ['webp', 'image/webp'],
      ['gif', 'image/gif'],
      ['avif', 'image/avif'],
    ] as const) {
      const file = await uploaded(await picture(200, 120).toFormat(format).toBuffer(), { name: `f.${format}` });
      expect({ mime: file.mime, width: file.width, height: file.height }).toEqual({ mime, width: 200, height: 120 });
      const served = await get(file.url);
      expect(served.headers.get('content-type')).toBe(mime);
      expect((await sharp(served.bytes).metadata()).format).toBe(format === 'avif' ? 'heif' : format);
    }
  });

  it('a JPEG with a GPS position comes back without any EXIF', async () => {
    const withGps = await picture(400, 300)
      .jpeg()
      .withExif({
        IFD0: { Make: 'PhoneCo', Copyright: 'Dr. Example' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 2672/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 2934/100' },
      })
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const file = await uploaded(withGps, { name: 'field-site.jpg', type: 'image/jpeg' });
    const served = await get(file.url);
    const meta = await sharp(served.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(served.bytes.includes(Buffer.from('PhoneCo'))).toBe(false);
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 400, height: 300 });
    // Nor do the variants carry it (the image is narrower than 480: none are made).
    expect(file.variants).toEqual([]);
  });

  it('members of the group and admins may upload; others 403, anonymous 401, an unknown entry 404', async () => {
    const png = await picture(64, 64).png().toBuffer();
    for (const email of ['mod@demo.hub', 'admin@demo.hub']) {
      expect((await upload(await app.as(email), png)).status).toBe(201);
    }
    expect(await upload(carol, png)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await upload(null, png)).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    expect(await upload(alice, png, { entry: randomUUID() })).toMatchObject({ status: 404, body: { code: 'entry_not_found' } });
    expect(await upload(alice, png, { entry: 'not-an-id' })).toMatchObject({ status: 404, body: { code: 'entry_not_found' } });
  });

  it('refuses by the bytes, not the name: HTML named x.png, text, SVG → 415 unsupported_file_type', async () => {
    const html = Buffer.from('<!doctype html><html><body><script>fetch("/api/me")</script></body></html>');
    expect(await upload(alice, html, { name: 'x.png', type: 'image/png' })).toMatchObject({ status: 415, body: { code: 'unsupported_file_type' } });
    expect(await upload(alice, Buffer.from('plain words\n'), { name: 'notes.txt', type: 'text/plain' })).toMatchObject({
      status: 415,
      body: { code: 'unsupported_file_type' },
    });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
    const refused = await upload(alice, svg, { name: 'chart.svg', type: 'image/svg+xml' });
    expect(refused).toMatchObject({ status: 415, body: { code: 'unsupported_file_type' } });
    expect(refused.body.message).toMatch(/SVG/);
  });

  it('a form without a file field is 400 file_required; a JSON body is 415', async () => {
    const res = await upload(alice, await picture(8, 8).png().toBuffer(), { field: 'picture' });
    expect(res).toMatchObject({ status: 400, body: { code: 'file_required' } });
    expect((await alice.request('POST', `/api/entries/${entryId}/files`, { file: 'data:image/png;base64,AAAA' })).status).toBe(415);
  });

  it('a file over MAX_UPLOAD_BYTES is 413 file_too_large (declared length or streamed), and the server goes on serving', async () => {
    const big = randomBytes(MAX_UPLOAD_BYTES + 200_000);
    expect(await upload(alice, big, { name: 'big.png', type: 'image/png' })).toMatchObject({ status: 413, body: { code: 'file_too_large' } });

    // Streamed without a Content-Length, and without end: refused once the file passes the limit, and the connection closed.
    const endless = await endlessUpload(`/api/entries/${entryId}/files`, alice.token);
    expect(endless.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(endless.answer).toContain('"code":"file_too_large"');
    // What the client managed to push before the server closed: the limit, plus what socket buffers held.
    expect(endless.sentBytes).toBeLessThan(MAX_UPLOAD_BYTES + 16 * 1_048_576);
    // Closed as soon as the answer was out, not left open (unread) until the keep-alive timeout of 5 s.
    expect(endless.closedAfterAnswerMs).toBeLessThan(2_000);

    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    expect((await upload(alice, await picture(16, 16).png().toBuffer())).status).toBe(201);
  });
});

describe('serving', () => {
  let file: UploadedFileDto;
  let bytes: Buffer;
  beforeAll(async () => {
    file = await uploaded(await picture(1700, 900, 13).png().toBuffer(), { name: 'wide.png' });
    bytes = (await get(file.url)).bytes;
  });

  it('serves ranges: bytes=0-99 (206), bytes=-10, and 416 beyond the end', async () => {
    const first = await get(file.url, { range: 'bytes=0-99' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${file.bytes}`);
    expect(first.bytes.equals(bytes.subarray(0, 100))).toBe(true);

    const last = await get(file.url, { range: 'bytes=-10' });
    expect(last.status).toBe(206);
    expect(last.headers.get('content-range')).toBe(`bytes ${file.bytes - 10}-${file.bytes - 1}/${file.bytes}`);
    expect(last.bytes.equals(bytes.subarray(file.bytes - 10))).toBe(true);

    // Across the store's chunk boundary.
    const middle = await get(file.url, { range: `bytes=${CHUNK_BYTES - 5}-${CHUNK_BYTES + 4}` });
    expect(middle.bytes.equals(bytes.subarray(CHUNK_BYTES - 5, CHUNK_BYTES + 5))).toBe(true);

    const beyond = await get(file.url, { range: 'bytes=100000000-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${file.bytes}`);
  });

  it('answers 304 to If-None-Match with its ETag, and HEAD with the length only', async () => {
    const again = await get(file.url, { 'if-none-match': `"${file.sha256}"` });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect((await get(file.url, { 'if-none-match': '"something-else"' })).status).toBe(200);
    const head = await get(file.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(file.bytes));
  });

  it('serves the WebP variants for srcset, the image itself when it is not wider, and refuses other widths', async () => {
    expect(file.variants.map((v) => v.width)).toEqual([480, 960, 1600]);
    for (const v of file.variants) {
      const served = await get(v.url);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.headers.get('etag')).toBe(`"${sha256(served.bytes)}"`);
      const meta = await sharp(served.bytes).metadata();
      expect({ width: meta.width, height: meta.height }).toEqual({ width: v.width, height: v.height });
    }
    const small = await uploaded(await picture(300, 200).png().toBuffer());
    const notWider = await get(`${small.url}?w=960`);
    expect(notWider.headers.get('content-type')).toBe('image/png');
    expect(sha256(notWider.bytes)).toBe(small.sha256);
    expect((await get(`${file.url}?w=123`)).status).toBe(400);
  });

  it('an unknown or malformed address is 404 file_not_found', async () => {
    const unknown = await fetch(`${app.baseUrl}/files/${'0'.repeat(64)}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('file_not_found');
    expect((await fetch(`${app.baseUrl}/files/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

describe('deduplication', () => {
  it('the same bytes uploaded twice are one stored blob (and, to the same entry, one upload)', async () => {
    const png = await picture(500, 500, 3).png().toBuffer();
    const a = await uploaded(png);
    const b = await uploaded(png);
    const other = await uploaded(png, { entry: await alice.createEntry('Another entry with the same figure') });
    expect(b.id).toBe(a.id);
    expect(other.id).not.toBe(a.id);
    expect(new Set([a.sha256, b.sha256, other.sha256]).size).toBe(1);
    const db = app.running.db.dataSource;
    expect((await db.query(`SELECT count(*)::int AS n FROM file_blobs WHERE sha256 = $1`, [a.sha256]))[0].n).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM file_chunks WHERE blob_key = $1`, [a.sha256]))[0].n).toBe(Math.ceil(a.bytes / CHUNK_BYTES));
    expect((await db.query(`SELECT count(*)::int AS n FROM file_uploads WHERE sha256 = $1`, [a.sha256]))[0].n).toBe(2);
  });
});

describe('the collector', () => {
  const db = () => app.running.db.dataSource;
  const age = (file: UploadedFileDto, hours: number) =>
    db().query(`UPDATE file_uploads SET created_at = now() - make_interval(hours => $2) WHERE sha256 = $1`, [file.sha256, hours]);
  const blobs = async (file: UploadedFileDto) =>
    (
      await db().query(
        `SELECT count(*)::int AS n FROM file_blobs WHERE sha256 = $1 OR sha256 IN (SELECT variant_sha256 FROM file_variants WHERE sha256 = $1)`,
        [file.sha256],
      )
    )[0].n;

  it('collects an unreferenced upload older than the grace period and keeps referenced and recent ones', async () => {
    const entry = await alice.createEntry('Collector test');
    const orphan = await uploaded(await picture(1000, 500, 17).jpeg().toBuffer(), { entry });
    const inDocument = await uploaded(await picture(100, 80, 19).png().toBuffer(), { entry });
    const inRevision = await uploaded(await picture(90, 70, 23).png().toBuffer(), { entry });
    const recent = await uploaded(await picture(80, 60, 29).png().toBuffer(), { entry });
    expect(await blobs(orphan)).toBe(3); // the image and its 480 and 960 variants

    // The live document has an image node pointing at one file; a (frozen) revision mentions another.
    await alice.edit(entry, (doc: Y.Doc) => {
      const image = new Y.XmlElement('image');
      image.setAttribute('src', inDocument.url);
      doc.getXmlFragment(DOC_BODY).insert(0, [image]);
    });
    await insertRevision(app, entry, { title: 'Collector test', doc: paragraphs(`Figure 2: ${inRevision.url}`) }, 'pending');
    for (const f of [orphan, inDocument, inRevision]) await age(f, 48);

    const result = await app.running.app.get(FilesCollector).collect(24 * 3_600_000);
    expect(result).toMatchObject({ collected: 1, blobsDeleted: 3 });

    expect((await get(orphan.url)).status).toBe(404);
    expect((await get(orphan.variants[0].url)).status).toBe(404);
    expect(await blobs(orphan)).toBe(0);
    for (const kept of [inDocument, inRevision, recent]) expect((await get(kept.url)).status).toBe(200);

    // Uploading a collected file again stores it again.
    const back = await uploaded(await picture(1000, 500, 17).jpeg().toBuffer(), { entry });
    expect(back.sha256).toBe(orphan.sha256);
    expect((await get(back.url)).status).toBe(200);
  });

  it('a file another entry still refers to is kept even when its own entry no longer does', async () => {
    const first = await alice.createEntry('Collector: where it was uploaded');
    const second = await alice.createEntry('Collector: where it was pasted');
    const file = await uploaded(await picture(120, 90, 31).png().toBuffer(), { entry: first });
    await alice.edit(second, (doc: Y.Doc) => {
      const image = new Y.XmlElement('image');
      image.setAttribute('src', file.url);
      doc.getXmlFragment(DOC_BODY).insert(0, [image]);
    });
    await age(file, 48);
    await app.running.app.get(FilesCollector).collect(24 * 3_600_000);
    expect((await get(file.url)).status).toBe(200);
  });
});

describe('with FILES_DIR', () => {
  it('keeps files in the directory and serves them the same way', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-files-dir-'));
    const other = await startTestApp({ FILES_DIR: dir });
    try {
      const bob = await other.as('bob@demo.hub');
      const entry = await bob.createEntry('Figures on disk');
      const png = await picture(700, 300, 37).png().toBuffer();
      const res = await upload(bob, png, { entry, baseUrl: other.baseUrl });
      expect(res.status).toBe(201);
      const file = res.body as UploadedFileDto;
      expect(fs.existsSync(path.join(dir, file.sha256.slice(0, 2), file.sha256))).toBe(true);
      expect((await other.running.db.dataSource.query(`SELECT count(*)::int AS n FROM file_blobs`))[0].n).toBe(0);
      const served = await fetch(`${other.baseUrl}${file.url}`, { headers: { range: 'bytes=0-99' } });
      expect(served.status).toBe(206);
      expect(Buffer.from(await served.arrayBuffer()).equals(fs.readFileSync(path.join(dir, file.sha256.slice(0, 2), file.sha256)).subarray(0, 100))).toBe(true);

      await other.running.db.dataSource.query(`UPDATE file_uploads SET created_at = now() - interval '2 days'`);
      expect(await other.running.app.get(FilesCollector).collect(24 * 3_600_000)).toMatchObject({ collected: 1, blobsDeleted: 2 });
      expect(fs.existsSync(path.join(dir, file.sha256.slice(0, 2), file.sha256))).toBe(false);
    } finally {
      await other.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
