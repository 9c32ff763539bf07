import { InboundThrottle } from './inbound-throttle';

describe('InboundThrottle', () => {
  const limits = { framesPerSecond: 10, bytesPerSecond: 1_000, burstFrames: 5, burstBytes: 2_000 };

  it('lets a burst through, then asks for a pause that matches the deficit', () => {
    let now = 0;
    const t = new InboundThrottle(limits, () => now);
    for (let i = 0; i < 5; i++) expect(t.take(10)).toBe(0);
    expect(t.take(10)).toBeCloseTo(100); // one frame over at 10 frames/s
    now += 100;
    expect(t.take(10)).toBeCloseTo(100); // refilled one, took one: still one over
  });

  it('limits bytes as well as frames, and refills no further than the burst', () => {
    let now = 0;
    const t = new InboundThrottle(limits, () => now);
    expect(t.take(2_000)).toBe(0);
    expect(t.take(500)).toBeCloseTo(500); // 500 bytes over at 1,000 B/s
    now += 60_000;
    expect(t.take(2_000)).toBe(0);
    expect(t.take(1)).toBeGreaterThan(0);
  });
});
