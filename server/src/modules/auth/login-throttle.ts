import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DomainError } from '../../common/domain-error';
import { closeRedisClient, createRedisClient } from '../../common/redis';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MemoryThrottleStore, RedisThrottleStore, type ThrottleStore } from './throttle-store';

/** A Redis command that takes longer is given up and counted in memory instead (a sign-in never hangs on Redis). */
const REDIS_COMMAND_TIMEOUT_MS = 500;
/** How long start-up waits for the Redis connection before counting in memory until it is there. */
const REDIS_READY_TIMEOUT_MS = 2_000;

/** What a sign-in attempt reports back once the password was checked. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Login throttling, per account and address and per address. Every attempt is
 * counted *before* the password is checked, so parallel guesses are counted
 * too and a throttled caller gets 429 too_many_attempts (with Retry-After)
 * even with the right password. A success clears its account's count and
 * takes its own attempt back from the address's, so people signing in behind
 * one NAT do not lock each other out.
 *
 * With REDIS_URL the counters live in Redis (every instance sees the same
 * counts); otherwise, or while Redis is unreachable, in this instance's
 * bounded memory. Emails are hashed into the keys, never stored.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LoginThrottle');
  private readonly memory = new MemoryThrottleStore();
  private readonly redis: Redis | null;
  private readonly shared: ThrottleStore | null;
  private readonly limits: AppConfig['loginThrottle'];
  private readonly prefix: string;
  private redisFailing = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = config.loginThrottle;
    this.prefix = `${config.redisPrefix}:login`;
    this.redis = config.redisUrl
      ? createRedisClient(config.redisUrl, 'login-throttle', { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: REDIS_COMMAND_TIMEOUT_MS })
      : null;
    this.shared = this.redis ? new RedisThrottleStore(this.redis) : null;
  }

  async onModuleInit(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise((resolve) => redis.once('ready', resolve)),
      new Promise((resolve) => (timer = setTimeout(resolve, REDIS_READY_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }

  /** Counts an attempt of `email` from `ip`; throws too_many_attempts when either limit is past. */
  async begin(email: string, ip: string): Promise<LoginAttempt> {
    const { windowMs, maxPerAccount, maxPerIp } = this.limits;
    const address = addressKey(ip);
    const ipKey = `${this.prefix}:ip:${address}`;
    const byIp = await this.store((s) => s.hit(ipKey, windowMs));
    if (byIp.count > maxPerIp) throw tooMany(byIp.resetInMs);
    // Only addresses under their limit create account keys: one address spraying emails adds at most maxPerIp keys per window.
    const accountKey = `${this.prefix}:account:${createHash('sha256').update(`${email.trim().toLowerCase()}\n${address}`).digest('hex')}`;
    const byAccount = await this.store((s) => s.hit(accountKey, windowMs));
    if (byAccount.count > maxPerAccount) throw tooMany(byAccount.resetInMs);
    return {
      succeeded: async () => {
        await this.store((s) => Promise.all([s.reset(accountKey), s.undo(ipKey)]));
      },
    };
  }

  /** Redis when configured and answering, memory otherwise: throttling never turns into refusing every sign-in. */
  private async store<T>(op: (store: ThrottleStore) => Promise<T>): Promise<T> {
    if (!this.shared) return op(this.memory);
    try {
      const result = await op(this.shared);
      if (this.redisFailing) this.logger.log('Redis answers again: counting sign-in attempts there');
      this.redisFailing = false;
      return result;
    } catch (err) {
      if (!this.redisFailing) this.logger.warn(`Redis unavailable (${(err as Error).message}): counting sign-in attempts in memory`);
      this.redisFailing = true;
      return op(this.memory);
    }
  }
}

function tooMany(resetInMs: number): DomainError {
  const error = new DomainError('too_many_attempts', 'Too many sign-in attempts: try again later');
  error.retryAfterSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
  return error;
}

/**
 * The address an attempt is counted under: an IPv4 address as is (IPv4-mapped
 * IPv6 included), an IPv6 address by its /64, since one subscriber usually has
 * a whole /64 and could otherwise rotate through it.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
