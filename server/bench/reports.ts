import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_UPLOAD_CHUNK_BYTES } from '@knowledge-hub/shared';
import { makeWebm } from '../test/reports-support';
import type { ServerProcess } from '../test/support/server-process';
import { loginAs } from './load/bench-server';

export interface ReportsBenchResult {
  fileBytes: number;
  chunkBytes: number;
  /** POST …/uploads → the last PATCH's 200 (chunks, one interrupted and resumed from the server's offset, then the join, sniff, ffprobe, poster). */
  uploadMs: number;
  uploadMBps: number;
  /** Of which the last PATCH (the join of the parts into one blob, the copy for ffprobe, ffprobe and the poster). */
  completeMs: number;
  /** Bytes the interrupted chunk left on the server (the offset it resumed from, past the previous chunk's end). */
  resumedFromOffset: number;
  sha256Matches: boolean;
  readers: number;
  rangeBytes: number;
  rangeRequests: number;
  rangeMs: number;
  rangeMBps: number;
}

const MB = 1_000_000;

/** A valid WebM's header (so the type sniffs right and ffprobe reads it) followed by random bytes up to `bytes`. */
async function writeMedia(path: string, bytes: number): Promise<string> {
  const head = makeWebm(2);
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const write = async (b: Buffer) => {
    hash.update(b);
    if (!out.write(b)) await once(out, 'drain');
  };
  await write(head);
  for (let left = bytes - head.length; left > 0; left -= 4 * 1_048_576) await write(randomBytes(Math.min(left, 4 * 1_048_576)));
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of createReadStream(path, { start, end: end - 1 })) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/**
 * Upload throughput of a resumable media upload (a 500 MB file in the
 * workspace's 8 MB chunks, one chunk cut off midway and resumed from the
 * offset the server reports), then Range-serving throughput of /media/<sha>
 * with `readers` concurrent readers fetching 1 MB ranges at random offsets.
 */
export async function reportsBench(server: ServerProcess, opts: { bytes: number; readers: number; rangeSeconds: number }): Promise<ReportsBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kh-bench-reports-'));
  try {
    const file = join(dir, 'talk.webm');
    const sha256 = await writeMedia(file, opts.bytes);
    const token = await loginAs(server, 'alice@demo.hub');
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API
    const api = async (method: string, path: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const report = await api('POST', '/api/groups/epidemiology/reports', { title: 'Bench talk', kind: 'video' });

    const patch = async (uploadId: string, offset: number, chunk: Buffer) => {
      const res = await fetch(`${server.baseUrl}/api/uploads/${uploadId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
        body: chunk,
      });
      const json = await res.json();
      if (res.status !== 200) throw new Error(`PATCH at ${offset}: ${res.status} ${JSON.stringify(json)}`);
      return json as { offset: number; media?: { sha256: string; url: string } };
    };
    const interrupted = (uploadId: string, offset: number, chunk: Buffer, sendOnly: number) =>
      new Promise<void>((resolve) => {
        const req = httpRequest(`${server.baseUrl}/api/uploads/${uploadId}`, {
          method: 'PATCH',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/offset+octet-stream',
            'upload-offset': String(offset),
            'content-length': String(chunk.length),
          },
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.write(chunk.subarray(0, sendOnly), () => setTimeout(() => req.destroy(), 200));
      });
    const currentOffset = async (uploadId: string, previous: number) => {
      for (let i = 0; i < 100; i++) {
        const state = await api('GET', `/api/uploads/${uploadId}`);
        if (state.offset > previous) return state.offset as number;
        await new Promise((r) => setTimeout(r, 50));
      }
      return previous;
    };

    const started = performance.now();
    const { uploadId } = await api('POST', `/api/reports/${report.id}/uploads`, { bytes: opts.bytes, sha256 });
    let offset = 0;
    let resumedFromOffset = 0;
    let interruptedOnce = false;
    let completeMs = 0;
    let media: { sha256: string; url: string } | undefined;
    while (!media) {
      const end = Math.min(opts.bytes, offset + REPORT_UPLOAD_CHUNK_BYTES);
      const chunk = await readRange(file, offset, end);
      if (!interruptedOnce && offset >= opts.bytes / 2) {
        interruptedOnce = true;
        await interrupted(uploadId, offset, chunk, Math.floor(chunk.length * 0.6));
        offset = resumedFromOffset = await currentOffset(uploadId, offset);
        continue;
      }
      const last = end === opts.bytes;
      const t = performance.now();
      const next = await patch(uploadId, offset, chunk);
      if (last) completeMs = performance.now() - t;
      offset = next.offset;
      media = next.media;
    }
    const uploadMs = performance.now() - started;

    // Range serving: `readers` concurrent loops of 1 MB ranges at random offsets.
    const size = opts.bytes;
    let rangeBytes = 0;
    let rangeRequests = 0;
    const deadline = performance.now() + opts.rangeSeconds * 1000;
    const rangeStarted = performance.now();
    await Promise.all(
      Array.from({ length: opts.readers }, async () => {
        while (performance.now() < deadline) {
          const start = Math.floor(Math.random() * (size - 1_048_576));
          const res = await fetch(`${server.baseUrl}${media!.url}`, { headers: { range: `bytes=${start}-${start + 1_048_575}` } });
          const body = Buffer.from(await res.arrayBuffer());
          if (res.status !== 206 || body.length !== 1_048_576) throw new Error(`range at ${start}: ${res.status}, ${body.length} bytes`);
          rangeBytes += body.length;
          rangeRequests++;
        }
      }),
    );
    const rangeMs = performance.now() - rangeStarted;
    return {
      fileBytes: opts.bytes,
      chunkBytes: REPORT_UPLOAD_CHUNK_BYTES,
      uploadMs: Math.round(uploadMs),
      uploadMBps: Math.round((opts.bytes / MB / (uploadMs / 1000)) * 10) / 10,
      completeMs: Math.round(completeMs),
      resumedFromOffset,
      sha256Matches: media.sha256 === sha256,
      readers: opts.readers,
      rangeBytes,
      rangeRequests,
      rangeMs: Math.round(rangeMs),
      rangeMBps: Math.round((rangeBytes / MB / (rangeMs / 1000)) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
