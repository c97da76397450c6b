/** Latencies of one benchmark step, per endpoint, and the summary the report and the chart use. */
export interface EndpointSummary {
  endpoint: string;
  count: number;
  errors: number;
  p50: number;
  p99: number;
  p999: number;
}

/** Nearest-rank quantile (q in 0–1) of an ascending array. */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export class LatencyRecorder {
  private readonly samples = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();

  /** One answered (or failed) call: its latency counts either way, a failure also as an error. */
  record(endpoint: string, ms: number, ok: boolean): void {
    const list = this.samples.get(endpoint) ?? [];
    list.push(ms);
    this.samples.set(endpoint, list);
    if (!ok) this.failures.set(endpoint, (this.failures.get(endpoint) ?? 0) + 1);
  }

  get count(): number {
    let n = 0;
    for (const list of this.samples.values()) n += list.length;
    return n;
  }

  get errors(): number {
    let n = 0;
    for (const errors of this.failures.values()) n += errors;
    return n;
  }

  private summaryOf(endpoint: string, values: readonly number[]): EndpointSummary {
    const sorted = [...values].sort((x, y) => x - y);
    return { endpoint, count: sorted.length, errors: this.failures.get(endpoint) ?? 0, p50: quantileOfSorted(sorted, 0.5), p99: quantileOfSorted(sorted, 0.99), p999: quantileOfSorted(sorted, 0.999) };
  }

  /** Per endpoint, in name order. */
  byEndpoint(): EndpointSummary[] {
    return [...this.samples].sort(([a], [b]) => a.localeCompare(b)).map(([endpoint, values]) => this.summaryOf(endpoint, values));
  }

  /** Every call of the step together. */
  overall(): EndpointSummary {
    return { ...this.summaryOf('all', [...this.samples.values()].flat()), errors: this.errors };
  }
}
