import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReportKind, ReportMetadataField, ReportStatus, TranscriptCue } from '@knowledge-hub/shared';

export interface ReportRow {
  id: string;
  slug: string;
  groupId: string;
  groupSlug: string;
  groupName: string;
  groupNameZh: string;
  title: string;
  titleZh: string;
  description: string;
  kind: ReportKind;
  recordedAt: string | null;
  speakers: string[];
  status: ReportStatus;
  mediaId: string | null;
  createdBy: string;
  createdAt: Date;
  submittedBy: string | null;
  submittedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string;
}

export interface MediaRow {
  id: string;
  reportId: string;
  sha256: string;
  mime: string;
  bytes: number;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  codecs: string[];
  posterSha256: string | null;
  missing: ReportMetadataField[];
  missingReason: 'ffmpeg_unavailable' | 'unreadable' | null;
  uploadedBy: string;
  createdAt: Date;
}

export interface CaptionRow {
  id: string;
  reportId: string;
  language: string;
  sha256: string;
  cues: TranscriptCue[];
  uploadedBy: string;
  createdAt: Date;
}

export interface UploadRow {
  id: string;
  reportId: string;
  bytes: number;
  expectedSha256: string | null;
  received: number;
  createdBy: string;
}

export interface UploadPartRow {
  offset: number;
  sha256: string;
  bytes: number;
}

const REPORT_SELECT = `
  SELECT r.id, r.slug, r.group_id AS "groupId", g.slug AS "groupSlug", g.name AS "groupName", g.name_zh AS "groupNameZh",
         r.title, r.title_zh AS "titleZh", r.description, r.kind, to_char(r.recorded_at, 'YYYY-MM-DD') AS "recordedAt", r.speakers,
         r.status, r.media_id AS "mediaId", r.created_by AS "createdBy", r.created_at AS "createdAt",
         r.submitted_by AS "submittedBy", r.submitted_at AS "submittedAt",
         r.reviewed_by AS "reviewedBy", r.reviewed_at AS "reviewedAt", r.review_note AS "reviewNote"
    FROM reports r JOIN knowledge_groups g ON g.id = r.group_id`;

const MEDIA_SELECT = `
  SELECT m.id, m.report_id AS "reportId", m.sha256, m.mime, m.bytes::float8 AS bytes, m.duration_seconds AS "durationSeconds",
         m.width, m.height, m.codecs, m.poster_sha256 AS "posterSha256", m.missing, m.missing_reason AS "missingReason",
         m.uploaded_by AS "uploadedBy", m.created_at AS "createdAt"
    FROM report_media m`;

const CAPTION_SELECT = `
  SELECT c.id, c.report_id AS "reportId", c.language, c.sha256, c.cues, c.uploaded_by AS "uploadedBy", c.created_at AS "createdAt"
    FROM report_captions c`;

/** reports, report_media, report_captions, report_uploads and their parts. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: DataSource) {}

  private q(tx?: EntityManager) {
    return tx ?? this.db.manager;
  }

  async insertReport(
    r: {
      slug: string;
      groupId: string;
      title: string;
      titleZh: string;
      description: string;
      kind: ReportKind;
      recordedAt: string | null;
      speakers: string[];
      createdBy: string;
    },
    tx?: EntityManager,
  ): Promise<string> {
    const [row] = await this.q(tx).query(
      `INSERT INTO reports (slug, group_id, title, title_zh, description, kind, recorded_at, speakers, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [r.slug, r.groupId, r.title, r.titleZh, r.description, r.kind, r.recordedAt, JSON.stringify(r.speakers), r.createdBy],
    );
    return row.id;
  }

  async slugTaken(slug: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM reports WHERE slug = $1`, [slug])).length > 0;
  }

  async findById(id: string, tx?: EntityManager): Promise<ReportRow | null> {
    const [row] = await this.q(tx).query(`${REPORT_SELECT} WHERE r.id = $1`, [id]);
    return row ?? null;
  }

  async findBySlug(slug: string): Promise<ReportRow | null> {
    const [row] = await this.db.query(`${REPORT_SELECT} WHERE r.slug = $1`, [slug]);
    return row ?? null;
  }

  async findOfGroup(groupId: string): Promise<ReportRow[]> {
    return this.db.query(`${REPORT_SELECT} WHERE r.group_id = $1 ORDER BY r.created_at DESC, r.id`, [groupId]);
  }

  /** Approved reports (with media), newest approval first; one group's when `groupId` is given. */
  async findPublished(groupId?: string, limit = 1_000): Promise<ReportRow[]> {
    return this.db.query(
      `${REPORT_SELECT} WHERE r.status = 'approved' AND r.media_id IS NOT NULL AND ($1::uuid IS NULL OR r.group_id = $1)
        ORDER BY r.reviewed_at DESC NULLS LAST, r.id LIMIT $2`,
      [groupId ?? null, limit],
    );
  }

  /** Approved reports whose title, Chinese title, description, speakers or transcript contains every word (substring: Chinese too). */
  async searchPublished(words: string[], limit: number): Promise<ReportRow[]> {
    if (words.length === 0) return [];
    const params: unknown[] = [];
    const conditions = words.map((w) => {
      params.push(`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const p = `$${params.length}`;
      return `(r.title ILIKE ${p} OR r.title_zh ILIKE ${p} OR r.description ILIKE ${p} OR r.speakers::text ILIKE ${p}
               OR EXISTS (SELECT 1 FROM report_captions c WHERE c.report_id = r.id AND c.text ILIKE ${p}))`;
    });
    params.push(limit);
    return this.db.query(
      `${REPORT_SELECT} WHERE r.status = 'approved' AND r.media_id IS NOT NULL AND ${conditions.join(' AND ')}
        ORDER BY r.reviewed_at DESC NULLS LAST, r.id LIMIT $${params.length}`,
      params,
    );
  }

  async findPendingForGroups(groupIds: string[] | null): Promise<ReportRow[]> {
    return this.db.query(`${REPORT_SELECT} WHERE r.status = 'pending' AND ($1::uuid[] IS NULL OR r.group_id = ANY($1)) ORDER BY r.submitted_at, r.id`, [
      groupIds,
    ]);
  }

  /** Locks the report's row (decisions and uploads change it under this lock). */
  async lockReport(id: string, tx: EntityManager): Promise<ReportRow | null> {
    const locked = await tx.query(`SELECT id FROM reports WHERE id = $1 FOR UPDATE`, [id]);
    return locked.length > 0 ? this.findById(id, tx) : null;
  }

  async setDecision(id: string, status: ReportStatus, actorId: string, note: string, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE reports SET status = $2, reviewed_by = $3, reviewed_at = now(), review_note = $4 WHERE id = $1`, [id, status, actorId, note]);
  }

  async setSubmitted(id: string, status: ReportStatus, actorId: string, tx: EntityManager, mediaId?: string): Promise<void> {
    await tx.query(`UPDATE reports SET status = $2, submitted_by = $3, submitted_at = now(), media_id = COALESCE($4, media_id) WHERE id = $1`, [
      id,
      status,
      actorId,
      mediaId ?? null,
    ]);
  }

  async insertMedia(m: Omit<MediaRow, 'id' | 'createdAt'>, tx: EntityManager): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO report_media (report_id, sha256, mime, bytes, duration_seconds, width, height, codecs, poster_sha256, missing, missing_reason, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        m.reportId,
        m.sha256,
        m.mime,
        m.bytes,
        m.durationSeconds,
        m.width,
        m.height,
        JSON.stringify(m.codecs),
        m.posterSha256,
        JSON.stringify(m.missing),
        m.missingReason,
        m.uploadedBy,
      ],
    );
    return row.id;
  }

  async findMedia(id: string): Promise<MediaRow | null> {
    const [row] = await this.db.query(`${MEDIA_SELECT} WHERE m.id = $1`, [id]);
    return row ?? null;
  }

  async findMediaByIds(ids: string[]): Promise<Map<string, MediaRow>> {
    if (ids.length === 0) return new Map();
    const rows: MediaRow[] = await this.db.query(`${MEDIA_SELECT} WHERE m.id = ANY($1)`, [ids]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Every uploader of the report's media (the four-eyes rule counts them as its authors). */
  async mediaUploaders(reportId: string, tx?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await this.q(tx).query(`SELECT DISTINCT uploaded_by AS id FROM report_media WHERE report_id = $1`, [reportId]);
    return rows.map((r) => r.id);
  }

  async upsertCaption(c: { reportId: string; language: string; sha256: string; cues: TranscriptCue[]; text: string; uploadedBy: string }, tx: EntityManager) {
    await tx.query(
      `INSERT INTO report_captions (report_id, language, sha256, cues, text, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (report_id, language) DO UPDATE SET sha256 = EXCLUDED.sha256, cues = EXCLUDED.cues, text = EXCLUDED.text,
         uploaded_by = EXCLUDED.uploaded_by, created_at = now()`,
      [c.reportId, c.language, c.sha256, JSON.stringify(c.cues), c.text, c.uploadedBy],
    );
  }

  async findCaptions(reportId: string): Promise<CaptionRow[]> {
    return this.db.query(`${CAPTION_SELECT} WHERE c.report_id = $1 ORDER BY c.language`, [reportId]);
  }

  /** The type a blob of reports is served with (media, poster, caption file), or null when no report has it. */
  async servedMime(sha256: string): Promise<string | null> {
    const [row] = await this.db.query(
      `SELECT mime FROM report_media WHERE sha256 = $1
       UNION ALL SELECT 'image/jpeg' FROM report_media WHERE poster_sha256 = $1
       UNION ALL SELECT 'text/vtt; charset=utf-8' FROM report_captions WHERE sha256 = $1
       LIMIT 1`,
      [sha256],
    );
    return row?.mime ?? null;
  }

  /** The slug of the approved report whose current media these bytes are (what a play counts against), or null. */
  async approvedReportSlugOfMedia(sha256: string): Promise<string | null> {
    const [row] = await this.db.query(
      `SELECT r.slug FROM reports r JOIN report_media m ON m.id = r.media_id WHERE m.sha256 = $1 AND r.status = 'approved' LIMIT 1`,
      [sha256],
    );
    return row?.slug ?? null;
  }

  // Resumable uploads.

  async insertUpload(u: { reportId: string; bytes: number; expectedSha256: string | null; createdBy: string }): Promise<string> {
    const [row] = await this.db.query(`INSERT INTO report_uploads (report_id, bytes, expected_sha256, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
      u.reportId,
      u.bytes,
      u.expectedSha256,
      u.createdBy,
    ]);
    return row.id;
  }

  async findUpload(id: string, tx?: EntityManager, forUpdate = false): Promise<UploadRow | null> {
    const [row] = await this.q(tx).query(
      `SELECT id, report_id AS "reportId", bytes::float8 AS bytes, expected_sha256 AS "expectedSha256", received::float8 AS received, created_by AS "createdBy"
         FROM report_uploads WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  async addPart(uploadId: string, offset: number, sha256: string, bytes: number, tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO report_upload_parts (upload_id, "offset", sha256, bytes) VALUES ($1, $2, $3, $4)`, [uploadId, offset, sha256, bytes]);
    await tx.query(`UPDATE report_uploads SET received = received + $2, updated_at = now() WHERE id = $1`, [uploadId, bytes]);
  }

  async findParts(uploadId: string): Promise<UploadPartRow[]> {
    return this.db.query(
      `SELECT "offset"::float8 AS "offset", sha256, bytes::float8 AS bytes FROM report_upload_parts WHERE upload_id = $1 ORDER BY "offset"`,
      [uploadId],
    );
  }

  /** Uploads no chunk reached since `before` (abandoned), oldest first. */
  async findStaleUploads(before: Date, limit: number): Promise<UploadRow[]> {
    return this.db.query(
      `SELECT id, report_id AS "reportId", bytes::float8 AS bytes, expected_sha256 AS "expectedSha256", received::float8 AS received, created_by AS "createdBy"
         FROM report_uploads WHERE updated_at < $1 ORDER BY updated_at LIMIT $2`,
      [before, limit],
    );
  }

  async deleteUpload(id: string, tx?: EntityManager): Promise<void> {
    await this.q(tx).query(`DELETE FROM report_uploads WHERE id = $1`, [id]);
  }

  /** Whether anything but these upload parts still needs a blob (other uploads' parts, media, posters, captions, figure files). */
  async isBlobInUse(sha256: string, exceptUploadId?: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM report_upload_parts WHERE sha256 = $1 AND upload_id IS DISTINCT FROM $2::uuid
       UNION ALL SELECT 1 FROM report_media WHERE sha256 = $1 OR poster_sha256 = $1
       UNION ALL SELECT 1 FROM report_captions WHERE sha256 = $1
       UNION ALL SELECT 1 FROM file_uploads WHERE sha256 = $1
       UNION ALL SELECT 1 FROM file_variants WHERE variant_sha256 = $1
       UNION ALL SELECT 1 FROM dataset_versions WHERE sha256 = $1
       LIMIT 1`,
      [sha256, exceptUploadId ?? null],
    );
    return rows.length > 0;
  }
}
