/** Percentiles and table printing for the benchmarks. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samplesMs: number[]): { n: number; p50: number; p99: number; max: number; mean: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(mean),
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(line(cols));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
}

/**
 * Latencies in fixed 0.05 ms buckets up to 5 s (beyond: one overflow bucket
 * that keeps the maximum): constant memory and one array increment per
 * sample, for the hundreds of thousands of samples a second that counting
 * every receiver of every edit produces. Percentiles are read as the upper
 * edge of their bucket, so they are at most 0.05 ms high.
 */
export class LatencyHistogram {
  private static readonly BUCKET_MS = 0.05;
  private readonly counts = new Uint32Array(Math.ceil(5_000 / LatencyHistogram.BUCKET_MS) + 1);
  n = 0;
  private sum = 0;
  private max = -Infinity;

  add(ms: number): void {
    const i = Math.min(this.counts.length - 1, Math.max(0, Math.ceil(ms / LatencyHistogram.BUCKET_MS)));
    this.counts[i]++;
    this.n++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  /** Adds everything another histogram holds. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.n += other.n;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
  }

  percentile(p: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) return i === this.counts.length - 1 ? this.max : Math.min(this.max, i * LatencyHistogram.BUCKET_MS);
    }
    return this.max;
  }

  summary(): { n: number; p50: number; p99: number; max: number; mean: number } {
    return {
      n: this.n,
      p50: round(this.percentile(50)),
      p99: round(this.percentile(99)),
      max: round(this.n ? this.max : NaN),
      mean: round(this.n ? this.sum / this.n : NaN),
    };
  }
}
