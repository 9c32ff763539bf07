import { LRUCache } from 'lru-cache';

/**
 * A bounded LRU of rendered public answers (lru-cache, bounded in bytes and in
 * items), so that a public page costs one lookup in memory. Concurrent misses
 * of one key share a single render.
 *
 * Invalidation is all-or-nothing (clear()): publication changes are rare, and
 * a page may depend on any published entry (the hub, a group, the feed).
 * A render that started before clear() is handed to its callers but never
 * stored, so nothing rendered from the old state outlives the clear.
 */
export interface CacheLimits {
  maxItems: number;
  maxBytes: number;
}

export class PageCache<T extends {}> {
  private readonly items: LRUCache<string, T>;
  private readonly inFlight = new Map<string, Promise<T>>();
  private generation = 0;

  constructor(limits: CacheLimits, sizeOf: (value: T) => number, now?: () => number) {
    this.items = new LRUCache<string, T>({
      max: limits.maxItems,
      maxSize: limits.maxBytes,
      // Keys hold user input (search queries): count them too. An answer larger than the whole cache is served, never stored.
      sizeCalculation: (value, key) => Math.max(1, sizeOf(value) + key.length * 2),
      ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
    });
  }

  get size(): number {
    return this.items.size;
  }

  /** The cached value if it is fresh, without rendering (and without waiting); marks it recently used. */
  get(key: string): T | undefined {
    return this.items.get(key);
  }

  /** The cached value, or the result of render (stored for ttlMs unless the cache was cleared meanwhile). */
  async getOrRender(key: string, ttlMs: number, render: () => Promise<T>): Promise<T> {
    const fresh = this.items.get(key);
    if (fresh !== undefined) return fresh;
    const pending = this.inFlight.get(key);
    if (pending) return pending;

    const generation = this.generation;
    const promise = render().then((value) => {
      if (generation === this.generation) this.items.set(key, value, { ttl: ttlMs });
      return value;
    });
    this.inFlight.set(key, promise);
    const forget = () => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    };
    promise.then(forget, forget);
    return promise;
  }

  clear(): void {
    this.generation++;
    this.items.clear();
    this.inFlight.clear();
  }
}
