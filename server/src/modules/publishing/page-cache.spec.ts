import { PageCache } from './page-cache';

function cache(limits = { maxItems: 3, maxBytes: 1_000 }) {
  let now = 1_000; // lru-cache treats a start time of 0 as "no TTL"
  const c = new PageCache<string>(
    limits,
    (v) => v.length,
    () => now,
  );
  return { c, advance: (ms: number) => (now += ms) };
}

describe('PageCache', () => {
  it('renders once and serves the stored value until it expires', async () => {
    const { c, advance } = cache();
    let renders = 0;
    const render = async () => `v${++renders}`;
    expect(await c.getOrRender('a', 100, render)).toBe('v1');
    expect(await c.getOrRender('a', 100, render)).toBe('v1');
    advance(101);
    expect(await c.getOrRender('a', 100, render)).toBe('v2');
  });

  it('shares one render among concurrent misses', async () => {
    const { c } = cache();
    let renders = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const render = async () => {
      renders++;
      await gate;
      return 'page';
    };
    const all = Promise.all([c.getOrRender('k', 100, render), c.getOrRender('k', 100, render), c.getOrRender('k', 100, render)]);
    release();
    expect(await all).toEqual(['page', 'page', 'page']);
    expect(renders).toBe(1);
  });

  it('evicts the least recently used beyond its item and byte limits', async () => {
    const { c } = cache({ maxItems: 2, maxBytes: 1_000 });
    await c.getOrRender('a', 1e6, async () => 'A');
    await c.getOrRender('b', 1e6, async () => 'B');
    await c.getOrRender('a', 1e6, async () => 'A2'); // a is now the most recent
    await c.getOrRender('c', 1e6, async () => 'C');
    expect(await c.getOrRender('a', 1e6, async () => 'A3')).toBe('A');
    expect(await c.getOrRender('b', 1e6, async () => 'B2')).toBe('B2');

    const small = cache({ maxItems: 100, maxBytes: 30 }).c;
    await small.getOrRender('x', 1e6, async () => 'x'.repeat(20));
    await small.getOrRender('y', 1e6, async () => 'y'.repeat(20));
    expect(small.size).toBe(1);
    await small.getOrRender('z', 1e6, async () => 'z'.repeat(100)); // larger than the whole cache: served, not stored
    expect(small.size).toBe(1);
  });

  it('never stores a render that started before clear()', async () => {
    const { c } = cache();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stale = c.getOrRender('k', 1e6, async () => {
      await gate;
      return 'old';
    });
    c.clear();
    release();
    expect(await stale).toBe('old');
    expect(await c.getOrRender('k', 1e6, async () => 'new')).toBe('new');
  });

  it('does not keep a failed render', async () => {
    const { c } = cache();
    await expect(c.getOrRender('k', 1e6, async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await c.getOrRender('k', 1e6, async () => 'ok')).toBe('ok');
  });

  it('counts the bytes of keys too, so long search queries cannot grow it past its bound', async () => {
    const { c } = cache({ maxItems: 100, maxBytes: 100 });
    await c.getOrRender('q'.repeat(30), 1e6, async () => 'a'); // 1 + 60 bytes
    await c.getOrRender('r'.repeat(30), 1e6, async () => 'b');
    expect(c.size).toBe(1);
  });

  it('serves what a clear() interrupted to the callers that were waiting for it', async () => {
    const { c } = cache();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let renders = 0;
    const render = async () => {
      const n = ++renders;
      await gate;
      return `v${n}`;
    };
    const before = c.getOrRender('k', 1e6, render);
    c.clear();
    const after = c.getOrRender('k', 1e6, render); // a new render: the old one may show unpublished content
    release();
    expect([await before, await after]).toEqual(['v1', 'v2']);
    expect(c.get('k')).toBe('v2');
  });
});
