/** Repeats a synchronous timing and reports its median and p99 (ms). */
export function timeRepeated(runs: number, fn: (i: number) => void): { p50: number; p99: number; samples: number[] } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), samples };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

export interface Metric {
  metric: string;
  value: number;
  unit: string;
}
