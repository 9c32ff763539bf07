import type { IncomingMessage } from 'node:http';
import { DATASET_UPLOAD_FIELDS } from '@knowledge-hub/shared';
import { type DiskUploadForm, readUploadToDisk } from '../files/disk-upload-form';

/**
 * Reads a dataset upload form: the file streams to `dir/upload.csv` while its
 * SHA-256 is computed (a 100 MB file never sits in memory); the small fields
 * (`note`, `types`, `key`) are kept. Bounds and errors: readUploadToDisk.
 */
export function readDatasetUpload(req: IncomingMessage, opts: { dir: string; maxBytes: number }): Promise<DiskUploadForm> {
  return readUploadToDisk(req, {
    dir: opts.dir,
    fileName: 'upload.csv',
    fileField: DATASET_UPLOAD_FIELDS.file,
    keepFields: Object.values(DATASET_UPLOAD_FIELDS),
    maxBytes: opts.maxBytes,
    what: 'dataset',
    fieldLimits: { fields: 10, fieldSize: 65_536, parts: 20 },
  });
}
