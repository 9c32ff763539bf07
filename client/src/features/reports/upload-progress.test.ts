import { describe, expect, it } from 'vitest';
import { formatDuration, remainingSeconds } from './upload-progress';

describe('upload progress', () => {
  it('estimates the time left from the bytes sent in this session only', () => {
    // Resumed at 60 of 100 MB; 10 MB in 5 s → 2 MB/s → 30 MB left → 15 s.
    expect(remainingSeconds({ sent: 70, total: 100, startBytes: 60, startedAt: 0, now: 5_000 })).toBe(15);
  });

  it('says nothing before a second has passed or before a byte went', () => {
    expect(remainingSeconds({ sent: 10, total: 100, startBytes: 0, startedAt: 0, now: 500 })).toBeNull();
    expect(remainingSeconds({ sent: 60, total: 100, startBytes: 60, startedAt: 0, now: 5_000 })).toBeNull();
  });

  it('formats durations as clocks', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(0)).toBe('0:00');
  });
});
