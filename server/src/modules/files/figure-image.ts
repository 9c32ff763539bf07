import sharp from 'sharp';
import { FIGURE_MIME_TYPES, FILE_VARIANT_WIDTHS, type FigureMimeType } from '@knowledge-hub/shared';
import { DomainError } from '../../common/domain-error';
import { lazyEsm } from '../../common/esm-import';

/**
 * What an uploaded figure becomes before it is stored: its type sniffed from
 * its bytes (never from its name or declared type), then re-encoded in the
 * same format without any metadata — EXIF (GPS position, camera serial
 * numbers), XMP, IPTC, ICC (converted to sRGB) and comments — after turning
 * it upright by its EXIF orientation. What is stored and served as "the
 * original" is this re-encode, so the metadata never leaves the server.
 * Smaller WebP copies are made for `srcset`, never wider than the image.
 */

const fileType = lazyEsm(() => import('file-type'));

/** Re-encoding quality: high, since figures are often charts with fine lines and text. */
const JPEG_QUALITY = 90;
const WEBP_QUALITY = 90;
const AVIF_QUALITY = 60;
const VARIANT_WEBP_QUALITY = 80;

/** Formats that may hold several frames (animations), kept animated. */
const ANIMATABLE = new Set<FigureMimeType>(['image/gif', 'image/webp']);

export interface EncodedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

export interface FigureImage extends EncodedImage {
  mime: FigureMimeType;
  /** WebP copies at FILE_VARIANT_WIDTHS narrower than the image, narrowest first. */
  variants: EncodedImage[];
}

/** The figure type of these bytes, or 415 unsupported_file_type (SVG named as such, since people will ask). */
export async function sniffFigureType(bytes: Uint8Array): Promise<FigureMimeType> {
  const { fileTypeFromBuffer } = await fileType();
  const found = await fileTypeFromBuffer(bytes);
  // An animated PNG is a PNG (its first frame is what gets stored).
  const mime = found?.mime === 'image/apng' ? 'image/png' : found?.mime;
  if (mime && (FIGURE_MIME_TYPES as readonly string[]).includes(mime)) return mime as FigureMimeType;
  if (looksLikeSvg(bytes)) {
    throw new DomainError('unsupported_file_type', 'SVG images are not accepted (they can carry scripts): export the figure as PNG or WebP');
  }
  throw new DomainError(
    'unsupported_file_type',
    `${found ? `This file is ${found.mime}: ` : 'This file is not an image this hub accepts: '}upload a PNG, JPEG, WebP, GIF or AVIF image`,
  );
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'));
}

/** Strips and re-encodes the image, and makes its variants; an image that does not decode is 415. */
export async function prepareFigure(bytes: Buffer, mime: FigureMimeType): Promise<FigureImage> {
  const input = { animated: ANIMATABLE.has(mime) };
  let original: EncodedImage;
  try {
    const meta = await sharp(bytes, input).metadata();
    let pipeline = sharp(bytes, input);
    // Upright by its EXIF orientation, since the orientation tag goes with the rest of the metadata.
    if ((meta.pages ?? 1) === 1 && meta.orientation !== undefined && meta.orientation !== 1) pipeline = pipeline.rotate();
    original = await encoded(reencode(pipeline, mime));
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('unsupported_file_type', `This image could not be decoded (${(err as Error).message})`);
  }
  const variants: EncodedImage[] = [];
  for (const width of FILE_VARIANT_WIDTHS) {
    if (width >= original.width) break;
    variants.push(await encoded(sharp(original.bytes, input).resize({ width }).webp({ quality: VARIANT_WEBP_QUALITY })));
  }
  return { ...original, mime, variants };
}

/** The same format again; sharp writes no metadata unless asked to (withMetadata / keepExif), and nothing here asks. */
function reencode(pipeline: sharp.Sharp, mime: FigureMimeType): sharp.Sharp {
  switch (mime) {
    case 'image/jpeg':
      return pipeline.jpeg({ quality: JPEG_QUALITY });
    case 'image/png':
      return pipeline.png();
    case 'image/webp':
      return pipeline.webp({ quality: WEBP_QUALITY });
    case 'image/gif':
      return pipeline.gif();
    case 'image/avif':
      return pipeline.avif({ quality: AVIF_QUALITY });
  }
}

async function encoded(pipeline: sharp.Sharp): Promise<EncodedImage> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  // For an animation, height is that of one frame.
  return { bytes: data, width: info.width, height: info.pageHeight ?? info.height };
}
