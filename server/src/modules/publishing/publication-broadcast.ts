import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { closeRedisClient, createRedisClient } from '../../common/redis';
import { APP_CONFIG, type AppConfig } from '../../config/config';

/** Which entry's publication changed on another instance; null: signals may have been lost, assume anything changed. */
type RemoteListener = (entryId: string | null) => void;

/**
 * "An entry's publication changed" told to the other instances, so that every
 * instance forgets its cached public answers within moments, not when their
 * TTL runs out. The instance where the change happened acts on it directly
 * (PublishingService); the search index lives in the shared database, so the
 * others only clear their caches.
 *
 * With REDIS_URL set the signal goes through a Redis channel; without it this
 * process is the only instance and nothing is sent.
 */
@Injectable()
export class PublicationBroadcast implements OnModuleDestroy {
  private readonly logger = new Logger('PublicationBroadcast');
  private readonly listeners = new Set<RemoteListener>();
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private readonly pub: Redis | null = null;
  private readonly sub: Redis | null = null;
  /** Resolves once this instance hears the channel (at once without Redis). */
  readonly listening: Promise<void>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.channel = `${config.redisPrefix}:publication-changed`;
    if (!config.redisUrl) {
      this.listening = Promise.resolve();
      return;
    }
    this.pub = createRedisClient(config.redisUrl, 'publication-pub');
    this.sub = createRedisClient(config.redisUrl, 'publication-sub');
    this.listening = this.sub.subscribe(this.channel).then(
      () => undefined,
      (err: Error) => this.logger.error(`subscribing: ${err.message}`),
    );
    this.sub.on('message', (_channel: string, message: string) => {
      const [from, entryId] = message.split(' ');
      if (from !== this.instanceId && entryId) this.emit(entryId);
    });
    // ioredis subscribes again after a reconnect; whatever was published meanwhile is lost, so everything is forgotten.
    let connectedBefore = false;
    this.sub.on('ready', () => {
      if (connectedBefore) this.emit(null);
      connectedBefore = true;
    });
  }

  /** Registers a listener for changes made on other instances; returns the function that removes it. */
  onRemoteChange(listener: RemoteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells the other instances; call once the change is committed. Never throws (a lost signal leaves the TTL as the bound). */
  announce(entryId: string): void {
    this.pub?.publish(this.channel, `${this.instanceId} ${entryId}`).catch((err: Error) => this.logger.error(`publishing: ${err.message}`));
  }

  private emit(entryId: string | null): void {
    for (const listener of this.listeners) {
      try {
        listener(entryId);
      } catch (err) {
        this.logger.error(`publication listener failed: ${(err as Error).stack ?? err}`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.pub, this.sub].flatMap((c) => (c ? [closeRedisClient(c)] : [])));
  }
}
