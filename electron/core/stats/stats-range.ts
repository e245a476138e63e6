import { DemarcError, ErrorCode } from '../domain/errors.js';
import { dayOfDate } from '../domain/day-clock.js';

/** A date range asked for by the learner, YYYY-MM-DD, both days included. */
export interface StatsRange {
  from: string;
  to: string;
}

/** The longest range a report covers: its per-day series stay bounded. */
export const maxRangeDays = 3660;

/**
 * The study days [from, to] of a custom range: the end is clamped to today
 * (nothing is known about later days), a start after the end is refused.
 */
export function rangeDays(range: StatsRange, today: number): { from: number; to: number } {
  const from = dayOfDate(range.from);
  const to = Math.min(today, dayOfDate(range.to));
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new DemarcError(ErrorCode.invalidArgument, 'A date range is two dates written YYYY-MM-DD.');
  if (from > to) throw new DemarcError(ErrorCode.invalidArgument, `The range starts (${range.from}) after it ends (${range.to > range.from ? 'today' : range.to}).`);
  if (to - from + 1 > maxRangeDays) throw new DemarcError(ErrorCode.invalidArgument, `A range covers at most ${maxRangeDays} days; choose a later start.`);
  return { from, to };
}
