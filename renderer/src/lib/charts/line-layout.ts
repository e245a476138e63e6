import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  /** A CSS colour, usually a var(--…) token so charts follow the theme. */
  color: string;
  points: LinePoint[];
  dashed?: boolean;
}

/** A point drawn as a dot on top of the lines (a past review, a chosen retention). */
export interface LineMark extends LinePoint {
  label: string;
  color: string;
}

export interface LineLayout {
  paths: { name: string; color: string; d: string; dashed: boolean }[];
  dots: { cx: number; cy: number; label: string; color: string }[];
  xTicks: { x: number; value: number }[];
  yTicks: { y: number; value: number }[];
}

export interface LineLayoutOptions {
  /** Fixed ends of an axis (a retrievability axis is 0–1 whatever the data); else the data's range, from 0 on y. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** How many ticks d3 aims for on each axis. */
  xTickCount?: number;
  yTickCount?: number;
}

/**
 * Lines on linear axes: pure geometry from data, so the .svelte file only
 * draws. `width` and `height` are the plot's inner size in pixels.
 */
export function layoutLines(series: LineSeries[], marks: LineMark[], width: number, height: number, options: LineLayoutOptions = {}): LineLayout {
  const all = [...series.flatMap((s) => s.points), ...marks];
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const xDomain = options.xDomain ?? [Math.min(0, ...xs), xs.length ? Math.max(...xs) : 1];
  const yDomain = options.yDomain ?? [0, Math.max(0, ...ys)];
  if (xDomain[1] <= xDomain[0]) xDomain[1] = xDomain[0] + 1;
  if (yDomain[1] <= yDomain[0]) yDomain[1] = yDomain[0] + 1;
  const x = scaleLinear().domain(xDomain).range([0, width]);
  const y = scaleLinear().domain(yDomain).range([height, 0]);
  if (!options.yDomain) y.nice(options.yTickCount ?? 4);
  const path = line<LinePoint>().x((p) => x(p.x)).y((p) => y(p.y));
  return {
    paths: series.filter((s) => s.points.length > 0).map((s) => ({ name: s.name, color: s.color, d: path(s.points) ?? '', dashed: s.dashed ?? false })),
    dots: marks.map((m) => ({ cx: x(m.x), cy: y(m.y), label: m.label, color: m.color })),
    xTicks: x.ticks(options.xTickCount ?? 5).map((value) => ({ x: x(value), value })),
    yTicks: y.ticks(options.yTickCount ?? 4).map((value) => ({ y: y(value), value })),
  };
}

/** How many x ticks fit when each label needs about `labelPx` pixels. */
export function tickCountFor(width: number, labelPx = 64): number {
  return Math.max(2, Math.min(10, Math.floor(width / labelPx)));
}
