import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { ServerProcess } from '../test/support/server-process';
import { createEntry, loginAs } from './load/bench-server';
import { CpuMeter } from './load/proc-stats';
import { round, summarize } from './stats';

export interface UploadResult {
  /** Size of each uploaded image (bytes). */
  bytes: number;
  width: number;
  height: number;
  /** End to end from the generator: request sent → 201 read (parse, sniff, strip, re-encode, variants, store). */
  latency: ReturnType<typeof summarize>;
  /** Image megabytes (10^6 bytes) per second of one upload: the median upload, and the fastest. */
  mbPerSecP50: number;
  mbPerSecBest: number;
  serverCpuPercent: number;
}

/**
 * Upload throughput of large figures: `count` distinct noise PNGs of about
 * `megabytes` MB each (noise does not compress: the worst case for the
 * re-encode), uploaded one after another to one entry by a contributor, after
 * one warm-up upload. Distinct images, so that no upload is a duplicate the
 * store would skip.
 */
export async function uploadBench(server: ServerProcess, opts: { count: number; megabytes: number }): Promise<UploadResult> {
  const side = Math.round(Math.sqrt((opts.megabytes * 1_000_000) / 3));
  const images: Buffer[] = [];
  for (let i = 0; i <= opts.count; i++) {
    images.push(
      await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
        .png({ compressionLevel: 1 })
        .toBuffer(),
    );
  }
  const token = await loginAs(server, 'alice@demo.hub');
  const entryId = await createEntry(server, token, 'Upload bench');
  const send = async (png: Buffer): Promise<number> => {
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'noise.png');
    const t0 = performance.now();
    const res = await fetch(`${server.baseUrl}/api/entries/${entryId}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${body.slice(0, 200)}`);
    return performance.now() - t0;
  };
  await send(images[0]);
  const cpu = new CpuMeter(server.pid);
  const samples: number[] = [];
  for (const png of images.slice(1)) samples.push(await send(png));
  const serverCpuPercent = round(cpu.percent(), 0);
  const bytes = Math.round(images.slice(1).reduce((a, b) => a + b.byteLength, 0) / opts.count);
  const latency = summarize(samples);
  return {
    bytes,
    width: side,
    height: side,
    latency,
    mbPerSecP50: round(bytes / 1_000_000 / (latency.p50 / 1000)),
    mbPerSecBest: round(bytes / 1_000_000 / (Math.min(...samples) / 1000)),
    serverCpuPercent,
  };
}
