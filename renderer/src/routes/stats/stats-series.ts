import type { HistogramBin, StatsReport } from '../../../../electron/api/wire-types';
import type { BarSeries } from '../../lib/charts/bar-layout';

/** Turns report figures into chart inputs: labels plus series, with theme colours. */
export function futureDueSeries(report: StatsReport, days: number): { labels: string[]; series: BarSeries[]; total: number } {
  const values = report.futureDue.slice(0, days);
  if (days <= 31) {
    return { labels: values.map((_, i) => (i === 0 ? 'today' : `+${i}d`)), series: [{ name: 'cards due', color: 'var(--accent)', values }], total: sum(values) };
  }
  // A year shown by week keeps the bars readable.
  const weeks: number[] = [];
  for (let i = 0; i < values.length; i += 7) weeks.push(sum(values.slice(i, i + 7)));
  return { labels: weeks.map((_, i) => (i === 0 ? 'this week' : `+${i}w`)), series: [{ name: 'cards due', color: 'var(--accent)', values: weeks }], total: sum(values) };
}

export function reviewsPerDaySeries(report: StatsReport): { labels: string[]; series: BarSeries[]; total: number } {
  const rows = report.reviewsPerDay;
  const pick = (k: 'learning' | 'review' | 'relearning' | 'cram' | 'manual') => rows.map((r) => r[k]);
  const series: BarSeries[] = [
    { name: 'learning', color: 'var(--accent)', values: pick('learning') },
    { name: 'review', color: 'var(--good)', values: pick('review') },
    { name: 'relearning', color: 'var(--bad)', values: pick('relearning') },
    { name: 'cram', color: 'var(--shared)', values: pick('cram') },
  ];
  return { labels: rows.map((r) => r.day.slice(5)), series, total: series.reduce((n, s) => n + sum(s.values), 0) };
}

export function histogramSeries(bins: HistogramBin[], name: string, color: string, format: (v: number) => string): { labels: string[]; series: BarSeries[] } {
  return { labels: bins.map((b) => format(b.from)), series: [{ name, color, values: bins.map((b) => b.count) }] };
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function percent(passed: number, total: number): string {
  return total === 0 ? '—' : `${((passed / total) * 100).toFixed(1)}%`;
}
