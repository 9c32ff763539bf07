import { describe, expect, it } from 'vitest';
import { DEAD_AFTER_SILENCE_MS, livenessVerdict, PROBE_AFTER_SILENCE_MS } from './liveness';

describe('the collab liveness watchdog', () => {
  it.each([
    [0, null, 'alive'],
    [PROBE_AFTER_SILENCE_MS - 1, null, 'alive'],
    [PROBE_AFTER_SILENCE_MS, null, 'probe'],
    [PROBE_AFTER_SILENCE_MS + 200, 200, 'alive'], // asked 200 ms ago: wait for the answer
    [PROBE_AFTER_SILENCE_MS * 2, PROBE_AFTER_SILENCE_MS, 'probe'], // still nothing: ask again
    [DEAD_AFTER_SILENCE_MS - 1, 500, 'alive'],
    [DEAD_AFTER_SILENCE_MS, 500, 'dead'],
    [DEAD_AFTER_SILENCE_MS, null, 'dead'],
  ] as const)('silent %i ms, last probe %s ms ago → %s', (silent, sinceProbe, verdict) => {
    expect(livenessVerdict(silent, sinceProbe)).toBe(verdict);
  });

  it('gives up on a dead socket well within the 5 s a user would wait, after at least one probe', () => {
    expect(DEAD_AFTER_SILENCE_MS).toBeLessThanOrEqual(5_000);
    expect(PROBE_AFTER_SILENCE_MS * 2).toBeLessThan(DEAD_AFTER_SILENCE_MS);
  });
});
