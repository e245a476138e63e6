import { dateOfDay } from '../domain/day-clock.js';
import type { AnswerRow } from './answer-rows.js';
import type { PassRate, StatsReport } from './stats-types.js';

type Retention = StatsReport['trueRetention'];
type RetentionEntry = Retention['day'][number];

/**
 * True retention as Anki defines it: the share of reviews passed, counting
 * only cards in review (not learning or relearning), only each card's first
 * answer of the study day, cram excluded, Again = fail and any other grade =
 * pass. Young and mature apart: the interval the card had when reviewed
 * (the row's scheduled_days, see migration 0004) under 21 days or not. By
 * day, by week (Monday first, labelled by its Monday) and by month
 * (labelled YYYY-MM), over every day of [from, to] including empty ones,
 * plus the whole period.
 */
export function trueRetentionOf(rows: readonly AnswerRow[], from: number, to: number, desired: number): Retention {
  const day = Array.from({ length: to - from + 1 }, (_, i): RetentionEntry => ({ period: dateOfDay(from + i), young: empty(), mature: empty() }));
  for (const r of rows) {
    if (r.firstAnswers === 0 || (r.bucket !== 'young' && r.bucket !== 'mature')) continue;
    const entry = day[r.day - from];
    if (!entry) continue;
    entry[r.bucket].total += r.firstAnswers;
    if (r.rating > 1) entry[r.bucket].passed += r.firstAnswers;
  }
  const overall = { young: empty(), mature: empty() };
  for (const d of day) {
    add(overall.young, d.young);
    add(overall.mature, d.mature);
  }
  return {
    desired,
    day,
    week: regroup(day, from, weekLabel),
    month: regroup(day, from, (d) => dateOfDay(d).slice(0, 7)),
    overall,
  };
}

/** Monday of the week holding a study day (day 0, 1970-01-01, was a Thursday). */
export function weekLabel(day: number): string {
  return dateOfDay(day - ((day + 3) % 7));
}

function regroup(days: readonly RetentionEntry[], from: number, labelOf: (day: number) => string): RetentionEntry[] {
  const out: RetentionEntry[] = [];
  days.forEach((d, i) => {
    const period = labelOf(from + i);
    let last = out.at(-1);
    if (!last || last.period !== period) {
      last = { period, young: empty(), mature: empty() };
      out.push(last);
    }
    add(last.young, d.young);
    add(last.mature, d.mature);
  });
  return out;
}

const empty = (): PassRate => ({ passed: 0, total: 0 });

function add(into: PassRate, rate: PassRate): void {
  into.passed += rate.passed;
  into.total += rate.total;
}
