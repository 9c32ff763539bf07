import { addressKey } from './login-throttle';
import { MemoryThrottleStore } from './throttle-store';

describe('MemoryThrottleStore', () => {
  it('counts hits per key within a window, takes one back on undo and forgets on reset', async () => {
    const store = new MemoryThrottleStore();
    expect((await store.hit('a', 60_000)).count).toBe(1);
    expect((await store.hit('a', 60_000)).count).toBe(2);
    await store.undo('a');
    expect((await store.hit('a', 60_000)).count).toBe(2);
    await store.reset('a');
    expect((await store.hit('a', 60_000)).count).toBe(1);
    const { resetInMs } = await store.hit('a', 60_000);
    expect(resetInMs).toBeGreaterThan(0);
    expect(resetInMs).toBeLessThanOrEqual(60_000);
  });

  it('starts a new window once the old one ended', async () => {
    const store = new MemoryThrottleStore();
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      await store.hit('a', 60_000);
      expect((await store.hit('a', 60_000)).count).toBe(2);
      now.mockReturnValue(1_060_000);
      expect((await store.hit('a', 60_000)).count).toBe(1);
    } finally {
      now.mockRestore();
    }
  });

  it('stays bounded when an attacker sprays keys: the oldest windows make room', async () => {
    const store = new MemoryThrottleStore(100);
    for (let i = 0; i < 10_000; i++) await store.hit(`random-${i}@spray.example`, 60_000);
    expect(store.size).toBeLessThanOrEqual(100);
    expect((await store.hit('random-9999@spray.example', 60_000)).count).toBe(2);
  });
});

describe('addressKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s → %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});
