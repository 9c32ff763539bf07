import type { QueueItemDto, ReportCaptionDto, ReportDto, ReportMediaDto, UploadedMediaResponse, UserRef } from '@knowledge-hub/shared';
import type { CaptionRow, MediaRow, ReportRow } from './reports.repository';

/** Rows in, DTOs (shared/src/reports.ts) out; `ref` resolves user ids (UserRefs.resolve). */
type Ref = (id: string) => UserRef;

/** Where a blob of reports is served (HTTP Range, immutable caching). */
export const mediaUrl = (sha256: string) => `/media/${sha256}`;

export function toUploadedMedia(m: MediaRow): UploadedMediaResponse {
  return { id: m.id, url: mediaUrl(m.sha256), sha256: m.sha256, mime: m.mime, bytes: Number(m.bytes) };
}

export function toMediaDto(m: MediaRow): ReportMediaDto {
  return {
    ...toUploadedMedia(m),
    durationSeconds: m.durationSeconds,
    width: m.width,
    height: m.height,
    codecs: m.codecs,
    posterUrl: m.posterSha256 ? mediaUrl(m.posterSha256) : null,
    missing: m.missing,
    missingReason: m.missingReason,
  };
}

export function toCaptionDto(c: CaptionRow): ReportCaptionDto {
  return { id: c.id, language: c.language, url: mediaUrl(c.sha256), cues: c.cues.length };
}

export function toReportDto(
  r: ReportRow,
  media: MediaRow | null,
  captions: CaptionRow[],
  ref: Ref,
  opts: { showNote: boolean; allowed: ReportDto['allowed'] },
): ReportDto {
  return {
    id: r.id,
    slug: r.slug,
    groupSlug: r.groupSlug,
    title: r.title,
    titleZh: r.titleZh,
    description: r.description,
    kind: r.kind,
    recordedAt: r.recordedAt,
    speakers: r.speakers,
    status: r.status,
    createdBy: ref(r.createdBy),
    createdAt: new Date(r.createdAt).toISOString(),
    media: media ? toMediaDto(media) : null,
    captions: captions.map(toCaptionDto),
    review: r.reviewedBy && r.reviewedAt ? { by: ref(r.reviewedBy), at: new Date(r.reviewedAt).toISOString(), note: opts.showNote ? r.reviewNote : '' } : null,
    allowed: opts.allowed,
  };
}

export function toReportQueueItem(r: ReportRow, ref: Ref, now: number): QueueItemDto {
  const at = new Date(r.submittedAt ?? r.createdAt);
  return {
    kind: 'report',
    revisionId: r.id,
    entryId: r.id,
    entrySlug: r.slug,
    title: r.title,
    groupSlug: r.groupSlug,
    groupName: r.groupName,
    groupNameZh: r.groupNameZh,
    number: 1,
    submittedBy: ref(r.submittedBy ?? r.createdBy),
    submittedAt: at.toISOString(),
    ageSeconds: Math.max(0, Math.round((now - at.getTime()) / 1000)),
    change: { added: 0, removed: 0, changed: 0 },
  };
}
