import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { QueueItemDto, ReportDto, UploadStateDto } from '@knowledge-hub/shared';
import { ReportUploadsService } from '../src/modules/reports/report-uploads.service';
import type { ApiClient } from './support/api-client';
import { startTestApp, type TestApp } from './support/test-app';
import { createReport, EN_VTT, type Json, makeMp3, makeMp4, makeWebm, postFile, ZH_VTT } from './reports-support';

/**
 * Reports end to end: create, upload media (multipart and resumable, with an
 * interrupted chunk), sniffed types, metadata with and without ffmpeg,
 * captions (WebVTT checked), the four-eyes review in the one queue and audit
 * log, the public pages, HTTP Range, the podcast feed, sitemap and search.
 */

let app: TestApp;
let bare: TestApp; // MAX_MEDIA_BYTES=200000, REPORT_MEDIA_TOOLS=off
let alice: ApiClient; // contributor of every group
let mod: ApiClient; // moderator of every group
let carol: ApiClient; // member of no group
let webm: Buffer;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  webm = makeWebm();
  [app, bare] = await Promise.all([startTestApp(), startTestApp({ MAX_MEDIA_BYTES: '200000', REPORT_MEDIA_TOOLS: 'off' })]);
  [alice, mod, carol] = await Promise.all(['alice@demo.hub', 'mod@demo.hub', 'carol@demo.hub'].map((e) => app.as(e)));
});

afterAll(async () => {
  await app?.close();
  await bare?.close();
});

async function get(
  path: string,
  headers: Record<string, string> = {},
  base = app.baseUrl,
): Promise<{ status: number; text: string; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${base}${path}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, text: bytes.toString('utf8'), headers: res.headers, bytes };
}

async function patch(uploadId: string, offset: number, chunk: Buffer): Promise<Json> {
  const res = await fetch(`${app.baseUrl}/api/uploads/${uploadId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    body: chunk,
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** A report with the WebM and both caption files, pending review. */
async function preparedReport(title: string, by = alice): Promise<{ id: string; slug: string; media: Json }> {
  const report = await createReport(by, title);
  const media = await postFile(app.baseUrl, by, `/api/reports/${report.id}/media`, webm, 'talk.webm');
  expect(media.status).toBe(201);
  for (const [language, text] of [
    ['en', EN_VTT],
    ['zh', ZH_VTT],
  ]) {
    expect((await postFile(app.baseUrl, by, `/api/reports/${report.id}/captions`, Buffer.from(text), `${language}.vtt`, { language })).status).toBe(201);
  }
  return { ...report, media };
}

describe('creating reports and uploading media', () => {
  it('creates a report, lists it for the group, refuses bad bodies and outsiders', async () => {
    const { id, slug } = await createReport(alice, 'Vaccine trial briefing');
    expect(slug).toBe('vaccine-trial-briefing');
    const detail = await alice.expect(200, 'GET', `/api/reports/${id}`);
    expect(detail.body).toMatchObject({
      id,
      status: 'draft',
      kind: 'video',
      recordedAt: '2021-03-04',
      speakers: ['Dr Li Wen', 'Prof. Ada Smith'],
      media: null,
    });
    expect((await alice.expect(200, 'GET', '/api/groups/vaccines/reports')).body.map((r: ReportDto) => r.id)).toContain(id);
    const bad = await alice.request('POST', '/api/groups/vaccines/reports', { title: 'x', kind: 'podcast' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect((await carol.request('POST', '/api/groups/vaccines/reports', { title: 'x', kind: 'audio' })).status).toBe(403);
    expect((await carol.request('GET', `/api/reports/${id}`)).status).toBe(403);
  });

  it('stores a WebM: 201 {id, url, sha256, mime, bytes}, ffprobe metadata and a poster frame; the report goes to the queue', async () => {
    const { id } = await createReport(alice, 'Metadata talk');
    const res = await postFile(app.baseUrl, alice, `/api/reports/${id}/media`, webm, 'talk.bin');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), url: `/media/${sha(webm)}`, sha256: sha(webm), mime: 'video/webm', bytes: webm.length });
    const report: ReportDto = (await alice.expect(200, 'GET', `/api/reports/${id}`)).body;
    expect(report.status).toBe('pending');
    expect(report.media).toMatchObject({ width: 320, height: 240, codecs: ['vp8', 'opus'], missing: [], missingReason: null });
    expect(report.media!.durationSeconds).toBeCloseTo(2, 0);
    const poster = await get(report.media!.posterUrl!);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect(poster.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const served = await get(res.body.url);
    expect(sha(served.bytes)).toBe(sha(webm));
    expect(served.headers.get('content-type')).toBe('video/webm');
  });

  it('accepts MP3 audio; refuses what is not an accepted media type with 415, whatever its name', async () => {
    const { id } = await createReport(alice, 'Radio piece', 'audio');
    const mp3 = await postFile(app.baseUrl, alice, `/api/reports/${id}/media`, makeMp3(), 'radio.mp3');
    expect(mp3.status).toBe(201);
    expect(mp3.body.mime).toBe('audio/mpeg');
    const text = await postFile(app.baseUrl, alice, `/api/reports/${id}/media`, Buffer.from('not a video at all'.repeat(100)), 'fake.mp4');
    expect({ status: text.status, code: text.body.code }).toEqual({ status: 415, code: 'unsupported_file_type' });
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const image = await postFile(app.baseUrl, alice, `/api/reports/${id}/media`, png, 'image.webm');
    expect(image.status).toBe(415);
    expect(image.body.message).toContain('image/png');
  });

  it('an MP4 must hold H.264 (and AAC) for browsers to play it: MPEG-4 Part 2 video is refused with 415 when ffprobe can tell', async () => {
    const { id } = await createReport(alice, 'MP4 codecs');
    const h264 = await postFile(app.baseUrl, alice, `/api/reports/${id}/media`, makeMp4('libx264'), 'ok.mp4');
    expect(h264.status).toBe(201);
    expect(h264.body.mime).toBe('video/mp4');
    expect(((await alice.expect(200, 'GET', `/api/reports/${id}`)).body as ReportDto).media!.codecs).toEqual(['h264', 'aac']);
    const part2 = await postFile(app.baseUrl, alice, `/api/reports/${id}/media`, makeMp4('mpeg4'), 'old.mp4');
    expect({ status: part2.status, code: part2.body.code }).toEqual({ status: 415, code: 'unsupported_file_type' });
    expect(part2.body.message).toContain('holds mpeg4 video');
  });

  it('MAX_MEDIA_BYTES: a larger file is 413 (multipart and announced resumable uploads)', async () => {
    const bob = await bare.as('alice@demo.hub');
    const { id } = await createReport(bob, 'Too large');
    const big = Buffer.concat([webm, randomBytes(250_000)]);
    const res = await postFile(bare.baseUrl, bob, `/api/reports/${id}/media`, big, 'big.webm');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 413, code: 'file_too_large' });
    const start = await bob.request('POST', `/api/reports/${id}/uploads`, { bytes: 200_001 });
    expect({ status: start.status, code: start.body.code }).toEqual({ status: 413, code: 'file_too_large' });
  });

  it('without ffmpeg (REPORT_MEDIA_TOOLS=off) the report works and says which metadata it lacks; the public page says so too', async () => {
    const bob = await bare.as('alice@demo.hub');
    const moderator = await bare.as('mod@demo.hub');
    const { id, slug } = await createReport(bob, 'No tools');
    expect((await postFile(bare.baseUrl, bob, `/api/reports/${id}/media`, webm, 'a.webm')).status).toBe(201);
    const report: ReportDto = (await bob.expect(200, 'GET', `/api/reports/${id}`)).body;
    expect(report.media).toMatchObject({
      durationSeconds: null,
      width: null,
      posterUrl: null,
      missing: ['duration', 'dimensions', 'codec', 'poster'],
      missingReason: 'ffmpeg_unavailable',
    });
    await moderator.expect(200, 'POST', `/api/reports/${id}/approve`, {});
    const page = await get(`/r/${slug}`, {}, bare.baseUrl);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<video');
    expect(page.text).toMatch(/data-testid="report-missing">Not known: duration, dimensions, codec, poster\./);
  });

  it('a file that sniffs as WebM but ffprobe cannot read: stored, and its metadata is marked unreadable', async () => {
    const { id } = await createReport(alice, 'Broken file');
    // The EBML header of a real WebM (so the type sniffs right), then noise.
    const broken = Buffer.concat([webm.subarray(0, 64), randomBytes(4096)]);
    const res = await postFile(app.baseUrl, alice, `/api/reports/${id}/media`, broken, 'broken.webm');
    expect(res.status).toBe(201);
    const report: ReportDto = (await alice.expect(200, 'GET', `/api/reports/${id}`)).body;
    expect(report.media!.missingReason).toBe('unreadable');
    expect(report.media!.missing).toEqual(expect.arrayContaining(['duration', 'poster']));
  });
});

describe('resumable uploads', () => {
  /** Sends `body` as the chunk at `offset`, but cuts the connection after `sendOnly` bytes (a dropped connection). */
  function interruptedPatch(uploadId: string, offset: number, body: Buffer, sendOnly: number): Promise<void> {
    return new Promise((resolve) => {
      const req = httpRequest(`${app.baseUrl}/api/uploads/${uploadId}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${alice.token}`,
          'content-type': 'application/offset+octet-stream',
          'upload-offset': String(offset),
          'content-length': String(body.length),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(body.subarray(0, sendOnly), () => setTimeout(() => req.destroy(), 300));
    });
  }

  it('an upload interrupted at 60 % resumes from the offset the server reports; the stored SHA-256 is the source’s', async () => {
    // A longer file, so the chunks are real pieces (about 1 MB).
    const source = Buffer.concat([webm, randomBytes(1_000_000 - webm.length)]);
    const { id } = await createReport(alice, 'Resumed upload');
    const started = await alice.expect(201, 'POST', `/api/reports/${id}/uploads`, { bytes: source.length, sha256: sha(source) });
    const { uploadId } = started.body as UploadStateDto;
    expect(started.body).toEqual({ uploadId, offset: 0, bytes: source.length });

    // The whole file in one PATCH, cut off after 60 %.
    const sixty = Math.floor(source.length * 0.6);
    await interruptedPatch(uploadId, 0, source, sixty);
    let offset = -1;
    for (let i = 0; i < 50; i++) {
      const head = await fetch(`${app.baseUrl}/api/uploads/${uploadId}`, { method: 'HEAD', headers: { authorization: `Bearer ${alice.token}` } });
      expect(head.status).toBe(200);
      offset = Number(head.headers.get('upload-offset'));
      if (offset > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(sixty);
    expect((await alice.expect(200, 'GET', `/api/uploads/${uploadId}`)).body).toEqual({ uploadId, offset, bytes: source.length });

    // Resuming at the wrong offset is refused with where to resume.
    const wrong = await patch(uploadId, offset + 10, source.subarray(offset + 10));
    expect({ status: wrong.status, code: wrong.body.code, offset: wrong.body.offset }).toEqual({ status: 409, code: 'upload_offset_mismatch', offset });

    // The rest, in two chunks.
    const mid = offset + Math.floor((source.length - offset) / 2);
    const first = await patch(uploadId, offset, source.subarray(offset, mid));
    expect(first.body).toEqual({ uploadId, offset: mid, bytes: source.length });
    const last = await patch(uploadId, mid, source.subarray(mid));
    expect(last.status).toBe(200);
    expect(last.body.media).toMatchObject({ sha256: sha(source), bytes: source.length, mime: 'video/webm' });
    const served = await get(last.body.media.url);
    expect(sha(served.bytes)).toBe(sha(source));
    // The upload is done: it is gone.
    expect((await alice.request('GET', `/api/uploads/${uploadId}`)).status).toBe(404);
  });

  it('a result whose SHA-256 is not the announced one is refused (400 upload_hash_mismatch); a first chunk of another type is 415 at once', async () => {
    const { id } = await createReport(alice, 'Wrong hash');
    const start = await alice.expect(201, 'POST', `/api/reports/${id}/uploads`, { bytes: webm.length, sha256: 'a'.repeat(64) });
    const res = await patch(start.body.uploadId, 0, webm);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'upload_hash_mismatch' });
    const text = Buffer.alloc(100_000, 'x');
    const other = await alice.expect(201, 'POST', `/api/reports/${id}/uploads`, { bytes: text.length * 2 });
    const refused = await patch(other.body.uploadId, 0, text);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 415, code: 'unsupported_file_type' });
    const json = await alice.request('PATCH', `/api/uploads/${other.body.uploadId}`, { bytes: 1 }, { 'upload-offset': '0' });
    expect(json.status).toBe(404); // abandoned with the refusal
  });
});

describe('abandoned uploads', () => {
  it('an upload no chunk reached for the grace period is swept with its parts', async () => {
    const { id } = await createReport(alice, 'Abandoned upload');
    const chunk = Buffer.concat([webm, randomBytes(1000)]);
    const start = await alice.expect(201, 'POST', `/api/reports/${id}/uploads`, { bytes: chunk.length * 2 });
    expect((await patch(start.body.uploadId, 0, chunk)).body.offset).toBe(chunk.length);
    const db = app.running.db.dataSource;
    const blobs = () => db.query(`SELECT 1 FROM file_blobs WHERE sha256 = $1`, [sha(chunk)]);
    expect(await blobs()).toHaveLength(1);
    const uploads = app.running.app.get(ReportUploadsService);
    expect(await uploads.sweep(60_000)).toBe(0); // still fresh
    await db.query(`UPDATE report_uploads SET updated_at = now() - interval '2 days' WHERE id = $1`, [start.body.uploadId]);
    expect(await uploads.sweep(60_000)).toBe(1);
    expect((await alice.request('GET', `/api/uploads/${start.body.uploadId}`)).status).toBe(404);
    expect(await blobs()).toHaveLength(0);
  });
});

describe('captions', () => {
  it('stores English and Chinese WebVTT; a bad timestamp is 400 vtt_invalid with the line', async () => {
    const { id } = await preparedReport('Captioned');
    const report: ReportDto = (await alice.expect(200, 'GET', `/api/reports/${id}`)).body;
    expect(report.captions.map((c) => [c.language, c.cues])).toEqual([
      ['en', 2],
      ['zh', 2],
    ]);
    const vtt = await get(report.captions[1].url);
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(vtt.text).toBe(ZH_VTT);
    const bad = await postFile(
      app.baseUrl,
      alice,
      `/api/reports/${id}/captions`,
      Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nok\n\n00:01.000 --> 00:62.000\nbad\n'),
      'x.vtt',
      {
        language: 'en',
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'vtt_invalid', line: 6 });
    expect(bad.body.message).toContain('line 6');
    const noLanguage = await postFile(app.baseUrl, alice, `/api/reports/${id}/captions`, Buffer.from(EN_VTT), 'x.vtt', { language: 'english!' });
    expect({ status: noLanguage.status, code: noLanguage.body.code }).toEqual({ status: 400, code: 'validation_failed' });
  });
});

describe('review and publication', () => {
  it('one queue, four-eyes, audit: the author cannot approve, the moderator can; then /r/<slug> plays it with both tracks', async () => {
    const { id, slug } = await preparedReport('Immunology explained');
    expect((await get(`/r/${slug}`)).status).toBe(404);
    const queue: QueueItemDto[] = (await mod.expect(200, 'GET', '/api/review/queue')).body.items ?? (await mod.expect(200, 'GET', '/api/review/queue')).body;
    expect(queue.find((i) => i.kind === 'report' && i.revisionId === id)).toMatchObject({
      entrySlug: slug,
      title: 'Immunology explained',
      submittedBy: { name: expect.any(String) },
    });
    expect((await alice.request('POST', `/api/reports/${id}/approve`, {})).status).toBe(403);

    // A moderator who made the report may not approve it (four-eyes); another moderator does.
    const own = await preparedReport('Own report', mod);
    const self = await mod.request('POST', `/api/reports/${own.id}/approve`, {});
    expect({ status: self.status, code: self.body.code }).toEqual({ status: 403, code: 'self_review' });

    const approved = await mod.expect(200, 'POST', `/api/reports/${id}/approve`, { note: 'Clear.' });
    expect(approved.body.status).toBe('approved');
    const again = await mod.request('POST', `/api/reports/${id}/reject`, { note: 'late' });
    expect(again.status).toBe(409);
    const locked = await postFile(app.baseUrl, alice, `/api/reports/${id}/captions`, Buffer.from(EN_VTT), 'en.vtt', { language: 'en' });
    expect({ status: locked.status, code: locked.body.code }).toEqual({ status: 409, code: 'report_locked' });
    const audit = await app.running.db.dataSource.query(`SELECT action, note FROM audit_events WHERE report_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['submitted', 'approved']);

    const page = await get(`/r/${slug}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("media-src 'self'");
    expect(page.text).toMatch(/<video id="player" class="report-player" controls [^>]*poster="\/media\/[0-9a-f]{64}"[^>]* src="\/media\/[0-9a-f]{64}">/);
    expect(page.text.match(/<track kind="captions"/g)).toHaveLength(2);
    expect(page.text).toContain('srclang="zh" label="Chinese"');
    expect(page.text).not.toContain('<script');
    expect(page.text).toContain('Dr Li Wen, Prof. Ada Smith');
    expect(page.text).toContain(`href="/r/${slug}?t=1#player"`);
    expect(page.text).toContain('Vaccines train the immune system.');
    const zh = await get(`/r/${slug}?lang=zh`);
    expect(zh.text).toContain('疫苗训练免疫系统。');
    const fromCue = await get(`/r/${slug}?t=1`);
    expect(fromCue.text).toMatch(/src="\/media\/[0-9a-f]{64}#t=1"/);

    const rejected = await preparedReport('Rejected talk');
    await mod.expect(200, 'POST', `/api/reports/${rejected.id}/reject`, { note: 'Off topic' });
    expect((await get(`/r/${rejected.slug}`)).status).toBe(404);

    const index = await get('/reports');
    expect(index.text).toContain(`href="/r/${slug}"`);
    expect(index.text).not.toContain(`href="/r/${rejected.slug}"`);
    expect(index.text).toMatch(/data-group="vaccines"[\s\S]*data-kind-list="video"/);
    expect((await get('/sitemap.xml')).text).toContain(`/r/${slug}</loc>`);
    // Search finds it by its transcript, in Chinese too.
    expect((await get(`/search?q=${encodeURIComponent('免疫系统')}`)).text).toContain(`href="/r/${slug}"`);
    expect((await get(`/search?q=${encodeURIComponent('immune system')}`)).text).toContain(`href="/r/${slug}"`);
  });
});

describe('HTTP Range on /media/<sha256>', () => {
  it('first byte, middle, suffix, open-ended, and 416 beyond the end; immutable caching', async () => {
    const { media } = await preparedReport('Range test');
    const url = media.body.url as string;
    const size = webm.length;
    const full = await get(url);
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(full.headers.get('etag')).toBe(`"${sha(webm)}"`);

    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['bytes=100-199', 100, 199],
      ['bytes=-50', size - 50, size - 1],
      ['bytes=1000-', 1000, size - 1],
      [`bytes=${size - 10}-${size + 100}`, size - 10, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const part = await get(url, { range });
      expect({ range, status: part.status, contentRange: part.headers.get('content-range'), length: part.bytes.length }).toEqual({
        range,
        status: 206,
        contentRange: `bytes ${start}-${end}/${size}`,
        length: end - start + 1,
      });
      expect(part.bytes.equals(webm.subarray(start, end + 1))).toBe(true);
    }
    for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 10}`, 'bytes=-0']) {
      const beyond = await get(url, { range });
      expect({ range, status: beyond.status, contentRange: beyond.headers.get('content-range') }).toEqual({
        range,
        status: 416,
        contentRange: `bytes */${size}`,
      });
    }
    expect((await get(`/media/${'0'.repeat(64)}`)).status).toBe(404);
  });
});

describe('podcast feed', () => {
  it('RSS 2.0 with the iTunes namespace: channel image and category, items with stable guid, RFC 822 dates, enclosures with length and type', async () => {
    const audio = await createReport(alice, 'Radio: herbal medicine', 'audio');
    const mp3 = makeMp3();
    await postFile(app.baseUrl, alice, `/api/reports/${audio.id}/media`, mp3, 'r.mp3');
    await mod.expect(200, 'POST', `/api/reports/${audio.id}/approve`, {});
    const feed = await get('/reports/feed.xml');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = feed.text;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"')).toBe(true);
    expect(xml).toMatch(/<channel>[\s\S]*<title>Knowledge Hub reports<\/title>[\s\S]*<itunes:image href="http:\/\/127\.0\.0\.1:\d+\/reports\/cover\.png"\/>/);
    expect(xml).toContain('<itunes:explicit>false</itunes:explicit>');
    expect(xml).toContain('<itunes:category text="Health &amp; Fitness"><itunes:category text="Medicine"/></itunes:category>');
    const item = /<item>\s*<title>Radio: herbal medicine<\/title>[\s\S]*?<\/item>/.exec(xml)?.[0] ?? '';
    expect(item).toContain(`<guid isPermaLink="false">urn:uuid:${audio.id}</guid>`);
    expect(item).toMatch(
      /<pubDate>(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT<\/pubDate>/,
    );
    expect(item).toMatch(new RegExp(`<enclosure url="http://127\\.0\\.0\\.1:\\d+/media/${sha(mp3)}" length="${mp3.length}" type="audio/mpeg"/>`));
    expect(item).toContain('<itunes:duration>2</itunes:duration>');
    // Well-formed: every opened element closes (a small check; no XML parser in the server's dependencies).
    const opened = (xml.match(/<(item|channel|rss|image)[ >]/g) ?? []).length;
    const closed = (xml.match(/<\/(item|channel|rss|image)>/g) ?? []).length;
    expect(opened).toBe(closed);
    // The same guid on the next read.
    expect((await get('/reports/feed.xml')).text).toContain(`urn:uuid:${audio.id}`);
    const cover = await get('/reports/cover.png');
    expect(cover.headers.get('content-type')).toBe('image/png');
    expect(cover.bytes.readUInt32BE(16)).toBe(1400);
  });
});
