import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { DomainError } from '../../common/domain-error';
import { toErrorBody } from '../../common/http-error.filter';
import { requestKey, type TrustProxy } from './fast-path';
import { ReachHook } from '../reach/reach-hook.service';
import { PageCache } from './page-cache';
import { prepare, sendAnswer, type AnswerHeaders, type PreparedAnswer, type PublicAnswer } from './prepared-answer';
import { siteContext, type SiteContext } from './site-context';

/** How long an answer is kept here (ttlMs) and what browsers and proxies are told. */
export interface CachePolicy {
  ttlMs: number;
  cacheControl: string;
}

/**
 * Pages: a minute here; browsers and proxies keep them but revalidate every
 * time (no-cache + the strong ETag, answered with a cheap 304 from this
 * cache), so a reader sees an approval at once. Publication changes clear the
 * cache of every instance (PublicationBroadcast); the TTL bounds how stale a
 * page can be if such a signal is lost.
 */
export const PAGE_POLICY: CachePolicy = { ttlMs: 60_000, cacheControl: 'public, no-cache' };
export const SEARCH_POLICY: CachePolicy = { ttlMs: 30_000, cacheControl: 'public, max-age=30' };
/** The stylesheet is linked with ?v=<hash>: a new version has a new URL. */
export const ASSET_POLICY: CachePolicy = { ttlMs: 24 * 3_600_000, cacheControl: 'public, max-age=31536000, immutable' };

/** Errors and 404 pages: kept here like the rest (cleared on publication), but browsers re-ask soon, so a newly published entry is not hidden behind a cached 404. */
const ERROR_CACHE_CONTROL = 'public, max-age=10';

const CACHE_MAX_ITEMS = 2_000;
const CACHE_MAX_BYTES = 64 * 1_048_576;
/** Bookkeeping per answer besides its body (headers, ETag, the entry itself). */
const ANSWER_OVERHEAD_BYTES = 1_024;

/** Request keys of the fast path hold raw headers (Accept-Language, Host): bounded in bytes, not only in count. */
const FAST_KEYS_MAX = 20_000;
const FAST_KEYS_MAX_BYTES = 16 * 1_048_576;

export interface AnswerOptions {
  /** Query parameters the answer depends on (all others are ignored, and cannot multiply cache entries). */
  query?: readonly string[];
  policy?: CachePolicy;
  /** False for answers that are the same in every language (feed, sitemap, stylesheet). */
  localized?: boolean;
}

/**
 * Every public answer (pages, feed, sitemap, stylesheet, public JSON) goes
 * through here: one lookup in the page cache, a strong ETag answered with 304,
 * short public caching, and the strict Content-Security-Policy (no script at
 * all), which replaces the workspace's policy set by the app-wide middleware.
 * Repeated requests are answered before Nest by the fast path (fast-path.ts)
 * from the same cache.
 */
@Injectable()
export class PublicResponder {
  private readonly cache = new PageCache<PreparedAnswer>(
    { maxItems: CACHE_MAX_ITEMS, maxBytes: CACHE_MAX_BYTES },
    // Compressed copies (made on demand, see sendAnswer) are counted ahead: text compresses to well under half.
    (a) => a.body.length + (a.compressible ? a.body.length >> 1 : 0) + ANSWER_OVERHEAD_BYTES,
  );

  /**
   * Request key (see fast-path.ts: the raw URL, Host, Accept-Language and
   * trusted X-Forwarded-Proto) → key of the cached answer that request got
   * through Nest. Lets the fast path answer an identical request before
   * Express and Nest see it; the answer itself is still looked up in `cache`,
   * so expiry and clear() apply to both paths alike.
   */
  private readonly requestKeys = new LRUCache<string, string>({
    max: FAST_KEYS_MAX,
    maxSize: FAST_KEYS_MAX_BYTES,
    sizeCalculation: (cacheKey, requestKey) => 2 * (cacheKey.length + requestKey.length) + 64,
  });

  /** Express' compiled "trust proxy" function, once the fast path is installed (until then, nothing is remembered for it). */
  private trust: TrustProxy | null = null;

  /** Told of every page answer written, by either path (readership counting, after the answer is sent). */
  constructor(private readonly reach: ReachHook) {}

  /** Called by installFastPath. */
  enableFastPath(trust: TrustProxy): void {
    this.trust = trust;
  }

  /**
   * The fast path: answers a GET or HEAD whose identical twin was answered
   * through Nest and is still cached. False: nothing was written, let Nest route it.
   */
  answerFromCache(req: IncomingMessage, res: ServerResponse): boolean {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !this.trust) return false;
    const cacheKey = this.requestKeys.get(requestKey(req, this.trust));
    const answer = cacheKey === undefined ? undefined : this.cache.get(cacheKey);
    if (!answer) return false;
    sendAnswer(req, res, answer);
    this.reach.answered(req, answer.status, this.trust);
    return true;
  }

  /** Forgets every cached answer (publication changed). */
  clear(): void {
    this.cache.clear();
    this.requestKeys.clear();
  }

  /** A page (or feed, sitemap, stylesheet) rendered for the reader's language and the request's origin. */
  async page(req: Request, res: Response, render: (ctx: SiteContext) => Promise<PublicAnswer>, options: AnswerOptions = {}): Promise<void> {
    const localized = options.localized ?? true;
    const ctx: SiteContext = localized ? siteContext(req) : { ...siteContext(req), lang: 'en', langExplicit: false };
    const policy = options.policy ?? PAGE_POLICY;
    const key = ['page', ctx.origin, localized ? `${ctx.lang}${ctx.langExplicit ? '!' : ''}` : '-', req.path, queryKey(req, options.query)].join('\n');
    const answer = await this.cache.getOrRender(key, policy.ttlMs, async () => {
      const rendered = await render(ctx);
      return prepare(rendered, headersFor(rendered, policy, localized ? ctx.lang : null));
    });
    this.remember(req, key);
    sendAnswer(req, res, answer);
    this.reach.answered(req, answer.status, this.trust);
  }

  /** An answer of the public JSON API; its domain errors (404 entry_not_found, 400 validation_failed…) are cached answers too. */
  async json(req: Request, res: Response, produce: () => Promise<unknown>, options: AnswerOptions = {}): Promise<void> {
    const policy = options.policy ?? PAGE_POLICY;
    const key = ['json', req.path, queryKey(req, options.query)].join('\n');
    const answer = await this.cache.getOrRender(key, policy.ttlMs, async () => {
      let rendered: PublicAnswer;
      try {
        rendered = { status: 200, type: 'json', body: JSON.stringify(await produce()) };
      } catch (err) {
        if (!(err instanceof DomainError)) throw err; // a real failure: the global filter answers 500, nothing is cached
        const body = toErrorBody(err);
        rendered = { status: body.statusCode, type: 'json', body: JSON.stringify(body) };
      }
      return prepare(rendered, headersFor(rendered, policy, null));
    });
    this.remember(req, key);
    sendAnswer(req, res, answer);
  }

  private remember(req: Request, cacheKey: string): void {
    if (this.trust) this.requestKeys.set(requestKey(req, this.trust), cacheKey);
  }
}

function headersFor(answer: PublicAnswer, policy: CachePolicy, language: string | null): AnswerHeaders {
  return {
    cacheControl: answer.status === 200 ? policy.cacheControl : ERROR_CACHE_CONTROL,
    vary: language ? 'Accept-Language' : undefined,
    contentLanguage: language && answer.type === 'html' ? language : undefined,
  };
}

function queryKey(req: Request, names: readonly string[] = []): string {
  return names.map((n) => `${n}=${JSON.stringify(req.query[n] ?? null)}`).join('&');
}
