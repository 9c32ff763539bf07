import { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2_000;
const QUIT_TIMEOUT_MS = 1_000;

/**
 * An ioredis connection that survives Redis outages: it retries for ever with
 * a capped backoff, logs the first error of an outage and the recovery (not
 * every failed attempt), and never lets an error event reach the process.
 */
export function createRedisClient(url: string, name: string, options: RedisOptions = {}): Redis {
  const logger = new Logger(`Redis:${name}`);
  const client = new Redis(url, {
    connectionName: name,
    retryStrategy: (attempt) => Math.min(RETRY_MIN_MS * attempt, RETRY_MAX_MS),
    ...options,
  });
  let failing = false;
  client.on('error', (err: Error) => {
    if (failing) return;
    failing = true;
    logger.warn(`connection failing, retrying until it is back: ${err.message}`);
  });
  client.on('ready', () => {
    if (failing) logger.log('connection back');
    failing = false;
  });
  return client;
}

/** Closes politely when connected (pending commands go out first), at once otherwise; never hangs on a dead server. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.quit().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, QUIT_TIMEOUT_MS)))]);
  clearTimeout(timer);
  if ((client.status as string) !== 'end') client.disconnect();
}
