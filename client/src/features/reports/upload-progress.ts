/**
 * Progress of a long upload as the workspace shows it: the fraction done and
 * the time left, estimated from the bytes sent since this session of the
 * upload began (a resumed upload does not count the bytes sent before).
 */
export interface ProgressSample {
  /** Bytes the server has, plus those of the chunk under way. */
  sent: number;
  total: number;
  /** Bytes the server had when this session began, and when (ms). */
  startBytes: number;
  startedAt: number;
  now: number;
}

/** Seconds left, or null while too little is known (under a second or nothing sent yet). */
export function remainingSeconds(p: ProgressSample): number | null {
  const elapsed = (p.now - p.startedAt) / 1000;
  const done = p.sent - p.startBytes;
  if (elapsed < 1 || done <= 0) return null;
  return Math.max(0, Math.round((p.total - p.sent) / (done / elapsed)));
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
