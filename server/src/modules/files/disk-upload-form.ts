import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import busboy from 'busboy';
import { DomainError } from '../../common/domain-error';
import { closeAfterAnswer, MULTIPART_OVERHEAD_BYTES } from './upload-form';

/** A multipart form whose one file was streamed to disk (hashed on the way, never held in memory), and its small fields. */
export interface DiskUploadForm {
  path: string;
  filename?: string;
  sha256: string;
  bytes: number;
  fields: Record<string, string>;
}

export interface DiskUploadOptions {
  /** Where the file goes: `dir/fileName`. */
  dir: string;
  fileName: string;
  /** The form field holding the file; other files are skipped. */
  fileField: string;
  /** The text fields kept; others are ignored. */
  keepFields: readonly string[];
  maxBytes: number;
  /** Named in the 413's message: "the largest <what> this hub accepts". */
  what: string;
  /** busboy's bounds on the text fields. */
  fieldLimits: { fields: number; fieldSize: number; parts: number };
}

/**
 * Reads an upload form for a large file (datasets, report media and
 * captions): the file streams to disk while its SHA-256 is computed. Not
 * multipart → 415; no file → 400 file_required; past `maxBytes` (declared or
 * streamed) → 413 file_too_large and the connection is closed once the answer
 * is out, so a client cannot keep sending.
 */
export function readUploadToDisk(req: IncomingMessage, opts: DiskUploadOptions): Promise<DiskUploadForm> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(new DomainError('unsupported_media_type', `Send the file as multipart/form-data, in a field named "${opts.fileField}"`));
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes + MULTIPART_OVERHEAD_BYTES) {
    closeAfterAnswer(req);
    return Promise.reject(fileTooLarge(opts.maxBytes, opts.what));
  }
  return new Promise<DiskUploadForm>((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: req.headers, limits: { fileSize: opts.maxBytes, files: 1, headerPairs: 40, ...opts.fieldLimits } });
    } catch (err) {
      reject(new DomainError('validation_failed', `The upload form cannot be read: ${(err as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let settled = false;
    let file: Promise<Omit<DiskUploadForm, 'fields'> | null> | null = null;
    const fail = (error: DomainError) => {
      if (settled) return;
      settled = true;
      req.unpipe(form);
      closeAfterAnswer(req);
      reject(error);
    };
    form.on('field', (name, value) => {
      if (opts.keepFields.includes(name)) fields[name] = value;
    });
    form.on('file', (name, stream, info) => {
      if (name !== opts.fileField || file) {
        stream.resume();
        return;
      }
      const path = join(opts.dir, opts.fileName);
      const out = createWriteStream(path);
      const hash = createHash('sha256');
      let bytes = 0;
      stream.on('data', (piece: Buffer) => {
        hash.update(piece);
        bytes += piece.byteLength;
      });
      stream.on('limit', () => fail(fileTooLarge(opts.maxBytes, opts.what)));
      stream.pipe(out);
      file = new Promise((done, failed) => {
        out.on('finish', () => done(stream.truncated ? null : { path, filename: info.filename, sha256: hash.digest('hex'), bytes }));
        out.on('error', failed);
      });
    });
    form.on('error', (err) => fail(new DomainError('validation_failed', `The upload form cannot be read: ${(err as Error).message}`)));
    form.on('close', () => {
      if (settled) return;
      if (!file) {
        settled = true;
        reject(new DomainError('file_required', `The form has no file in a field named "${opts.fileField}"`));
        return;
      }
      file.then(
        (f) => {
          if (settled) return;
          settled = true;
          if (f) resolve({ ...f, fields });
          else reject(fileTooLarge(opts.maxBytes, opts.what));
        },
        (err: Error) => fail(new DomainError('internal_error', `The upload could not be kept: ${err.message}`)),
      );
    });
    req.on('error', () => fail(new DomainError('validation_failed', 'The upload was interrupted')));
    req.pipe(form);
  });
}

export function fileTooLarge(maxBytes: number, what: string): DomainError {
  const size = maxBytes >= 1_073_741_824 ? `${Math.round((maxBytes / 1_073_741_824) * 10) / 10} GB` : `${Math.round((maxBytes / 1_048_576) * 10) / 10} MB`;
  return new DomainError('file_too_large', `The file is larger than ${size}, the largest ${what} this hub accepts`);
}
