import type { Metric } from './bench-stats.js';
import { benchSizes, type BenchSize } from './bench-sizes.js';

/** Metrics that count what the data holds rather than time or memory: their growth is the data's, not a cost. */
const counts = new Set(['search_word_matches']);

/**
 * The scale run's table in Markdown: each path's median at every size with
 * its ratio to the raw baseline, how much it grew from the smallest size to
 * the largest against how much the data grew, and whether that growth is
 * linear or better (growth factor ≤ data factor). A last line names every
 * path that grew faster than the data.
 */
export function growthTable(bySize: Map<BenchSize, Metric[]>): string {
  const sizes = [...bySize.keys()];
  const first = sizes[0];
  const last = sizes.at(-1);
  if (first === undefined || last === undefined) return '';
  const value = (size: BenchSize, metric: string) => bySize.get(size)?.find((m) => m.metric === metric);
  const names = (bySize.get(first) ?? []).map((m) => m.metric).filter((n) => !n.endsWith('_raw_ms') && !n.endsWith('_vs_raw_ratio'));
  const dataGrowth = benchSizes[last] / benchSizes[first];
  const compared = sizes.length > 1;
  const header = `| path | ${sizes.map((s) => `${s} reviews`).join(' | ')} |${compared ? ` growth ${first}→${last} (data ×${dataGrowth}) | linear or better? |` : ''}`;
  const rule = `|---|${sizes.map(() => '---:').join('|')}|${compared ? '---:|---|' : ''}`;
  const worse: string[] = [];
  const rows = names.map((name) => {
    const cells = sizes.map((size) => {
      const m = value(size, name);
      if (!m) return '';
      const stem = name.replace(/_ms$/, '');
      const ratio = value(size, `${stem}_vs_raw_ratio`);
      const raw = value(size, `${stem}_raw_ms`);
      return `${format(m.value)} ${m.unit}${raw && ratio ? ` (raw ${format(raw.value)}, ×${ratio.value.toFixed(2)})` : ''}`;
    });
    if (!compared) return `| \`${name}\` | ${cells.join(' | ')} |`;
    const growth = growthOf(value(first, name)?.value, value(last, name)?.value);
    let verdict = '';
    if (growth !== null && counts.has(name)) verdict = 'a count';
    else if (growth !== null && growth <= dataGrowth) verdict = 'yes';
    else if (growth !== null) {
      verdict = '**no**';
      worse.push(name);
    }
    return `| \`${name}\` | ${cells.join(' | ')} | ${growth === null ? '' : `×${growth.toFixed(1)}`} | ${verdict} |`;
  });
  const lines = [header, rule, ...rows];
  if (compared) {
    lines.push('', worse.length === 0 ? `Every path grew linearly or better from ${first} to ${last}.` : `Grew faster than the data (×${dataGrowth}): ${worse.map((n) => `\`${n}\``).join(', ')}.`);
  }
  return lines.join('\n');
}

/** Last over first; null when either is missing or the first is not positive. */
function growthOf(a: number | undefined, b: number | undefined): number | null {
  if (a === undefined || b === undefined || !(a > 0)) return null;
  return b / a;
}

function format(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}
