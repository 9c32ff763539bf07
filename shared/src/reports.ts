import { z } from 'zod';
import { MAX_TITLE_CHARS } from './limits.js';
import type { UserRef } from './moderation.js';

/**
 * Reports (issue 13): a group's video and audio reports — one media file in
 * the content-addressed store, WebVTT captions per language (their cue text
 * is the transcript), reviewed like entry revisions and dataset versions
 * (same queue, four-eyes rule and audit log), public at /r/<slug>, in
 * /reports and the podcast feed /reports/feed.xml once approved.
 */

export const REPORT_KINDS = ['video', 'audio'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * draft: no media yet; pending: waiting for a moderator (in the review
 * queue); changes_requested / rejected: decided, the group's members may
 * upload again (which makes it pending); approved: public, no longer changed.
 */
export type ReportStatus = 'draft' | 'pending' | 'approved' | 'changes_requested' | 'rejected';

/** Media types accepted (sniffed from the bytes): MP4 (H.264/AAC), WebM, MP3, M4A, Ogg/Opus. */
export const REPORT_MEDIA_MIME_TYPES = ['video/mp4', 'video/webm', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] as const;
export type ReportMediaMime = (typeof REPORT_MEDIA_MIME_TYPES)[number];

/** Metadata read from the media file with ffprobe (and the poster frame with ffmpeg). */
export const REPORT_METADATA_FIELDS = ['duration', 'dimensions', 'codec', 'poster'] as const;
export type ReportMetadataField = (typeof REPORT_METADATA_FIELDS)[number];

/** Field names of the multipart forms (media: `file`; captions: `file` and `language`). */
export const REPORT_UPLOAD_FIELDS = { file: 'file', language: 'language' } as const;
/** Largest caption file. */
export const MAX_CAPTION_BYTES = 2 * 1_048_576;
/** What the workspace sends per PATCH of a resumable upload. */
export const REPORT_UPLOAD_CHUNK_BYTES = 8 * 1_048_576;
/** Headers of the resumable upload protocol (as tus names them). */
export const UPLOAD_OFFSET_HEADER = 'Upload-Offset';
export const UPLOAD_LENGTH_HEADER = 'Upload-Length';
export const UPLOAD_CHUNK_CONTENT_TYPE = 'application/offset+octet-stream';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 in lower-case hex');

/** A BCP 47 language tag as captions use it: en, zh, zh-Hans, pt-BR. */
export const captionLanguage = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, 'A language tag such as en, zh or zh-Hans');

export const createReportBody = z.strictObject({
  title: z.string().trim().min(1, 'A title is required').max(MAX_TITLE_CHARS),
  titleZh: z.string().trim().max(MAX_TITLE_CHARS).optional(),
  description: z.string().trim().max(10_000).default(''),
  kind: z.enum(REPORT_KINDS),
  /** The day it was recorded (YYYY-MM-DD). */
  recordedAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date, YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'A real date')
    .optional(),
  speakers: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
});
export type CreateReportBody = z.infer<typeof createReportBody>;

/** Starts a resumable upload of the report's media: its length, and optionally the SHA-256 the result must have. */
export const createUploadBody = z.strictObject({
  bytes: z.number().int().positive(),
  sha256: sha256Hex.optional(),
});
export type CreateUploadBody = z.infer<typeof createUploadBody>;

export interface CreateReportResponse {
  id: string;
  slug: string;
}

/** 201 of a media upload (multipart, or the last chunk of a resumable one). */
export interface UploadedMediaResponse {
  id: string;
  /** Where the file is served (HTTP Range, long-lived caching). */
  url: string;
  sha256: string;
  mime: string;
  bytes: number;
}

/** A resumable upload's state: the next byte the server expects (`offset`) of `bytes`. */
export interface UploadStateDto {
  uploadId: string;
  offset: number;
  bytes: number;
  /** Set by the PATCH that received the last byte. */
  media?: UploadedMediaResponse;
}

export interface ReportMediaDto extends UploadedMediaResponse {
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** Codec names of its streams, video first (h264, aac, vp8, opus, mp3…). */
  codecs: string[];
  posterUrl: string | null;
  /** What metadata the hub could not read, and why (ffmpeg absent, or a file ffprobe cannot read). */
  missing: ReportMetadataField[];
  missingReason: 'ffmpeg_unavailable' | 'unreadable' | null;
}

export interface ReportCaptionDto {
  id: string;
  language: string;
  url: string;
  cues: number;
}

/** One cue of a transcript: seconds and the cue's text without markup. */
export interface TranscriptCue {
  start: number;
  end: number;
  text: string;
}

export interface ReportDto {
  id: string;
  slug: string;
  groupSlug: string;
  title: string;
  titleZh: string;
  description: string;
  kind: ReportKind;
  recordedAt: string | null;
  speakers: string[];
  status: ReportStatus;
  createdBy: UserRef;
  createdAt: string;
  media: ReportMediaDto | null;
  captions: ReportCaptionDto[];
  review: { by: UserRef; at: string; note: string } | null;
  /** What the caller may do with it now. */
  allowed: { upload: boolean; approve: boolean; requestChanges: boolean; reject: boolean; overrideSelfReview: boolean };
}

// The editor node embedding a report in an entry: named in node-names.ts (the editor needs the name, not this
// module's schemas), exported here as before.
export { REPORT_NODE } from './node-names.js';
