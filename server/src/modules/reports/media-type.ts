import type { ReportMediaMime } from '@knowledge-hub/shared';
import { DomainError } from '../../common/domain-error';
import { lazyEsm } from '../../common/esm-import';

const fileType = lazyEsm(() => import('file-type'));

/** Bytes of the file's start that are enough to sniff every accepted type. */
export const SNIFF_BYTES = 64 * 1024;

/** What file-type answers → the type the hub stores and serves. */
const ACCEPTED: Record<string, ReportMediaMime> = {
  'video/mp4': 'video/mp4',
  'video/webm': 'video/webm',
  'audio/mpeg': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/mp4': 'audio/mp4',
  'audio/ogg; codecs=opus': 'audio/ogg',
  'audio/ogg': 'audio/ogg',
};

/** The media type of a file from its first bytes (never its name or declared type), or 415 unsupported_file_type. */
export async function sniffMediaType(head: Uint8Array): Promise<ReportMediaMime> {
  const { fileTypeFromBuffer } = await fileType();
  const found = await fileTypeFromBuffer(head);
  const mime = found ? ACCEPTED[found.mime] : undefined;
  if (mime) return mime;
  throw new DomainError(
    'unsupported_file_type',
    `${found ? `This file is ${found.mime}: ` : 'This file is not a media file this hub accepts: '}upload MP4 (H.264/AAC), WebM, MP3, M4A or Ogg/Opus`,
  );
}

/** Codecs browsers play in each container, as ffprobe names them (video first, then audio). */
const PLAYABLE: Record<ReportMediaMime, { video: string[]; audio: string[] }> = {
  'video/mp4': { video: ['h264'], audio: ['aac', 'mp3'] },
  'video/webm': { video: ['vp8', 'vp9', 'av1'], audio: ['opus', 'vorbis'] },
  'audio/mpeg': { video: [], audio: ['mp3'] },
  'audio/mp4': { video: [], audio: ['aac', 'alac'] },
  'audio/ogg': { video: [], audio: ['opus', 'vorbis', 'flac'] },
};

/**
 * When ffprobe read the streams: the reason browsers would not play them
 * (an MP4 holding HEVC, say), or null. Cover art in an audio file (a still
 * mjpeg/png "video" stream) is not a problem.
 */
export function codecProblem(mime: ReportMediaMime, streams: { type: 'video' | 'audio'; codec: string }[]): string | null {
  const allowed = PLAYABLE[mime];
  for (const s of streams) {
    if (s.type === 'video' && mime.startsWith('audio/') && ['mjpeg', 'png'].includes(s.codec)) continue;
    if (!allowed[s.type].includes(s.codec)) {
      const wanted = allowed[s.type].length > 0 ? allowed[s.type].join(', ') : 'none';
      return `This ${mime} file holds ${s.codec} ${s.type}, which browsers do not play in it (${s.type}: ${wanted})`;
    }
  }
  return null;
}
