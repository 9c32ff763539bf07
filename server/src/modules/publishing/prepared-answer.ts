import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Response } from 'express';
import { type ContentCoding, negotiateCoding } from '../../common/content-coding';
import { setBaseSecurityHeaders } from '../../common/security-headers';

/**
 * A public answer ready to be written: its body bytes, its strong ETag and
 * every header precomputed once, when it is rendered, so that serving it from
 * the cache is one writeHead and one end (whether Nest routed the request or
 * the fast path caught it first).
 */

/**
 * No script at all; replaces the workspace's policy set by the app-wide middleware. `connect-src 'self'`
 * lets nothing connect (there is no script to do it) but tools that fetch in the page's context: Lighthouse
 * reads /robots.txt that way and, refused, failed its robots-txt audit on every public page.
 */
export const STRICT_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; media-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export type AnswerType = 'html' | 'json' | 'atom' | 'rss' | 'xml' | 'css' | 'bibtex' | 'ris' | 'csl-json' | 'markdown' | 'text';

const CONTENT_TYPES: Record<AnswerType, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  css: 'text/css; charset=utf-8',
  bibtex: 'application/x-bibtex; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
  'csl-json': 'application/vnd.citationstyles.csl+json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

/** What a renderer returns. */
export interface PublicAnswer {
  status: number;
  type: AnswerType;
  body: string;
  /** A download: sent with Content-Disposition: attachment under this name (ASCII). */
  filename?: string;
}

export interface PreparedAnswer extends Representation {
  status: number;
  /** Text worth compressing: sent with `Vary: Accept-Encoding`, as br or gzip to whoever accepts it. */
  compressible: boolean;
  /** Compressed representations, made on the first request that accepts each and kept with the answer. */
  encoded: Partial<Record<ContentCoding, Representation>>;
}

/** One representation of an answer: its bytes, strong ETag and headers. */
export interface Representation {
  etag: string;
  body: Buffer;
  /** Header names and values in one flat list (what writeHead takes), for the full answer and for a 304. */
  headers: string[];
  notModifiedHeaders: string[];
}

/** Below this, compression saves less than a packet. */
const COMPRESS_MIN_BYTES = 1_024;
const COMPRESSIBLE: ReadonlySet<AnswerType> = new Set(['html', 'json', 'atom', 'rss', 'xml', 'css', 'bibtex', 'ris', 'csl-json', 'markdown', 'text']);
/** Cheap levels: a page is compressed once per cache fill, on the request that missed (brotli 5 ≈ gzip 9 in size, faster). */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;
const ETAG_SUFFIX: Record<ContentCoding, string> = { br: '-br', gzip: '-gz' };

/** The headers every answer carries (common/security-headers.ts), as a flat list. */
const BASE_HEADERS: string[] = [];
setBaseSecurityHeaders({ setHeader: (name: string, value: string) => BASE_HEADERS.push(name, value) } as unknown as Response);

export interface AnswerHeaders {
  cacheControl: string;
  /** Set for answers that depend on the reader's language. */
  vary?: string;
  contentLanguage?: string;
}

export function prepare(answer: PublicAnswer, h: AnswerHeaders): PreparedAnswer {
  const body = Buffer.from(answer.body, 'utf8');
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  const compressible = COMPRESSIBLE.has(answer.type) && body.length >= COMPRESS_MIN_BYTES;
  const vary = [h.vary, compressible ? 'Accept-Encoding' : undefined].filter(Boolean).join(', ');
  const notModifiedHeaders = [...BASE_HEADERS, 'Content-Security-Policy', STRICT_CSP, 'Cache-Control', h.cacheControl, 'ETag', etag];
  if (vary) notModifiedHeaders.push('Vary', vary);
  const headers = [...notModifiedHeaders, 'Content-Type', CONTENT_TYPES[answer.type], 'Content-Length', String(body.length)];
  if (h.contentLanguage) headers.push('Content-Language', h.contentLanguage);
  if (answer.filename && answer.status === 200)
    headers.push('Content-Disposition', `attachment; filename="${answer.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  return { status: answer.status, etag, body, headers, notModifiedHeaders, compressible, encoded: {} };
}

/** The answer in `coding`: compressed once, then kept with the answer (so with its cache entry). */
function encodedRepresentation(a: PreparedAnswer, coding: ContentCoding): Representation {
  const known = a.encoded[coding];
  if (known) return known;
  const body =
    coding === 'br'
      ? brotliCompressSync(a.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: a.body.length } })
      : gzipSync(a.body, { level: GZIP_LEVEL });
  // A strong ETag names one representation: each coding gets its own.
  const etag = `${a.etag.slice(0, -1)}${ETAG_SUFFIX[coding]}"`;
  const swap = (list: string[]) => list.map((value, i) => (i % 2 === 1 && list[i - 1] === 'ETag' ? etag : value));
  const headers = swap(a.headers).map((value, i, list) => (i % 2 === 1 && list[i - 1] === 'Content-Length' ? String(body.length) : value));
  headers.push('Content-Encoding', coding);
  const representation = { etag, body, headers, notModifiedHeaders: swap(a.notModifiedHeaders) };
  a.encoded[coding] = representation;
  return representation;
}

/**
 * Writes the answer (compressed when it is text and the client accepts it),
 * or a 304 when a 200's ETag matches If-None-Match. Headers set earlier (by
 * Express middlewares) are overridden where they clash.
 */
export function sendAnswer(req: IncomingMessage, res: ServerResponse, a: PreparedAnswer): void {
  const coding = a.compressible ? negotiateCoding(req.headers['accept-encoding']) : null;
  const r = coding ? encodedRepresentation(a, coding) : a;
  if (a.status === 200 && etagMatches(req.headers['if-none-match'], r.etag)) {
    res.writeHead(304, r.notModifiedHeaders);
    res.end();
    return;
  }
  res.writeHead(a.status, r.headers);
  res.end(req.method === 'HEAD' ? undefined : r.body);
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored, * matches anything. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
