import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import busboy from 'busboy';
import { REPORT_UPLOAD_FIELDS } from '@knowledge-hub/shared';
import { DomainError } from '../../common/domain-error';
import { closeAfterAnswer, MULTIPART_OVERHEAD_BYTES } from '../files/upload-form';

/**
 * Reads a report's upload form (media, or a caption file with its
 * `language`): the file streams to `dir/upload` while its SHA-256 is
 * computed, never held in memory. Past `maxBytes`: 413 file_too_large and the
 * connection is closed once the answer is out.
 */
export interface ReportUploadForm {
  path: string;
  sha256: string;
  bytes: number;
  fields: Record<string, string>;
}

export function readReportUpload(req: IncomingMessage, opts: { dir: string; maxBytes: number; what: string }): Promise<ReportUploadForm> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(new DomainError('unsupported_media_type', `Send the file as multipart/form-data, in a field named "${REPORT_UPLOAD_FIELDS.file}"`));
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes + MULTIPART_OVERHEAD_BYTES) {
    closeAfterAnswer(req);
    return Promise.reject(tooLarge(opts.maxBytes, opts.what));
  }
  return new Promise<ReportUploadForm>((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: req.headers, limits: { fileSize: opts.maxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 10, headerPairs: 40 } });
    } catch (err) {
      reject(new DomainError('validation_failed', `The upload form cannot be read: ${(err as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let settled = false;
    let file: Promise<Omit<ReportUploadForm, 'fields'> | null> | null = null;
    const fail = (error: DomainError) => {
      if (settled) return;
      settled = true;
      req.unpipe(form);
      closeAfterAnswer(req);
      reject(error);
    };
    form.on('field', (name, value) => {
      if (name === REPORT_UPLOAD_FIELDS.language) fields[name] = value;
    });
    form.on('file', (name, stream) => {
      if (name !== REPORT_UPLOAD_FIELDS.file || file) {
        stream.resume();
        return;
      }
      const path = join(opts.dir, 'upload');
      const out = createWriteStream(path);
      const hash = createHash('sha256');
      let bytes = 0;
      stream.on('data', (piece: Buffer) => {
        hash.update(piece);
        bytes += piece.byteLength;
      });
      stream.on('limit', () => fail(tooLarge(opts.maxBytes, opts.what)));
      stream.pipe(out);
      file = new Promise((done, failed) => {
        out.on('finish', () => done(stream.truncated ? null : { path, sha256: hash.digest('hex'), bytes }));
        out.on('error', failed);
      });
    });
    form.on('error', (err) => fail(new DomainError('validation_failed', `The upload form cannot be read: ${(err as Error).message}`)));
    form.on('close', () => {
      if (settled) return;
      if (!file) {
        settled = true;
        reject(new DomainError('file_required', `The form has no file in a field named "${REPORT_UPLOAD_FIELDS.file}"`));
        return;
      }
      file.then(
        (f) => {
          if (settled) return;
          settled = true;
          if (f) resolve({ ...f, fields });
          else reject(tooLarge(opts.maxBytes, opts.what));
        },
        (err: Error) => fail(new DomainError('internal_error', `The upload could not be kept: ${err.message}`)),
      );
    });
    req.on('error', () => fail(new DomainError('validation_failed', 'The upload was interrupted')));
    req.pipe(form);
  });
}

export function tooLarge(maxBytes: number, what: string): DomainError {
  const size = maxBytes >= 1_073_741_824 ? `${Math.round((maxBytes / 1_073_741_824) * 10) / 10} GB` : `${Math.round((maxBytes / 1_048_576) * 10) / 10} MB`;
  return new DomainError('file_too_large', `The file is larger than ${size}, the largest ${what} this hub accepts`);
}
