import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { closeRedisClient, createRedisClient } from '../../common/redis';
import { APP_CONFIG, type AppConfig } from '../../config/config';

/**
 * Whose access may have changed: one account, or (null) anyone: signals may
 * have been missed. With `entryId`: everyone's on that entry (it was archived
 * or restored), and userId is null, so a listener that reads only userId
 * re-checks too much, never too little.
 */
export interface AccessChange {
  userId: string | null;
  entryId?: string;
}

/** How an entry's change is told on the Redis channel (a user id never starts with it). */
const ENTRY_PREFIX = 'entry:';

type Listener = (change: AccessChange) => void;

/**
 * "This user's sessions or rights changed" (logout, a membership added,
 * removed or changed), told to every instance: whoever holds long-lived
 * sockets of that user (the collab engine) re-checks them at once, so a
 * revoked right stops working within a second, not at the next connect.
 *
 * With REDIS_URL set the signal goes through a Redis channel (the instance
 * that publishes also acts on it directly, without waiting for Redis); without
 * it, this process is the only instance.
 */
@Injectable()
export class AccessEvents implements OnModuleDestroy {
  private readonly logger = new Logger('AccessEvents');
  private readonly listeners = new Set<Listener>();
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private readonly pub: Redis | null = null;
  private readonly sub: Redis | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.channel = `${config.redisPrefix}:access-changed`;
    if (!config.redisUrl) return;
    this.pub = createRedisClient(config.redisUrl, 'access-pub');
    this.sub = createRedisClient(config.redisUrl, 'access-sub');
    void this.sub.subscribe(this.channel).catch((err: Error) => this.logger.error(`subscribing: ${err.message}`));
    this.sub.on('message', (_channel: string, message: string) => {
      const [from, subject] = message.split(' ');
      if (from === this.instanceId || !subject) return;
      if (subject.startsWith(ENTRY_PREFIX)) this.emit({ userId: null, entryId: subject.slice(ENTRY_PREFIX.length) });
      else this.emit({ userId: subject });
    });
    // ioredis subscribes again after a reconnect; whatever was published meanwhile is lost, so everyone is re-checked.
    let connectedBefore = false;
    this.sub.on('ready', () => {
      if (connectedBefore) this.emit({ userId: null });
      connectedBefore = true;
    });
  }

  /** Registers a listener; returns the function that removes it. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every instance (this one first) that `userId`'s access may have changed. */
  changed(userId: string): void {
    this.emit({ userId });
    this.pub?.publish(this.channel, `${this.instanceId} ${userId}`).catch((err: Error) => this.logger.error(`publishing: ${err.message}`));
  }

  /** Tells every instance (this one first) that access to the entry may have changed for everyone (archived, restored). */
  entryChanged(entryId: string): void {
    this.emit({ userId: null, entryId });
    this.pub?.publish(this.channel, `${this.instanceId} ${ENTRY_PREFIX}${entryId}`).catch((err: Error) => this.logger.error(`publishing: ${err.message}`));
  }

  private emit(change: AccessChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.logger.error(`access listener failed: ${(err as Error).stack ?? err}`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.pub, this.sub].flatMap((c) => (c ? [closeRedisClient(c)] : [])));
  }
}
