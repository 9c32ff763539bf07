import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { toErrorBody } from '../../common/http-error.filter';
import { setBaseSecurityHeaders } from '../../common/security-headers';
import { PageCache } from './page-cache';
import { siteContext, type SiteContext } from './site-context';

/**
 * Every public answer (pages, feed, sitemap, stylesheet, public JSON) goes
 * through here: one lookup in the page cache, a strong ETag answered with 304,
 * short public caching, and the strict Content-Security-Policy (no script at
 * all), which replaces the workspace's policy set by the app-wide middleware.
 */
export const STRICT_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export type AnswerType = 'html' | 'json' | 'atom' | 'xml' | 'css';

const CONTENT_TYPES: Record<AnswerType, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** What a renderer returns. */
export interface PublicAnswer {
  status: number;
  type: AnswerType;
  body: string;
}

/** How long an answer is kept here (ttlMs) and what browsers and proxies are told. */
export interface CachePolicy {
  ttlMs: number;
  cacheControl: string;
}

/**
 * Pages: a minute here and in browsers. The in-memory TTL also bounds how
 * stale another replica can be, since publicationChanged clears only the
 * cache of the instance it runs on.
 */
export const PAGE_POLICY: CachePolicy = { ttlMs: 60_000, cacheControl: 'public, max-age=60, stale-while-revalidate=300' };
export const SEARCH_POLICY: CachePolicy = { ttlMs: 30_000, cacheControl: 'public, max-age=30' };
/** The stylesheet is linked with ?v=<hash>: a new version has a new URL. */
export const ASSET_POLICY: CachePolicy = { ttlMs: 24 * 3_600_000, cacheControl: 'public, max-age=31536000, immutable' };

/** Errors and 404 pages: kept here like the rest (cleared on publication), but browsers re-ask soon, so a newly published entry is not hidden behind a cached 404. */
const ERROR_CACHE_CONTROL = 'public, max-age=10';

const CACHE_MAX_ITEMS = 2_000;
const CACHE_MAX_BYTES = 64 * 1_048_576;

interface PreparedAnswer {
  status: number;
  contentType: string;
  cacheControl: string;
  vary: string | null;
  contentLanguage: string | null;
  etag: string;
  body: Buffer;
}

export interface AnswerOptions {
  /** Query parameters the answer depends on (all others are ignored, and cannot multiply cache entries). */
  query?: readonly string[];
  policy?: CachePolicy;
  /** False for answers that are the same in every language (feed, sitemap, stylesheet). */
  localized?: boolean;
}

@Injectable()
export class PublicResponder {
  private readonly cache = new PageCache<PreparedAnswer>({ maxItems: CACHE_MAX_ITEMS, maxBytes: CACHE_MAX_BYTES }, (a) => a.body.length + 512);

  /**
   * Exact request (method, origin, language, URL) → key of the cached answer
   * it got. Lets `fastPath` answer a repeated request before Nest's routing,
   * guards and pipes, which cost more than the cached answer itself.
   */
  private readonly fastKeys = new Map<string, string>();

  /**
   * Express middleware, mounted before Nest's routes: a request whose exact
   * twin was answered from the cache and is still fresh gets the same bytes
   * (and 304s) at once; anything else goes on to the controllers.
   */
  readonly fastPath = (req: Request, res: Response, next: () => void): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const key = this.fastKeys.get(fastKeyOf(req));
    const answer = key === undefined ? undefined : this.cache.peek(key);
    if (!answer) return next();
    write(req, res, answer);
  };

  private remember(req: Request, key: string): void {
    if (this.fastKeys.size >= FAST_KEYS_MAX) this.fastKeys.clear();
    this.fastKeys.set(fastKeyOf(req), key);
  }

  /** Forgets every cached answer (publication changed). */
  clear(): void {
    this.cache.clear();
    this.fastKeys.clear();
  }

  /** A page (or feed, sitemap, stylesheet) rendered for the reader's language and the request's origin. */
  async page(req: Request, res: Response, render: (ctx: SiteContext) => Promise<PublicAnswer>, options: AnswerOptions = {}): Promise<void> {
    const localized = options.localized ?? true;
    const ctx: SiteContext = localized ? siteContext(req) : { ...siteContext(req), lang: 'en', langExplicit: false };
    const policy = options.policy ?? PAGE_POLICY;
    const key = ['page', ctx.origin, localized ? `${ctx.lang}${ctx.langExplicit ? '!' : ''}` : '-', req.path, queryKey(req, options.query)].join('\n');
    const answer = await this.cache.getOrRender(key, policy.ttlMs, async () =>
      prepare(await render(ctx), policy, localized ? { vary: 'Accept-Language', language: ctx.lang } : null),
    );
    this.remember(req, key);
    write(req, res, answer);
  }

  /** An answer of the public JSON API; its domain errors (404 entry_not_found, 400 validation_failed…) are cached answers too. */
  async json(req: Request, res: Response, produce: () => Promise<unknown>, options: AnswerOptions = {}): Promise<void> {
    const policy = options.policy ?? PAGE_POLICY;
    const key = ['json', req.path, queryKey(req, options.query)].join('\n');
    const answer = await this.cache.getOrRender(key, policy.ttlMs, async () => {
      try {
        return prepare({ status: 200, type: 'json', body: JSON.stringify(await produce()) }, policy, null);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err; // a real failure: the global filter answers 500, nothing is cached
        const body = toErrorBody(err);
        return prepare({ status: body.statusCode, type: 'json', body: JSON.stringify(body) }, policy, null);
      }
    });
    this.remember(req, key);
    write(req, res, answer);
  }
}

const FAST_KEYS_MAX = 20_000;

/** Everything an answer may depend on: the language a reader negotiates, the origin links are built from, the whole URL. */
function fastKeyOf(req: Request): string {
  const ctx = siteContext(req);
  return `${ctx.origin}\n${ctx.lang}${ctx.langExplicit ? '!' : ''}\n${req.originalUrl}`;
}

function queryKey(req: Request, names: readonly string[] = []): string {
  return names.map((n) => `${n}=${JSON.stringify(req.query[n] ?? null)}`).join('&');
}

function prepare(answer: PublicAnswer, policy: CachePolicy, localized: { vary: string; language: string } | null): PreparedAnswer {
  const body = Buffer.from(answer.body, 'utf8');
  return {
    status: answer.status,
    contentType: CONTENT_TYPES[answer.type],
    cacheControl: answer.status === 200 ? policy.cacheControl : ERROR_CACHE_CONTROL,
    vary: localized?.vary ?? null,
    contentLanguage: localized && answer.type === 'html' ? localized.language : null,
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    body,
  };
}

function write(req: Request, res: Response, a: PreparedAnswer): void {
  setBaseSecurityHeaders(res);
  res.setHeader('Content-Security-Policy', STRICT_CSP);
  res.setHeader('Cache-Control', a.cacheControl);
  res.setHeader('ETag', a.etag);
  if (a.vary) res.setHeader('Vary', a.vary);
  if (a.status === 200 && etagMatches(req.get('if-none-match'), a.etag)) {
    res.status(304).end();
    return;
  }
  res.status(a.status);
  res.setHeader('Content-Type', a.contentType);
  res.setHeader('Content-Length', a.body.length);
  if (a.contentLanguage) res.setHeader('Content-Language', a.contentLanguage);
  res.end(req.method === 'HEAD' ? undefined : a.body);
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored, * matches anything. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
