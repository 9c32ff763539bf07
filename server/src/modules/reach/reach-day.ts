/** Days are UTC calendar days, written YYYY-MM-DD. */
export const DAY_MS = 86_400_000;

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Milliseconds from `ms` to the end of its UTC day. */
export function msLeftInDay(ms: number): number {
  return DAY_MS - (ms % DAY_MS);
}

/** The first day of a window of `days` days ending today (today included). */
export function firstDayOf(days: number, now: number): string {
  return dayOf(now - (days - 1) * DAY_MS);
}
