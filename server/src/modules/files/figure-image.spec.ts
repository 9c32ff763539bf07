import sharp from 'sharp';
import { DomainError } from '../../common/domain-error';
import { prepareFigure, sniffFigureType } from './figure-image';

/** A small image with some structure (a gradient), in the given format. */
function image(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 251;
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (err instanceof DomainError) return `${err.statusCode} ${err.code}: ${err.message}`;
    throw err;
  }
}

describe('sniffFigureType', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
    ['gif', 'image/gif'],
    ['avif', 'image/avif'],
  ] as const)('accepts %s by its bytes', async (format, mime) => {
    const bytes = await image(32, 16).toFormat(format).toBuffer();
    expect(await sniffFigureType(bytes)).toBe(mime);
  });

  it('refuses HTML, text, SVG and other types with 415 unsupported_file_type (SVG by name)', async () => {
    const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');
    expect(await code(sniffFigureType(html))).toMatch(/^415 unsupported_file_type/);
    expect(await code(sniffFigureType(Buffer.from('just some text\n')))).toMatch(/^415 unsupported_file_type/);
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(await code(sniffFigureType(svg))).toMatch(/^415 unsupported_file_type: SVG images are not accepted/);
    expect(await code(sniffFigureType(Buffer.from('  <svg xmlns="http://www.w3.org/2000/svg"/>')))).toMatch(/SVG/);
    const tiff = await image(8, 8).tiff().toBuffer();
    expect(await code(sniffFigureType(tiff))).toMatch(/^415 unsupported_file_type: This file is image\/tiff/);
    expect(await code(sniffFigureType(Buffer.alloc(0)))).toMatch(/^415/);
  });
});

describe('prepareFigure', () => {
  it('drops EXIF (GPS included) and keeps the format and the pixel size', async () => {
    const withGps = await image(640, 400)
      .jpeg()
      .withExif({
        IFD0: { Copyright: 'someone' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
      })
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const out = await prepareFigure(withGps, 'image/jpeg');
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(out.bytes.includes(Buffer.from('someone'))).toBe(false);
    expect({ width: out.width, height: out.height }).toEqual({ width: 640, height: 400 });
  });

  it('turns a photo upright by its EXIF orientation before dropping it', async () => {
    // Orientation 6: the stored pixels are 300×200, the photo is shown 200×300.
    const sideways = await image(300, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const out = await prepareFigure(sideways, 'image/jpeg');
    const meta = await sharp(out.bytes).metadata();
    expect({ width: meta.width, height: meta.height, orientation: meta.orientation }).toEqual({ width: 200, height: 300, orientation: undefined });
  });

  it('makes WebP variants narrower than the image only (never upscaled)', async () => {
    const wide = await prepareFigure(await image(1200, 600).png().toBuffer(), 'image/png');
    expect(wide.variants.map((v) => [v.width, v.height])).toEqual([
      [480, 240],
      [960, 480],
    ]);
    for (const v of wide.variants) expect((await sharp(v.bytes).metadata()).format).toBe('webp');
    const small = await prepareFigure(await image(300, 100).png().toBuffer(), 'image/png');
    expect(small.variants).toEqual([]);
  });

  it('keeps an animated GIF animated, with the height of one frame', async () => {
    // Two frames of 20×10 (white, then black) stacked in one raw strip.
    const frames = Buffer.concat([Buffer.alloc(20 * 10 * 4, 255), Buffer.alloc(20 * 10 * 4, 0)]);
    const animated = await sharp(frames, { raw: { width: 20, height: 20, channels: 4, pageHeight: 10 } })
      .gif({ loop: 0 })
      .toBuffer();
    expect((await sharp(animated, { animated: true }).metadata()).pages).toBe(2);
    const out = await prepareFigure(animated, 'image/gif');
    const meta = await sharp(out.bytes, { animated: true }).metadata();
    expect(meta.pages).toBe(2);
    expect({ width: out.width, height: out.height }).toEqual({ width: 20, height: 10 });
  });

  it('refuses bytes that sniff as an image but do not decode (415)', async () => {
    const png = await image(64, 64).png().toBuffer();
    expect(await code(prepareFigure(png.subarray(0, 60), 'image/png'))).toMatch(/^415 unsupported_file_type: This image could not be decoded/);
  });
});
