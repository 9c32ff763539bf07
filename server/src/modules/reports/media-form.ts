import type { IncomingMessage } from 'node:http';
import { REPORT_UPLOAD_FIELDS } from '@knowledge-hub/shared';
import { type DiskUploadForm, fileTooLarge, readUploadToDisk } from '../files/disk-upload-form';

/**
 * Reads a report's upload form (media, or a caption file with its
 * `language`): the file streams to `dir/upload` while its SHA-256 is
 * computed, never held in memory. Bounds and errors: readUploadToDisk.
 */
export function readReportUpload(req: IncomingMessage, opts: { dir: string; maxBytes: number; what: string }): Promise<DiskUploadForm> {
  return readUploadToDisk(req, {
    dir: opts.dir,
    fileName: 'upload',
    fileField: REPORT_UPLOAD_FIELDS.file,
    keepFields: [REPORT_UPLOAD_FIELDS.language],
    maxBytes: opts.maxBytes,
    what: opts.what,
    fieldLimits: { fields: 5, fieldSize: 1024, parts: 10 },
  });
}

export { fileTooLarge as tooLarge };
