import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { closeRedisClient, createRedisClient } from '../../common/redis';
import type { AppConfig } from '../../config/config';

/** How long a cluster-wide request (a roster's members from every instance) waits for the other instances. */
export const CLUSTER_REQUEST_TIMEOUT_MS = 2_000;

/**
 * socket.io over the Redis adapter: rooms span every instance, so a roster or
 * a review-queue event emitted on one reaches the sockets of all. Both
 * connections queue commands during a Redis outage instead of failing them
 * (the adapter does not handle failures of its publishes); what was queued
 * goes out late, which is harmless for rosters (recomputed) and queue events
 * (the client refetches).
 */
class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(
    app: INestApplicationContext,
    url: string,
    private readonly prefix: string,
  ) {
    super(app);
    this.pub = createRedisClient(url, 'socket.io-pub', { maxRetriesPerRequest: null });
    this.sub = createRedisClient(url, 'socket.io-sub', { maxRetriesPerRequest: null });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(
      createAdapter(this.pub, this.sub, {
        key: `${this.prefix}:socket.io`,
        requestsTimeout: CLUSTER_REQUEST_TIMEOUT_MS,
        publishOnSpecificResponseChannel: true, // answers go to the asking instance only, not to all
      }),
    );
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all([closeRedisClient(this.pub), closeRedisClient(this.sub)]);
  }
}

/** The socket.io adapter: Redis-backed when REDIS_URL is set, in-memory (one instance) otherwise. */
export function createIoAdapter(app: INestApplicationContext, config: AppConfig): IoAdapter {
  return config.redisUrl ? new RedisIoAdapter(app, config.redisUrl, config.redisPrefix) : new IoAdapter(app);
}
