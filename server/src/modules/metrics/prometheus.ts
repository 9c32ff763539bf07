/**
 * A minimal Prometheus text-format writer: counters and gauges read when
 * scraped, and fixed-bucket histograms. Enough for /metrics without a
 * dependency; every hot-path update is one integer add.
 */
export class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly buckets: readonly number[]) {
    this.counts = new Array(buckets.length).fill(0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= this.buckets[i]) {
        this.counts[i]++;
        return;
      }
    }
  }
}

export type Metric =
  | { type: 'counter' | 'gauge'; name: string; help: string; value: number }
  | { type: 'histogram'; name: string; help: string; histogram: Histogram };

export function renderPrometheus(metrics: Metric[]): string {
  const lines: string[] = [];
  for (const m of metrics) {
    lines.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
    if (m.type !== 'histogram') {
      lines.push(`${m.name} ${formatNumber(m.value)}`);
      continue;
    }
    const h = m.histogram;
    let cumulative = 0;
    h.buckets.forEach((le, i) => {
      cumulative += h.counts[i];
      lines.push(`${m.name}_bucket{le="${le}"} ${cumulative}`);
    });
    lines.push(`${m.name}_bucket{le="+Inf"} ${h.count}`, `${m.name}_sum ${formatNumber(h.sum)}`, `${m.name}_count ${h.count}`);
  }
  return lines.join('\n') + '\n';
}

function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'NaN';
}
