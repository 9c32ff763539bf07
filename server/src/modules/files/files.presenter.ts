import { fileUrl, type UploadedFileDto } from '@knowledge-hub/shared';
import type { UploadRow, VariantRow } from './files.repository';

export function toUploadedFileDto(upload: UploadRow, variants: VariantRow[]): UploadedFileDto {
  return {
    id: upload.id,
    url: fileUrl(upload.sha256),
    sha256: upload.sha256,
    mime: upload.mime,
    bytes: upload.bytes,
    ...(upload.width !== null && upload.height !== null ? { width: upload.width, height: upload.height } : {}),
    variants: variants
      .filter((v) => v.sha256 === upload.sha256)
      .sort((a, b) => a.width - b.width)
      .map((v) => ({ width: v.width, height: v.height, url: fileUrl(v.sha256, v.width), bytes: v.bytes })),
  };
}
