import { describe, expect, it } from 'vitest';
import { layoutLines, tickCountFor } from '../../renderer/src/lib/charts/line-layout.js';
import { currentSection, sectionBySlug, settingsSections } from '../../renderer/src/routes/settings/settings-sections.js';
import { loadRows, loadStretchDays } from '../../renderer/src/routes/settings/simulator-charts.js';
import { curveChart, daysText, kindText } from '../../renderer/src/routes/review/card-curve.js';

describe('line chart layout', () => {
  it('maps the data onto the plot, y growing upwards, with one path per series and a dot per mark', () => {
    const layout = layoutLines(
      [{ name: 'Reviews', color: 'red', points: [{ x: 0, y: 0 }, { x: 10, y: 50 }, { x: 20, y: 100 }] }],
      [{ x: 10, y: 50, label: 'Chosen', color: 'blue' }],
      200,
      100,
    );
    expect(layout.paths).toHaveLength(1);
    expect(layout.paths[0]!.d).toBe('M0,100L100,50L200,0');
    expect(layout.dots).toEqual([{ cx: 100, cy: 50, label: 'Chosen', color: 'blue' }]);
    expect(layout.yTicks[0]).toEqual({ y: 100, value: 0 });
    expect(layout.yTicks.at(-1)).toEqual({ y: 0, value: 100 });
    expect(layout.xTicks.map((t) => t.value)).toContain(10);
  });

  it('keeps fixed domains and survives empty or flat data', () => {
    const fixed = layoutLines([{ name: 'R', color: 'c', points: [{ x: 0, y: 0.5 }] }], [], 100, 100, { yDomain: [0, 1], xDomain: [0, 30] });
    expect(fixed.dots).toEqual([]);
    expect(fixed.yTicks.at(-1)).toEqual({ y: 0, value: 1 });
    expect(fixed.paths[0]!.d).toBe('M0,50Z');
    const empty = layoutLines([{ name: 'none', color: 'c', points: [] }], [], 100, 100);
    expect(empty.paths).toEqual([]);
    const flat = layoutLines([{ name: 'zero', color: 'c', points: [{ x: 5, y: 0 }, { x: 5, y: 0 }] }], [], 100, 100);
    expect(flat.paths[0]!.d).not.toContain('NaN');
  });

  it('asks for fewer x ticks on a narrow chart', () => {
    expect(tickCountFor(900)).toBeGreaterThan(tickCountFor(300));
    expect(tickCountFor(50)).toBe(2);
  });
});

describe('settings sections', () => {
  it('has one entry per slug and per heading, found by slug', () => {
    expect(new Set(settingsSections.map((s) => s.slug)).size).toBe(settingsSections.length);
    expect(new Set(settingsSections.map((s) => s.headingId)).size).toBe(settingsSections.length);
    expect(sectionBySlug('simulator')?.headingId).toBe('simulator-title');
    expect(sectionBySlug('nope')).toBeNull();
    expect(sectionBySlug(null)).toBeNull();
  });

  it('marks the last heading above the reading line, the first before any, the last at the page end', () => {
    const tops = [
      { slug: 'a', top: -400 },
      { slug: 'b', top: 40 },
      { slug: 'c', top: 300 },
      { slug: 'd', top: 900 },
    ];
    expect(currentSection(tops, 100, false)).toBe('b');
    expect(currentSection(tops, 20, false)).toBe('a');
    expect(currentSection(tops.map((t) => ({ ...t, top: t.top + 1000 })), 100, false)).toBe('a');
    expect(currentSection(tops, 100, true)).toBe('d');
    expect(currentSection([], 100, false)).toBeNull();
  });
});

describe('the simulator’s daily load rows', () => {
  const outcome = (retention: number, reviews: number[]) => ({
    retention,
    days: reviews.map((r, i) => ({ date: `d${i}`, reviews: r, minutes: r / 6, memorised: 0 })),
    totalReviews: 0, totalMinutes: 0, reviewsPerDay: 0, minutesPerDay: 0, memorisedAtEnd: 0,
  });

  it('averages each week for both retentions, the last week shorter, drawn at its middle day', () => {
    const rows = loadRows([outcome(0.9, [7, 7, 7, 7, 7, 7, 7, 1, 3]), outcome(0.95, [14, 0, 0, 0, 0, 0, 0, 2, 2])]);
    expect(rows).toEqual([
      { label: 'Days 1–7', middle: 4, reviews: [7, 2] },
      { label: 'Days 8–9', middle: 8.5, reviews: [2, 2] },
    ]);
    expect(loadRows([])).toEqual([]);
  });

  it('goes to 30-day stretches beyond four months', () => {
    expect(loadStretchDays(120)).toBe(7);
    expect(loadStretchDays(365)).toBe(30);
    expect(loadRows([outcome(0.9, Array.from({ length: 365 }, () => 1))])).toHaveLength(13);
  });
});

describe('the forgetting curve as card info draws it', () => {
  const now = 50 * 86_400_000;
  const curve = {
    now,
    points: [{ at: now - 10 * 86_400_000, retrievability: 1 }, { at: now + 5 * 86_400_000, retrievability: 0.8 }],
    reviews: [
      { at: now - 10 * 86_400_000, rating: 3, retrievabilityBefore: null },
      { at: now - 2 * 86_400_000, rating: 1, retrievabilityBefore: 0.62 },
    ],
    current: 0.85,
  };

  it('counts days from now, dots each answer (red for Again) and now', () => {
    const chart = curveChart(curve, () => 'then');
    expect(chart.xDomain).toEqual([-10, 5]);
    expect(chart.series[0]!.points).toEqual([{ x: -10, y: 1 }, { x: 5, y: 0.8 }]);
    expect(chart.marks.map((m) => [m.x, m.y, m.color])).toEqual([[-10, 1, 'var(--good)'], [-2, 0.62, 'var(--bad)'], [0, 0.85, 'var(--text)']]);
    expect(chart.marks[1]!.label).toBe('then: Again, recall 62% just before');
    expect(chart.summary).toBe('recall 85% now, after 2 answers');
  });

  it('names days and kinds as a learner reads them', () => {
    expect([daysText(0), daysText(-12), daysText(3), daysText(0.04)]).toEqual(['today', '12 d ago', 'in 3 d', 'today']);
    expect(kindText('basic', null)).toBe('Basic');
    expect(kindText('basic', 'basic')).toBe('Basic');
    expect(kindText('basic', 'basic-reversed')).toBe('Basic and reversed (a basic card)');
    expect(kindText('responsibility', null)).toBe('Responsibility');
  });
});
