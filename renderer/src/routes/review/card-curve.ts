import type { CardInfo } from '../../../../electron/api/wire-types';
import type { LineMark, LineSeries } from '../../lib/charts/line-layout';
import { gradeLabels } from '../../lib/format/labels';

type Curve = NonNullable<CardInfo['curve']>;
const dayMs = 86_400_000;

/** "today", "12 d ago", "in 3 d": the forgetting curve's x axis counts days from now. */
export function daysText(days: number): string {
  const d = Math.round(days * 10) / 10;
  if (d === 0) return 'today';
  return d < 0 ? `${-d} d ago` : `in ${d} d`;
}

const noteTypeNames: Record<string, string> = {
  basic: 'Basic',
  'basic-reversed': 'Basic and reversed',
  cloze: 'Cloze',
  responsibility: 'Responsibility',
  choice: 'Multiple choice',
};

/** The card's kind, and the note type it was written with when that says more (a reversed or cloze note). */
export function kindText(kind: string, noteType: string | null): string {
  const kindName = noteTypeNames[kind] ?? kind;
  if (noteType === null || noteType === kind) return kindName;
  return `${noteTypeNames[noteType] ?? noteType} (a ${kindName.toLowerCase()} card)`;
}

/** The dots of the forgetting curve, for its legend. */
export const curveKeys = [
  { name: 'An answer', color: 'var(--good)' },
  { name: 'Again', color: 'var(--bad)' },
  { name: 'Now', color: 'var(--text)' },
];

/** The back end's curve, as the chart draws it: days from now on x, a dot per answer (red for Again) and one for now. */
export function curveChart(curve: Curve, when: (t: number) => string): { series: LineSeries[]; marks: LineMark[]; xDomain: [number, number]; summary: string } {
  const x = (t: number) => (t - curve.now) / dayMs;
  const series: LineSeries[] = [{ name: 'Recall', color: 'var(--accent)', points: curve.points.map((p) => ({ x: x(p.at), y: p.retrievability })) }];
  const marks: LineMark[] = [
    ...curve.reviews.map((r) => ({
      x: x(r.at),
      y: r.retrievabilityBefore ?? 1,
      color: r.rating === 1 ? 'var(--bad)' : 'var(--good)',
      label: `${when(r.at)}: ${gradeLabels[r.rating as 1 | 2 | 3 | 4] ?? r.rating}${r.retrievabilityBefore === null ? '' : `, recall ${Math.round(r.retrievabilityBefore * 100)}% just before`}`,
    })),
    { x: 0, y: curve.current, color: 'var(--text)', label: `Now: recall ${Math.round(curve.current * 100)}%` },
  ];
  const first = curve.points[0]?.at ?? curve.now;
  const last = curve.points.at(-1)?.at ?? curve.now;
  const summary = `recall ${Math.round(curve.current * 100)}% now, after ${curve.reviews.length} answer${curve.reviews.length === 1 ? '' : 's'}`;
  return { series, marks, xDomain: [x(first), x(last)], summary };
}
