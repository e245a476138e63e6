import { oneRow } from '../db/typed-statements.js';
import type Database from 'better-sqlite3';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';
import type { AnswerRow } from './answer-rows.js';
import type { StatsReport } from './stats-types.js';

/** How many reviews the scope holds in all, from the daily aggregates. */
export function readTotalReviews(db: Database.Database, scope: ResolvedScope): number {
  return oneRow(db.prepare<unknown[], number>(`SELECT coalesce(sum(reviews), 0) FROM daily_reviews WHERE 1 ${deckCondition(scope, 'deck_id')}`).pluck().get(deckParams(scope)));
}

/** True retention over review cards' first answers of the day, young and mature together; null without any. */
export function retentionOf(rows: readonly AnswerRow[]): number | null {
  let passed = 0;
  let total = 0;
  for (const r of rows) {
    if (r.firstAnswers === 0 || (r.bucket !== 'young' && r.bucket !== 'mature')) continue;
    total += r.firstAnswers;
    if (r.rating > 1) passed += r.firstAnswers;
  }
  return total === 0 ? null : passed / total;
}

export function summaryOf(
  totalReviews: number,
  report: Pick<StatsReport, 'reviewsPerDay' | 'today' | 'futureDue'>,
  last30Days: readonly AnswerRow[],
): StatsReport['summary'] {
  const inPeriod = report.reviewsPerDay.reduce((n, d) => n + d.learning + d.review + d.relearning + d.cram + d.manual, 0);
  return {
    totalReviews,
    reviewsInPeriod: inPeriod,
    reviewsToday: report.today.reviews,
    dueToday: report.futureDue[0] ?? 0,
    retention30Days: retentionOf(last30Days),
  };
}
