import type { Metric } from './bench-stats.js';
import { benchSizes, type BenchSize } from './scale-collection.js';

/**
 * The scale run's table in Markdown: each path's median at every size with
 * its ratio to the raw baseline, and how much it grew from the smallest size
 * to the largest against how much the data grew (linear = the same factor).
 */
export function growthTable(bySize: Map<BenchSize, Metric[]>): string {
  const sizes = [...bySize.keys()];
  const first = sizes[0];
  const last = sizes.at(-1);
  if (first === undefined || last === undefined) return '';
  const value = (size: BenchSize, metric: string) => bySize.get(size)?.find((m) => m.metric === metric);
  const names = (bySize.get(first) ?? []).map((m) => m.metric).filter((n) => !n.endsWith('_raw_ms') && !n.endsWith('_vs_raw_ratio'));
  const dataGrowth = benchSizes[last] / benchSizes[first];
  const header = `| path | ${sizes.map((s) => `${s} reviews`).join(' | ')} | growth ${first}→${last} (data ×${dataGrowth}) |`;
  const rule = `|---|${sizes.map(() => '---:').join('|')}|---:|`;
  const rows = names.map((name) => {
    const cells = sizes.map((size) => {
      const m = value(size, name);
      if (!m) return '';
      const stem = name.replace(/_ms$/, '');
      const ratio = value(size, `${stem}_vs_raw_ratio`);
      const raw = value(size, `${stem}_raw_ms`);
      return `${format(m.value)} ${m.unit}${raw && ratio ? ` (raw ${format(raw.value)}, ×${ratio.value.toFixed(2)})` : ''}`;
    });
    const a = value(first, name)?.value;
    const b = value(last, name)?.value;
    const growth = a && b && sizes.length > 1 ? `×${(b / a).toFixed(1)}` : '';
    return `| \`${name}\` | ${cells.join(' | ')} | ${growth} |`;
  });
  return [header, rule, ...rows].join('\n');
}

function format(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}
