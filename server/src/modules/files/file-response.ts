import type { ByteRange } from './file-store';

/**
 * HTTP semantics of serving a stored file, as pure functions: which part of
 * it a Range header asks for, whether If-None-Match already has it, and the
 * headers every file answer carries.
 */

export type RangeAnswer = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * RFC 9110 §14.1.2, for one range: `bytes=a-b`, `bytes=a-` and `bytes=-n`.
 * Anything this server does not serve as a part (no header, another unit, a
 * malformed value, several ranges) answers the whole file, which the RFC
 * allows; a range that starts beyond the end (or a zero-length suffix) is
 * unsatisfiable (416).
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'full' };
  const m = SINGLE_RANGE.exec(header.replace(/\s+/g, ''));
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'full' };
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Number.POSITIVE_INFINITY : Number(m[2]);
  if (last < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end: Math.min(last, size - 1) } };
}

/** The strong ETag of a blob: its SHA-256, which is what content addressing makes it anyway. */
export function etagOf(sha256: string): string {
  return `"${sha256}"`;
}

/** If-None-Match (weak comparison, as RFC 9110 §13.1.2 asks): true when the caller has this version. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** If-Range: a Range applies only when the validator names this version (a date never does: blobs have no dates). */
export function rangeApplies(ifRange: string | undefined, etag: string): boolean {
  return ifRange === undefined || ifRange.trim() === etag;
}

/**
 * Headers of every file answer (200, 206, 304, 416). An uploaded file is
 * someone else's bytes served from our origin, so it must never act as a
 * page: its exact sniffed type with nosniff, `inline` only for images, and a
 * CSP that forbids everything (scripts, plugins, even same-origin requests)
 * and sandboxes it should a browser render it as a document anyway.
 */
export function fileHeaders(mime: string, sha256: string): Record<string, string> {
  return {
    'Content-Type': mime,
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': mime.startsWith('image/') ? 'inline' : 'attachment',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    // Content-addressed: these bytes never change under this address.
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: etagOf(sha256),
    'Accept-Ranges': 'bytes',
  };
}
