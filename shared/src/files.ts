/**
 * Files (issue 11): figures uploaded to an entry, stored content-addressed.
 *
 * `POST /api/entries/:id/files` (multipart, field `file`) answers an
 * UploadedFileDto. A file's address is `/files/<sha256>`: the SHA-256 of the
 * bytes stored (for an image, the re-encode without metadata, not the bytes
 * sent), so the same file is one address whichever entry it was uploaded to.
 * Images also have smaller WebP variants at `/files/<sha256>?w=<width>`.
 */

/** Where files are served; `/files/<sha256>` and `/files/<sha256>?w=<width>`. */
export const FILES_PATH = '/files';

/** Widths (CSS pixels) of the WebP variants made of an image; only those narrower than the image exist (never upscaled). */
export const FILE_VARIANT_WIDTHS = [480, 960, 1600] as const;
export type FileVariantWidth = (typeof FILE_VARIANT_WIDTHS)[number];

/** What an upload may be (sniffed from its bytes, not taken from its name or declared type). SVG is refused: it can carry scripts. */
export const FIGURE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif'] as const;
export type FigureMimeType = (typeof FIGURE_MIME_TYPES)[number];

/** The form field that carries the file. */
export const UPLOAD_FIELD = 'file';

export interface FileVariantDto {
  width: number;
  height: number;
  /** `/files/<sha256 of the original>?w=<width>` (image/webp). */
  url: string;
  bytes: number;
}

/** The answer to an upload (201). */
export interface UploadedFileDto {
  /** The upload's id (one per entry and file: uploading the same file to the same entry again answers the same id). */
  id: string;
  /** `/files/<sha256>`: public, immutable, cacheable forever. */
  url: string;
  sha256: string;
  mime: FigureMimeType;
  bytes: number;
  width?: number;
  height?: number;
  /** Smaller WebP copies, narrowest first (empty when the image is at most 480 pixels wide): for `srcset`. */
  variants: FileVariantDto[];
}

/** `/files/<sha256>`, or one of its variants. */
export function fileUrl(sha256: string, width?: number): string {
  return width === undefined ? `${FILES_PATH}/${sha256}` : `${FILES_PATH}/${sha256}?w=${width}`;
}

/** A `srcset` value for an uploaded image: its variants and the original at its own width. */
export function fileSrcset(file: Pick<UploadedFileDto, 'url' | 'width' | 'variants'>): string {
  const parts = file.variants.map((v) => `${v.url} ${v.width}w`);
  if (file.width) parts.push(`${file.url} ${file.width}w`);
  return parts.join(', ');
}
