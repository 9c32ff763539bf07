import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CreateUploadBody, UPLOAD_CHUNK_CONTENT_TYPE, type UploadStateDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { enforce } from '../../common/policy';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { FILE_STORE, type FileStore } from '../files/file-store';
import { closeAfterAnswer } from '../files/upload-form';
import { SNIFF_BYTES, sniffMediaType } from './media-type';
import { canOnReport } from './reports.policy';
import { ReportsRepository, type UploadRow } from './reports.repository';
import { ReportsService } from './reports.service';

/**
 * Resumable media uploads (a tus-like protocol of our own):
 *
 *   POST  /api/reports/:id/uploads {bytes, sha256?} → 201 {uploadId, offset: 0, bytes}
 *   PATCH /api/uploads/:uploadId   Upload-Offset: n, Content-Type: application/offset+octet-stream, body: the next bytes
 *                                  → 200 {uploadId, offset, bytes[, media]}   (409 upload_offset_mismatch {offset} when n is not the server's)
 *   HEAD  /api/uploads/:uploadId   → 204, Upload-Offset and Upload-Length: where to resume
 *
 * Each PATCH's body streams into the content-addressed store as one part
 * (nothing is held in memory; any instance can take the next chunk). A PATCH
 * cut off midway keeps what arrived: the offset is where the bytes stopped.
 * The PATCH that brings the last byte joins the parts into one blob (while
 * copying it to a temporary file for ffprobe), checks the announced SHA-256,
 * sniffs the type and makes it the report's media (ReportsService.attachMedia).
 *
 * An upload no chunk reached for FILES_GC_GRACE_HOURS is abandoned: every
 * hour (outside tests) it is deleted with the blobs of its parts.
 */
@Injectable()
export class ReportUploadsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReportUploads');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly db: DataSource,
    private readonly reports: ReportsRepository,
    private readonly service: ReportsService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.env === 'test') return;
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.logger.error(`sweeping abandoned uploads failed: ${(err as Error).stack ?? err}`));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes uploads no chunk reached for `graceMs` and their parts' blobs; answers how many. */
  async sweep(graceMs = this.config.files.gcGraceMs): Promise<number> {
    const stale = await this.reports.findStaleUploads(new Date(Date.now() - graceMs), 1_000);
    for (const upload of stale) await this.abandon(upload);
    if (stale.length > 0) this.logger.log(`deleted ${stale.length} abandoned upload(s)`);
    return stale.length;
  }

  async start(actor: Actor | null, reportId: string, body: CreateUploadBody): Promise<UploadStateDto> {
    await this.service.requireEditable(actor, reportId);
    this.service.checkMediaSize(body.bytes);
    const uploadId = await this.reports.insertUpload({ reportId, bytes: body.bytes, expectedSha256: body.sha256 ?? null, createdBy: actor!.id });
    return { uploadId, offset: 0, bytes: body.bytes };
  }

  async state(actor: Actor | null, uploadId: string): Promise<UploadStateDto> {
    const upload = await this.authorised(actor, uploadId);
    return { uploadId: upload.id, offset: upload.received, bytes: upload.bytes };
  }

  async patch(actor: Actor | null, uploadId: string, req: IncomingMessage): Promise<UploadStateDto> {
    let upload: UploadRow;
    let offset: number;
    try {
      upload = await this.authorised(actor, uploadId);
      await this.service.requireEditable(actor, upload.reportId);
      if (!isChunkType(req.headers['content-type'])) {
        throw new DomainError('unsupported_media_type', `Send the chunk's bytes as ${UPLOAD_CHUNK_CONTENT_TYPE}, with an Upload-Offset header`);
      }
      offset = Number(req.headers['upload-offset']);
      if (!/^\d+$/.test(String(req.headers['upload-offset'] ?? '')) || !Number.isSafeInteger(offset)) {
        throw new DomainError('validation_failed', 'Upload-Offset must be the offset of the first byte sent (a whole number)');
      }
      if (offset !== upload.received) throw offsetMismatch(upload.received);
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > upload.bytes - upload.received) {
        throw new DomainError('file_too_large', `This chunk goes past the announced length: ${upload.bytes - upload.received} bytes remain`);
      }
    } catch (err) {
      closeAfterAnswer(req);
      throw err;
    }
    const remaining = upload.bytes - upload.received;
    const piece = await this.store.put(bodyUpTo(req, remaining));
    if (piece.bytes === 0) return { uploadId, offset, bytes: upload.bytes };
    const received = await this.db.transaction(async (tx) => {
      const locked = await this.reports.findUpload(uploadId, tx, true);
      if (!locked) throw notFound('upload_not_found', `Upload ${uploadId}`);
      // Two chunks for the same offset at once: the first to commit wins, the other is told where the upload is.
      if (locked.received !== offset) return null;
      await this.reports.addPart(uploadId, offset, piece.sha256, piece.bytes, tx);
      return locked.received + piece.bytes;
    });
    if (received === null) {
      await this.dropBlob(piece.sha256);
      throw offsetMismatch((await this.reports.findUpload(uploadId))?.received ?? 0);
    }
    // The first bytes tell the type: a file this hub will not take is refused now, not after gigabytes.
    if (offset === 0 && (piece.bytes >= SNIFF_BYTES || received === upload.bytes)) await this.sniffOrAbandon(upload, piece.sha256);
    if (received < upload.bytes) return { uploadId, offset: received, bytes: upload.bytes };
    const media = await this.complete(actor!, upload);
    return { uploadId, offset: received, bytes: upload.bytes, media };
  }

  private async authorised(actor: Actor | null, uploadId: string): Promise<UploadRow> {
    const upload = isUuid(uploadId) ? await this.reports.findUpload(uploadId) : null;
    if (!upload) throw notFound('upload_not_found', `Upload ${uploadId}`);
    const report = await this.service.require(upload.reportId);
    enforce(canOnReport(actor, 'upload', report.groupId), 'upload to this report');
    return upload;
  }

  private async sniffOrAbandon(upload: UploadRow, firstPart: string): Promise<void> {
    const stream = await this.store.get(firstPart, { start: 0, end: SNIFF_BYTES - 1 });
    const head: Buffer[] = [];
    for await (const chunk of stream ?? []) head.push(chunk as Buffer);
    try {
      await sniffMediaType(Buffer.concat(head));
    } catch (err) {
      await this.abandon(upload);
      throw err;
    }
  }

  /** Joins the parts into the media's blob, copying it to a temporary file on the way (ffprobe reads files). */
  private async complete(actor: Actor, upload: UploadRow) {
    const parts = await this.reports.findParts(upload.id);
    const dir = await mkdtemp(join(tmpdir(), 'kh-report-upload-'));
    try {
      const path = join(dir, 'media');
      const blob = await this.store.put(teeToFile(this.partsOf(parts.map((p) => p.sha256)), path));
      if (blob.bytes !== upload.bytes) throw new Error(`upload ${upload.id}: joined ${blob.bytes} bytes of ${upload.bytes}`);
      if (upload.expectedSha256 && blob.sha256 !== upload.expectedSha256) {
        await this.abandon(upload);
        await this.dropBlob(blob.sha256);
        throw new DomainError('upload_hash_mismatch', `The uploaded bytes have SHA-256 ${blob.sha256}, not ${upload.expectedSha256}: upload the file again`);
      }
      const report = await this.service.require(upload.reportId);
      let media: Awaited<ReturnType<ReportsService['attachMedia']>>;
      try {
        media = await this.service.attachMedia(actor, report, { path, stored: blob });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'unsupported_file_type') {
          await this.abandon(upload);
          await this.dropBlob(blob.sha256);
        }
        throw err;
      }
      await this.abandon(upload);
      return media;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async *partsOf(shas: string[]): AsyncIterable<Uint8Array> {
    for (const sha of shas) {
      const stream = await this.store.get(sha);
      if (!stream) throw new Error(`upload part ${sha} is not stored`);
      for await (const chunk of stream) yield chunk as Uint8Array;
    }
  }

  /** Deletes the upload and the blobs of its parts that nothing else uses. */
  private async abandon(upload: UploadRow): Promise<void> {
    const parts = await this.reports.findParts(upload.id);
    await this.reports.deleteUpload(upload.id);
    for (const p of parts) await this.dropBlob(p.sha256);
  }

  private async dropBlob(sha256: string): Promise<void> {
    if (!(await this.reports.isBlobInUse(sha256))) await this.store.delete(sha256).catch(() => undefined);
  }
}

const SWEEP_EVERY_MS = 60 * 60 * 1000;

function isChunkType(type: string | undefined): boolean {
  const base = (type ?? '').split(';')[0].trim().toLowerCase();
  return base === UPLOAD_CHUNK_CONTENT_TYPE || base === 'application/octet-stream';
}

function offsetMismatch(offset: number): DomainError {
  const error = new DomainError('upload_offset_mismatch', `The server has this upload up to byte ${offset}: resume from there`);
  error.details = { offset };
  return error;
}

/**
 * The request body as pieces, at most `limit` bytes (more: 413, and the put
 * is undone). A body cut off midway (the client went away) simply ends: what
 * arrived is kept, and the upload resumes from there.
 */
async function* bodyUpTo(req: IncomingMessage, limit: number): AsyncIterable<Uint8Array> {
  let total = 0;
  try {
    for await (const chunk of req) {
      total += (chunk as Buffer).byteLength;
      if (total > limit) {
        closeAfterAnswer(req);
        throw new DomainError('file_too_large', `This chunk goes past the announced length: ${limit} bytes remained`);
      }
      yield chunk as Buffer;
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    // Interrupted: keep what came.
  }
}

/** Passes the pieces through while writing them to `path` (waiting when the disk is slower). */
async function* teeToFile(source: AsyncIterable<Uint8Array>, path: string): AsyncIterable<Uint8Array> {
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.on('error', reject));
  failed.catch(() => undefined);
  try {
    for await (const piece of source) {
      if (!out.write(piece)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
      yield piece;
    }
    await Promise.race([new Promise<void>((r) => out.end(r)), failed]);
  } finally {
    if (!out.closed) out.destroy();
  }
}
