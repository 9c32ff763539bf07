import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { ReachSummaryDto } from '@knowledge-hub/shared';
import type { RequestWithActor } from '../../common/current-user.decorator';
import { closeRedisClient, createRedisClient } from '../../common/redis';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { SessionsRepository } from '../auth/sessions.repository';
import { extractToken, hashToken } from '../auth/session-token';
import { clientAddress, type TrustProxy } from './client-address';
import { countedPage } from './counted-page';
import { DailySalt } from './daily-salt';
import { loadCountryLookup } from './geo-country';
import { ReachCounter, UNKNOWN_COUNTRY } from './reach-counter';
import { firstDayOf } from './reach-day';
import { ReachHook, type ReachTotals } from './reach-hook.service';
import { MemoryTally, type ReachTally, RedisTally } from './reach-tally';
import { ReachRepository } from './reach.repository';

/** A session cookie's verdict (live or not) is remembered this long, so a signed-in editor browsing the site costs one lookup a minute. */
const SESSION_VERDICT_TTL_MS = 60_000;
const SESSION_VERDICTS_MAX = 10_000;

/**
 * Readership counting (issue 13): connects the public site's answers
 * (ReachHook) to the counter, flushes the counts every REACH_FLUSH_MS (to
 * Redis when set, then to Postgres as daily rows) and answers the site-wide
 * figures. Nothing here logs an address or a user agent.
 */
@Injectable()
export class ReachService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Reach');
  private counter: ReachCounter | null = null;
  private tally: ReachTally | null = null;
  private redis: Redis | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private totals: ReachTotals | null = null;
  /** hash of a session token → live or not (the token itself is never kept). */
  private readonly sessionVerdicts = new LRUCache<string, boolean>({ max: SESSION_VERDICTS_MAX, ttl: SESSION_VERDICT_TTL_MS });
  /** The clock of the counter (days, salts); replaced by tests that cross midnight. */
  clock: () => number = Date.now;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ReachRepository,
    private readonly sessions: SessionsRepository,
    private readonly hook: ReachHook,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.reach.enabled) return;
    if (this.config.redisUrl) this.redis = createRedisClient(this.config.redisUrl, 'reach');
    this.tally = this.redis ? new RedisTally(this.redis, this.config.redisPrefix, this.config.reach.flushMs) : new MemoryTally();
    this.counter = new ReachCounter({
      salt: new DailySalt(this.redis, this.config.redisPrefix),
      country: loadCountryLookup(),
      isSession: (token) => this.isSession(token),
      clock: () => this.clock(),
      onError: (err) => this.logger.error(`counting failed: ${(err as Error).message}`),
    });
    this.hook.connect(
      (req, trust, page) => this.read(req, trust, page),
      () => this.totals,
    );
    await this.refreshTotals();
    this.timer = setInterval(() => void this.flush(), this.config.reach.flushMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    if (this.redis) await closeRedisClient(this.redis);
  }

  /**
   * A public GET answered 200: a read unless the reader asked not to be
   * counted (DNT, GPC), the page is not counted, or a signed-in person made it
   * (resolved by Nest already, or a session cookie checked later, off the
   * response's path).
   */
  private read(req: IncomingMessage, trust: TrustProxy | null, pageKey?: string): void {
    const h = req.headers;
    if (h.dnt === '1' || h['sec-gpc'] === '1') return;
    const page = pageKey ?? countedPage((req as { originalUrl?: string }).originalUrl ?? req.url);
    if (!page || !this.counter) return;
    const actor = (req as Partial<RequestWithActor>).actor;
    if (actor) return;
    // Through Nest the guard has judged the cookie (actor null: not a live session); on the fast path it is judged while draining.
    const sessionToken = actor === undefined && h.cookie ? extractToken({ cookie: h.cookie }) : null;
    this.counter.record({ address: clientAddress(req, trust), userAgent: h['user-agent'] ?? '', page, sessionToken });
  }

  private async isSession(token: string): Promise<boolean> {
    const key = hashToken(token);
    const known = this.sessionVerdicts.get(key);
    if (known !== undefined) return known;
    const live = (await this.sessions.findUserOfLiveSession(key)) !== null;
    this.sessionVerdicts.set(key, live);
    return live;
  }

  /** Writes what was counted since the last flush (one flush at a time); never throws (a failed flush is logged, its window lost). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.counter || !this.tally) return;
      try {
        await this.counter.settled();
        const window = this.counter.takeWindow();
        if (window.length === 0) return;
        const { rows, mode } = await this.tally.settle(window, this.clock());
        await this.repo.write(rows, mode);
        await this.refreshTotals();
      } catch (err) {
        this.logger.error(`flush failed: ${(err as Error).message}`);
      }
    });
    return this.flushing;
  }

  /** The whole site's readers by country: all time, or the last `days` days (today included). */
  async summary(days?: number): Promise<ReachSummaryDto> {
    const since = days === undefined ? null : firstDayOf(days, this.clock());
    const rows = await this.repo.siteByCountry(since);
    const byCountry = rows.filter((r) => r.country !== UNKNOWN_COUNTRY);
    return {
      readers: rows.reduce((sum, r) => sum + r.readers, 0),
      countries: byCountry.length,
      byCountry,
      since: since ?? (await this.repo.firstDay()),
    };
  }

  private async refreshTotals(): Promise<void> {
    const s = await this.summary();
    this.totals = { readers: s.readers, countries: s.countries };
  }
}
