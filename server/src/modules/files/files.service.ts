import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FILE_VARIANT_WIDTHS, UPLOAD_FIELD, type UploadedFileDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { authorize } from '../../common/policy';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { EntriesService } from '../entries/entries.service';
import { type FigureImage, prepareFigure, sniffFigureType } from './figure-image';
import type { OpenedFile } from './file-responder';
import { FILE_STORE, type FileStore, SHA256_HEX } from './file-store';
import { FilesRepository, type UploadRow, type VariantRow } from './files.repository';
import { toUploadedFileDto } from './files.presenter';
import { closeAfterAnswer, readUploadedFile } from './upload-form';

/** Times an upload stores its blobs again when the collector deleted them between the put and the record (a race of milliseconds). */
const MAX_RECORD_ATTEMPTS = 3;

/**
 * Uploading files to an entry and opening them to serve.
 *
 * Who may read a file: anyone with its address. Public pages embed figures,
 * so serving needs no session; a file of an unpublished draft is readable
 * too, which is acceptable only because its address carries the 256-bit
 * SHA-256 of its bytes: it cannot be guessed or enumerated, only shared.
 */
@Injectable()
export class FilesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly files: FilesRepository,
    private readonly entries: EntriesService,
    private readonly db: DataSource,
  ) {}

  /**
   * A figure uploaded to an entry, by whoever may edit the entry (its group's
   * members and admins). Authorised before a byte of the body is read.
   */
  async upload(actor: Actor | null, entryId: string, req: IncomingMessage): Promise<UploadedFileDto> {
    let entry: { id: string };
    try {
      authorize(actor, true, 'upload files');
      const found = await this.entries.collabAccessFor(actor, entryId);
      if (!found) throw notFound('entry_not_found', `Entry ${entryId}`);
      authorize(actor, found.access === 'write', 'upload files to this entry');
      entry = found.entry;
    } catch (err) {
      closeAfterAnswer(req);
      throw err;
    }
    const part = await readUploadedFile(req, { field: UPLOAD_FIELD, maxBytes: this.config.files.maxUploadBytes });
    const mime = await sniffFigureType(part.bytes);
    const figure = await prepareFigure(part.bytes, mime);
    const upload = await this.record(actor.id, entry.id, figure);
    return toUploadedFileDto(upload, await this.files.findVariantsOf([upload.sha256]));
  }

  /** The file at `/files/<sha256>` (`?w=`: its variant of that width, or the file itself when it is not wider). */
  async open(sha256: string, width?: string): Promise<OpenedFile> {
    if (!SHA256_HEX.test(sha256)) throw notFound('file_not_found', 'File');
    const mime = await this.files.findUploadedMime(sha256);
    if (!mime) throw notFound('file_not_found', 'File');
    let served = { sha256, mime };
    if (width !== undefined) {
      const w = Number(width);
      if (!(FILE_VARIANT_WIDTHS as readonly number[]).includes(w) || String(w) !== width) {
        throw new DomainError('validation_failed', `w must be one of ${FILE_VARIANT_WIDTHS.join(', ')}`);
      }
      const variant = await this.files.findVariant(sha256, w);
      if (variant) served = { sha256: variant.variantSha256, mime: variant.mime };
    }
    const size = await this.store.size(served.sha256);
    if (size === null) throw notFound('file_not_found', 'File');
    return { ...served, size, read: (range) => this.store.get(served.sha256, range) };
  }

  /** The variants of these files (for pages that build `srcset`), narrowest first. */
  variantsOf(sha256s: string[]): Promise<VariantRow[]> {
    return this.files.findVariantsOf(sha256s);
  }

  /**
   * Stores the image and its variants, then records the upload under the
   * file's lock, after checking the blobs are still there: the collector
   * deletes a file under the same lock, so either it ran first (the blobs are
   * gone: store them again) or the new upload row keeps the file.
   */
  private async record(userId: string, entryId: string, figure: FigureImage): Promise<UploadRow> {
    for (let attempt = 1; ; attempt++) {
      const original = await this.store.put(figure.bytes);
      const variants: VariantRow[] = [];
      for (const v of figure.variants) {
        const blob = await this.store.put(v.bytes);
        variants.push({ sha256: original.sha256, width: v.width, height: v.height, variantSha256: blob.sha256, mime: 'image/webp', bytes: blob.bytes });
      }
      const upload = await this.db.transaction(async (tx) => {
        await this.files.lockFile(original.sha256, tx);
        for (const sha of [original.sha256, ...variants.map((v) => v.variantSha256)]) {
          if (!(await this.store.has(sha, tx))) return null;
        }
        await this.files.recordVariants(variants, tx);
        return this.files.upsertUpload(
          { sha256: original.sha256, entryId, uploadedBy: userId, mime: figure.mime, bytes: original.bytes, width: figure.width, height: figure.height },
          tx,
        );
      });
      if (upload) return upload;
      if (attempt === MAX_RECORD_ATTEMPTS) throw new Error(`file ${original.sha256} was collected while being uploaded, ${attempt} times`);
    }
  }
}
