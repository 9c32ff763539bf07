import { execFile } from 'node:child_process';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ReportMetadataField } from '@knowledge-hub/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config';

/** What ffprobe read of a media file; `missing` names what it could not, `missingReason` why. */
export interface MediaMetadata {
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  codecs: string[];
  /** The streams ffprobe found (empty when it could not read the file). */
  streams: { type: 'video' | 'audio'; codec: string }[];
  /** A JPEG frame of a video (ffmpeg -ss 1 -frames:v 1), or null. */
  poster: Buffer | null;
  missing: ReportMetadataField[];
  missingReason: 'ffmpeg_unavailable' | 'unreadable' | null;
}

const PROBE_TIMEOUT_MS = 60_000;
const MAX_POSTER_BYTES = 8 * 1_048_576;

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
}

/**
 * ffprobe and ffmpeg, when the machine has them (REPORT_MEDIA_TOOLS=auto
 * finds out once; off pretends they are absent). Without them, or for a file
 * they cannot read, a report still works: its metadata says what is missing.
 */
@Injectable()
export class MediaTools {
  private readonly logger = new Logger('MediaTools');
  private available: Promise<boolean> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  isAvailable(): Promise<boolean> {
    if (this.config.reports.mediaTools === 'off') return Promise.resolve(false);
    this.available ??= Promise.all([run(this.config.reports.ffprobePath, ['-version']), run(this.config.reports.ffmpegPath, ['-version'])]).then(
      () => true,
      (err: Error) => {
        this.logger.warn(`ffmpeg/ffprobe not found (${err.message}): reports will lack duration, dimensions, codecs and posters`);
        return false;
      },
    );
    return this.available;
  }

  /** The metadata of the file at `path`, as far as the tools can read it. */
  async probe(path: string, kind: 'video' | 'audio'): Promise<MediaMetadata> {
    const wanted: ReportMetadataField[] = kind === 'video' ? ['duration', 'dimensions', 'codec', 'poster'] : ['duration', 'codec'];
    const none = (reason: MediaMetadata['missingReason']): MediaMetadata => ({
      durationSeconds: null,
      width: null,
      height: null,
      codecs: [],
      streams: [],
      poster: null,
      missing: wanted,
      missingReason: reason,
    });
    if (!(await this.isAvailable())) return none('ffmpeg_unavailable');
    let parsed: { format?: { duration?: string }; streams?: ProbeStream[] };
    try {
      const out = await run(this.config.reports.ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path]);
      parsed = JSON.parse(out.toString('utf8'));
    } catch {
      return none('unreadable');
    }
    const streams = parsed.streams ?? [];
    const video = streams.find((s) => s.codec_type === 'video' && s.width && s.height);
    const codecs = [...streams.filter((s) => s.codec_type === 'video'), ...streams.filter((s) => s.codec_type === 'audio')]
      .map((s) => s.codec_name)
      .filter((c): c is string => !!c);
    const duration = Number(parsed.format?.duration);
    const meta: MediaMetadata = {
      durationSeconds: Number.isFinite(duration) && duration > 0 ? Math.round(duration * 1000) / 1000 : null,
      width: video?.width ?? null,
      height: video?.height ?? null,
      codecs,
      streams: streams.flatMap((st) =>
        (st.codec_type === 'video' || st.codec_type === 'audio') && st.codec_name ? [{ type: st.codec_type, codec: st.codec_name }] : [],
      ),
      poster: null,
      missing: [],
      missingReason: null,
    };
    if (kind === 'video' && video) meta.poster = await this.poster(path, meta.durationSeconds);
    if (meta.durationSeconds === null) meta.missing.push('duration');
    if (kind === 'video' && meta.width === null) meta.missing.push('dimensions');
    if (codecs.length === 0) meta.missing.push('codec');
    if (kind === 'video' && !meta.poster) meta.missing.push('poster');
    if (meta.missing.length > 0) meta.missingReason = 'unreadable';
    return meta;
  }

  /** One JPEG frame at 1 s (at 0 for shorter files). */
  private async poster(path: string, duration: number | null): Promise<Buffer | null> {
    const at = duration !== null && duration <= 1.5 ? '0' : '1';
    try {
      const jpeg = await run(this.config.reports.ffmpegPath, [
        '-v',
        'error',
        '-ss',
        at,
        '-i',
        path,
        '-frames:v',
        '1',
        '-vf',
        "scale='min(1280,iw)':-2",
        '-f',
        'image2',
        '-c:v',
        'mjpeg',
        '-q:v',
        '4',
        'pipe:1',
      ]);
      return jpeg.length > 0 ? jpeg : null;
    } catch {
      return null;
    }
  }
}

function run(file: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'buffer', timeout: PROBE_TIMEOUT_MS, maxBuffer: MAX_POSTER_BYTES, windowsHide: true }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}
