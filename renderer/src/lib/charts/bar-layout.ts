import { scaleBand, scaleLinear } from 'd3-scale';

export interface BarSeries {
  name: string;
  /** A CSS colour, usually a var(--…) token so charts follow the theme. */
  color: string;
  values: number[];
}

export interface BarRect {
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
  label: string;
  series: string;
  value: number;
}

export interface BarLayout {
  rects: BarRect[];
  ticks: { y: number; value: number }[];
  xLabels: { x: number; text: string }[];
}

/** Stacked bars: pure geometry from data, so the .svelte file only draws. */
export function layoutBars(labels: string[], series: BarSeries[], width: number, height: number, labelEvery: number): BarLayout {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const x = scaleBand<number>().domain(labels.map((_, i) => i)).range([0, width]).paddingInner(labels.length > 60 ? 0.1 : 0.2);
  const y = scaleLinear().domain([0, max]).nice(4).range([height, 0]);
  const rects: BarRect[] = [];
  labels.forEach((label, i) => {
    let base = 0;
    for (const s of series) {
      const value = s.values[i] ?? 0;
      if (value > 0) {
        rects.push({ x: x(i) ?? 0, y: y(base + value), width: Math.max(1, x.bandwidth()), height: y(base) - y(base + value), color: s.color, label, series: s.name, value });
      }
      base += value;
    }
  });
  const ticks = y.ticks(4).map((value) => ({ y: y(value), value }));
  const xLabels = labels
    .map((text, i) => ({ x: (x(i) ?? 0) + x.bandwidth() / 2, text, i }))
    .filter((l) => l.i % labelEvery === 0)
    .map(({ x: lx, text }) => ({ x: lx, text }));
  return { rects, ticks, xLabels };
}
