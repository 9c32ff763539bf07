import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from './support/api-client';

/** Test media made with ffmpeg (installed by .ci/run): a 2-second 320×240 WebM (VP8 + Opus) with a test pattern and a tone. */
export function makeWebm(seconds = 2): Buffer {
  return ffmpeg(
    [
      '-f',
      'lavfi',
      '-i',
      `testsrc=duration=${seconds}:size=320x240:rate=10`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:duration=${seconds}`,
      '-c:v',
      'libvpx',
      '-b:v',
      '200k',
      '-c:a',
      'libopus',
      '-shortest',
    ],
    'webm',
  );
}

/** A 1-second MP4 with the given video codec (libx264: H.264, which browsers play; mpeg4: MPEG-4 Part 2, which they do not) and AAC. */
export function makeMp4(videoCodec: 'libx264' | 'mpeg4'): Buffer {
  return ffmpeg(
    [
      '-f',
      'lavfi',
      '-i',
      'testsrc=duration=1:size=160x120:rate=10',
      '-f',
      'lavfi',
      '-i',
      'sine=duration=1',
      '-c:v',
      videoCodec,
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
    ],
    'mp4',
  );
}

/** A short MP3 tone. */
export function makeMp3(seconds = 2): Buffer {
  return ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`, '-c:a', 'libmp3lame', '-b:a', '64k'], 'mp3');
}

function ffmpeg(args: string[], ext: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'kh-test-media-'));
  try {
    const out = join(dir, `out.${ext}`);
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, out]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const EN_VTT = [
  'WEBVTT',
  '',
  '00:00.000 --> 00:01.000',
  'Vaccines train the immune system.',
  '',
  '00:01.000 --> 00:02.000',
  'Second cue in English.',
  '',
].join('\n');
export const ZH_VTT = ['WEBVTT', '', '00:00.000 --> 00:01.000', '疫苗训练免疫系统。', '', '00:01.000 --> 00:02.000', '第二句中文字幕。', ''].join('\n');

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of success or error
export type Json = { status: number; body: any; headers: Headers };

/** A multipart upload to a report route (`media` or `captions`). */
export async function postFile(
  baseUrl: string,
  who: ApiClient | null,
  path: string,
  bytes: Buffer,
  name: string,
  fields: Record<string, string> = {},
): Promise<Json> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: who ? { authorization: `Bearer ${who.token}` } : {}, body: form });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text, headers: res.headers };
}

/** A report of `group` made by `who`: its id and slug. */
export async function createReport(
  who: ApiClient,
  title: string,
  kind: 'video' | 'audio' = 'video',
  group = 'vaccines',
): Promise<{ id: string; slug: string }> {
  return (
    await who.expect(201, 'POST', `/api/groups/${group}/reports`, {
      title,
      titleZh: `${title}（中文）`,
      description: `About ${title}.`,
      kind,
      recordedAt: '2021-03-04',
      speakers: ['Dr Li Wen', 'Prof. Ada Smith'],
    })
  ).body;
}
