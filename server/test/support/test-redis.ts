import { randomBytes } from 'node:crypto';

/**
 * One Redis prefix per test file (jest gives every file its own module
 * registry): the servers one file starts talk to each other through Redis,
 * never to another file's running in parallel.
 */
const PREFIX = `kh-test-${process.pid}-${randomBytes(4).toString('hex')}`;

/** REDIS_URL and this file's prefix when REDIS_URL is set (CI sets it), nothing otherwise. */
export function testRedisEnv(): { REDIS_URL?: string; REDIS_PREFIX?: string } {
  const url = process.env.REDIS_URL;
  return url ? { REDIS_URL: url, REDIS_PREFIX: PREFIX } : {};
}
