/**
 * A bounded LRU of rendered public answers, so that a public page costs one
 * lookup in memory. Concurrent misses of one key share a single render.
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

interface Item<T> {
  value: T;
  bytes: number;
  expiresAtMs: number;
}

export class PageCache<T> {
  private readonly items = new Map<string, Item<T>>();
  private readonly inFlight = new Map<string, Promise<T>>();
  private bytes = 0;
  private generation = 0;

  constructor(
    private readonly limits: CacheLimits,
    private readonly sizeOf: (value: T) => number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.items.size;
  }

  /** The cached value if it is fresh, without rendering (and without waiting). */
  peek(key: string): T | undefined {
    const hit = this.items.get(key);
    if (!hit || hit.expiresAtMs <= this.now()) return undefined;
    this.items.delete(key); // most recently used last
    this.items.set(key, hit);
    return hit.value;
  }

  /** The cached value, or the result of render (stored for ttlMs unless the cache was cleared meanwhile). */
  async getOrRender(key: string, ttlMs: number, render: () => Promise<T>): Promise<T> {
    const fresh = this.peek(key);
    if (fresh !== undefined) return fresh;
    if (this.items.has(key)) this.remove(key); // expired
    const pending = this.inFlight.get(key);
    if (pending) return pending;

    const generation = this.generation;
    const promise = render().then((value) => {
      if (generation === this.generation) this.store(key, value, ttlMs);
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
    this.bytes = 0;
  }

  private store(key: string, value: T, ttlMs: number): void {
    const bytes = this.sizeOf(value) + key.length * 2; // keys hold user input (search queries): count them too
    if (bytes > this.limits.maxBytes) return;
    if (this.items.has(key)) this.remove(key);
    this.items.set(key, { value, bytes, expiresAtMs: this.now() + ttlMs });
    this.bytes += bytes;
    while (this.items.size > this.limits.maxItems || this.bytes > this.limits.maxBytes) {
      const oldest = this.items.keys().next().value as string;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const item = this.items.get(key);
    if (!item) return;
    this.items.delete(key);
    this.bytes -= item.bytes;
  }
}
