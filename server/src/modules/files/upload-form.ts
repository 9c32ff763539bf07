import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import { DomainError } from '../../common/domain-error';

/**
 * Reads the one file of a multipart upload form into memory, never more than
 * `maxBytes` of it: the parts are parsed as they stream in (busboy), and the
 * moment the file passes the limit the answer is 413 file_too_large, the
 * request is no longer read, and its connection is closed once the answer is
 * out (so a client that keeps sending is cut off instead of being drained).
 * A declared Content-Length far over the limit is refused before reading
 * anything. Other fields and other files are skipped.
 */

/** What a form may carry besides the file itself (part headers, boundaries, a few small fields). */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface UploadedPart {
  bytes: Buffer;
  /** As the client named it (informative only: the type is sniffed from the bytes). */
  filename?: string;
}

export function readUploadedFile(req: IncomingMessage, opts: { field: string; maxBytes: number }): Promise<UploadedPart> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(new DomainError('unsupported_media_type', `Send the file as multipart/form-data, in a field named "${opts.field}"`));
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes + MULTIPART_OVERHEAD_BYTES) {
    closeAfterAnswer(req);
    return Promise.reject(tooLarge(opts.maxBytes));
  }
  return new Promise<UploadedPart>((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({
        headers: req.headers,
        limits: { fileSize: opts.maxBytes, files: 1, fields: 20, fieldSize: 4096, parts: 40, headerPairs: 40 },
      });
    } catch (err) {
      reject(new DomainError('validation_failed', `The upload form cannot be read: ${(err as Error).message}`));
      return;
    }
    let settled = false;
    let file: UploadedPart | null = null;
    const fail = (error: DomainError) => {
      if (settled) return;
      settled = true;
      req.unpipe(form);
      closeAfterAnswer(req);
      reject(error);
    };
    form.on('file', (name, stream, info) => {
      if (name !== opts.field || file) {
        stream.resume();
        return;
      }
      const pieces: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (piece: Buffer) => {
        pieces.push(piece);
        bytes += piece.byteLength;
      });
      stream.on('limit', () => fail(tooLarge(opts.maxBytes)));
      stream.on('end', () => {
        if (!stream.truncated) file = { bytes: Buffer.concat(pieces, bytes), filename: info.filename };
      });
    });
    form.on('error', (err) => fail(new DomainError('validation_failed', `The upload form cannot be read: ${(err as Error).message}`)));
    form.on('close', () => {
      if (settled) return;
      settled = true;
      if (file) resolve(file);
      else reject(new DomainError('file_required', `The form has no file in a field named "${opts.field}"`));
    });
    req.on('error', () => fail(new DomainError('validation_failed', 'The upload was interrupted')));
    req.pipe(form);
  });
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('file_too_large', `The file is larger than ${formatBytes(maxBytes)}, the largest upload this hub accepts`);
}

function formatBytes(n: number): string {
  return n >= 1_048_576 ? `${Math.round((n / 1_048_576) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

/** The answer to a request whose body was not read to its end closes the connection, so Node does not go on reading (draining) it. */
export function closeAfterAnswer(req: IncomingMessage): void {
  const res = (req as IncomingMessage & { res?: ServerResponse }).res;
  if (res && !res.headersSent) res.setHeader('Connection', 'close');
}
