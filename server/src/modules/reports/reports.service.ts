import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type CreateReportBody,
  type CreateReportResponse,
  captionLanguage,
  MAX_CAPTION_BYTES,
  type ReportCaptionDto,
  type ReportDto,
  type ReportMediaMime,
  REPORT_UPLOAD_FIELDS,
  type UploadedMediaResponse,
} from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { enforce } from '../../common/policy';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { slugify, slugWithSuffix } from '../entries/slug';
import { FILE_STORE, type FileStore } from '../files/file-store';
import { closeAfterAnswer } from '../files/upload-form';
import { GroupsService } from '../groups/groups.service';
import { AuditRepository } from '../moderation/audit.repository';
import { canModerate } from '../moderation/moderation.policy';
import { UserRefs } from '../moderation/user-refs';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { readReportUpload, tooLarge } from './media-form';
import { MediaTools } from './media-tools.service';
import { codecProblem, SNIFF_BYTES, sniffMediaType } from './media-type';
import { canOnReport, reportEditable, reviewStatusOf, statusAfterUpload } from './reports.policy';
import { toCaptionDto, toReportDto, toUploadedMedia } from './reports.presenter';
import { type ReportRow, ReportsRepository } from './reports.repository';
import { parseWebVtt, VttError } from './webvtt';

/** A media file on this machine (a temporary copy) and, when it is in the store already, its blob. */
export interface MediaFile {
  path: string;
  stored?: { sha256: string; bytes: number };
}

/** Reports of a group: creating them, their media and captions. Deciding them: ReportReviewsService. */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly db: DataSource,
    private readonly reports: ReportsRepository,
    private readonly groups: GroupsService,
    private readonly audit: AuditRepository,
    private readonly refs: UserRefs,
    private readonly notifier: ReviewNotifier,
    private readonly tools: MediaTools,
  ) {}

  async create(actor: Actor | null, groupSlug: string, body: CreateReportBody): Promise<CreateReportResponse> {
    const group = await this.groups.requireBySlug(groupSlug);
    enforce(canOnReport(actor, 'create', group.id), 'create reports in this group');
    if (group.archivedAt) throw new DomainError('group_archived', 'This group is archived: it takes no new reports');
    const base = slugify(body.title) === 'entry' ? 'report' : slugify(body.title);
    let slug = base;
    while (await this.reports.slugTaken(slug)) slug = slugWithSuffix(base);
    const id = await this.reports.insertReport({
      slug,
      groupId: group.id,
      title: body.title,
      titleZh: body.titleZh ?? '',
      description: body.description,
      kind: body.kind,
      recordedAt: body.recordedAt ?? null,
      speakers: body.speakers,
      createdBy: actor!.id,
    });
    return { id, slug };
  }

  async listOfGroup(actor: Actor | null, groupSlug: string): Promise<ReportDto[]> {
    const group = await this.groups.requireBySlug(groupSlug);
    enforce(canOnReport(actor, 'read', group.id), 'see the reports of this group');
    const rows = await this.reports.findOfGroup(group.id);
    return Promise.all(rows.map((r) => this.present(actor, r)));
  }

  async detail(actor: Actor | null, id: string): Promise<ReportDto> {
    const report = await this.require(id);
    enforce(canOnReport(actor, 'read', report.groupId), 'see this report');
    return this.present(actor, report);
  }

  async require(id: string): Promise<ReportRow> {
    const report = isUuid(id) ? await this.reports.findById(id) : null;
    if (!report) throw notFound('report_not_found', `Report ${id}`);
    return report;
  }

  /** The report as its group's members see it, with what the caller may do now. */
  async present(actor: Actor | null, report: ReportRow, opts: { showNote?: boolean } = {}): Promise<ReportDto> {
    const media = report.mediaId ? await this.reports.findMedia(report.mediaId) : null;
    const captions = await this.reports.findCaptions(report.id);
    const authors = [report.createdBy, ...(await this.reports.mediaUploaders(report.id))];
    const ref = await this.refs.resolve([report.createdBy, report.reviewedBy]);
    const scope = { groupId: report.groupId, status: reviewStatusOf(report.status), contributorIds: authors };
    const may = (action: 'approve' | 'request_changes' | 'reject', override = false) => canModerate(actor, action, scope, { override }) === 'allowed';
    return toReportDto(report, media, captions, ref, {
      showNote: opts.showNote ?? canOnReport(actor, 'read', report.groupId) === 'allowed',
      allowed: {
        upload: canOnReport(actor, 'upload', report.groupId) === 'allowed' && reportEditable(report.status),
        approve: may('approve'),
        requestChanges: may('request_changes'),
        reject: may('reject'),
        overrideSelfReview: !may('approve') && may('approve', true),
      },
    });
  }

  /** The report, if the caller may change its media and captions now (before a byte of a body is read). */
  async requireEditable(actor: Actor | null, id: string): Promise<ReportRow> {
    const report = await this.require(id);
    enforce(canOnReport(actor, 'upload', report.groupId), 'upload to this report');
    if (!reportEditable(report.status)) throw new DomainError('report_locked', 'This report is approved and public: its media and captions no longer change');
    return report;
  }

  /** `POST /api/reports/:id/media` (multipart `file`): streamed to a temporary file, then stored. */
  async uploadMedia(actor: Actor | null, id: string, req: IncomingMessage): Promise<UploadedMediaResponse> {
    let report: ReportRow;
    try {
      report = await this.requireEditable(actor, id);
    } catch (err) {
      closeAfterAnswer(req);
      throw err;
    }
    const dir = await mkdtemp(join(tmpdir(), 'kh-report-'));
    try {
      const form = await readReportUpload(req, { dir, maxBytes: this.config.reports.maxMediaBytes, what: 'media file' });
      return await this.attachMedia(actor!, report, { path: form.path });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Makes the file the report's media: its type sniffed from its first bytes
   * (415 otherwise), its metadata and poster read when ffmpeg is there, the
   * bytes stored (unless they are already), then, under the report's lock,
   * the media row, the report pending review, and the audit event.
   */
  async attachMedia(actor: Actor, report: ReportRow, file: MediaFile): Promise<UploadedMediaResponse> {
    const mime: ReportMediaMime = await sniffMediaType(await readHead(file.path));
    const meta = await this.tools.probe(file.path, report.kind);
    const problem = codecProblem(mime, meta.streams);
    if (problem) throw new DomainError('unsupported_file_type', `${problem}: upload MP4 (H.264/AAC), WebM (VP8/VP9/AV1, Opus/Vorbis), MP3, M4A or Ogg/Opus`);
    const blob = file.stored ?? (await this.store.put(createReadStream(file.path)));
    const poster = meta.poster ? await this.store.put(meta.poster) : null;
    const mediaId = await this.db.transaction(async (tx) => {
      const locked = await this.reports.lockReport(report.id, tx);
      if (!locked) throw notFound('report_not_found', `Report ${report.id}`);
      if (!reportEditable(locked.status)) throw new DomainError('report_locked', 'This report was approved meanwhile: its media no longer changes');
      const id = await this.reports.insertMedia(
        {
          reportId: report.id,
          sha256: blob.sha256,
          mime,
          bytes: blob.bytes,
          durationSeconds: meta.durationSeconds,
          width: meta.width,
          height: meta.height,
          codecs: meta.codecs,
          posterSha256: poster?.sha256 ?? null,
          missing: meta.missing,
          missingReason: meta.missingReason,
          uploadedBy: actor.id,
        },
        tx,
      );
      await this.reports.setSubmitted(report.id, statusAfterUpload(locked.status, 'media', true), actor.id, tx, id);
      await this.audit.record({ reportId: report.id, actorId: actor.id, action: 'submitted', note: 'media' }, tx);
      return id;
    });
    this.queueChanged(report);
    return toUploadedMedia((await this.reports.findMedia(mediaId))!);
  }

  /** `POST /api/reports/:id/captions` (multipart `file`, `language`): a WebVTT file, validated, replacing that language's. */
  async uploadCaptions(actor: Actor | null, id: string, req: IncomingMessage): Promise<ReportCaptionDto> {
    let report: ReportRow;
    try {
      report = await this.requireEditable(actor, id);
    } catch (err) {
      closeAfterAnswer(req);
      throw err;
    }
    const dir = await mkdtemp(join(tmpdir(), 'kh-captions-'));
    try {
      const form = await readReportUpload(req, { dir, maxBytes: MAX_CAPTION_BYTES, what: 'caption file' });
      const language = captionLanguage.safeParse(form.fields[REPORT_UPLOAD_FIELDS.language] ?? '');
      if (!language.success) {
        throw new DomainError('validation_failed', `language: ${language.error.issues[0]?.message ?? 'invalid'}`, [
          { path: 'language', message: language.error.issues[0]?.message ?? 'invalid' },
        ]);
      }
      const bytes = await readFile(form.path);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw vttInvalid(new VttError(1, 'a WebVTT file is UTF-8 text'));
      }
      let cues: ReturnType<typeof parseWebVtt>['cues'];
      try {
        cues = parseWebVtt(text).cues;
      } catch (err) {
        if (err instanceof VttError) throw vttInvalid(err);
        throw err;
      }
      const blob = await this.store.put(bytes);
      const submitted = await this.db.transaction(async (tx) => {
        const locked = await this.reports.lockReport(report.id, tx);
        if (!locked) throw notFound('report_not_found', `Report ${report.id}`);
        if (!reportEditable(locked.status)) throw new DomainError('report_locked', 'This report was approved meanwhile: its captions no longer change');
        await this.reports.upsertCaption(
          { reportId: report.id, language: language.data, sha256: blob.sha256, cues, text: cues.map((c) => c.text).join('\n'), uploadedBy: actor!.id },
          tx,
        );
        const next = statusAfterUpload(locked.status, 'captions', locked.mediaId !== null);
        if (next === 'pending' && locked.status !== 'pending') {
          await this.reports.setSubmitted(report.id, next, actor!.id, tx);
          await this.audit.record({ reportId: report.id, actorId: actor!.id, action: 'submitted', note: `captions (${language.data})` }, tx);
          return true;
        }
        return false;
      });
      if (submitted) this.queueChanged(report);
      const caption = (await this.reports.findCaptions(report.id)).find((c) => c.language === language.data)!;
      return toCaptionDto(caption);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Refuses a media upload announced larger than MAX_MEDIA_BYTES. */
  checkMediaSize(bytes: number): void {
    if (bytes > this.config.reports.maxMediaBytes) throw tooLarge(this.config.reports.maxMediaBytes, 'media file');
  }

  private queueChanged(report: ReportRow): void {
    this.notifier.queueChanged(report.groupId, { kind: 'submitted', revisionId: report.id, entryId: report.id, groupSlug: report.groupSlug, item: 'report' });
  }
}

function vttInvalid(err: VttError): DomainError {
  const error = new DomainError('vtt_invalid', `The caption file is not valid WebVTT: ${err.message}`);
  error.details = { line: err.line, reason: err.reason };
  return error;
}

/** The first bytes of a file (what the type is sniffed from). */
export async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
