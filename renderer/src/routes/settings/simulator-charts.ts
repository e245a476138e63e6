import type { SimulatorOutcome } from '../../../../electron/api/wire-types';

/** One row of the daily-load table: a stretch of days, the average reviews a day at each retention. */
export interface LoadRow {
  label: string;
  /** The stretch's middle day (1 = the first simulated day): where the chart draws it. */
  middle: number;
  reviews: number[];
}

/** Days in one row of the daily load: a week up to four months, 30 days beyond. */
export function loadStretchDays(days: number): number {
  return days <= 120 ? 7 : 30;
}

/**
 * The daily load, a row per week (per 30 days beyond four months, so a long
 * simulation stays a table one can read through and a line one can follow),
 * the same days for every retention: the chart draws these rows.
 */
export function loadRows(outcomes: readonly SimulatorOutcome[]): LoadRow[] {
  const days = outcomes[0]?.days.length ?? 0;
  const size = loadStretchDays(days);
  const rows: LoadRow[] = [];
  for (let start = 0; start < days; start += size) {
    const end = Math.min(days, start + size);
    rows.push({
      label: end - start === 1 ? `Day ${start + 1}` : `Days ${start + 1}–${end}`,
      middle: (start + 1 + end) / 2,
      reviews: outcomes.map((o) => {
        const slice = o.days.slice(start, end);
        return slice.reduce((sum, d) => sum + d.reviews, 0) / Math.max(1, slice.length);
      }),
    });
  }
  return rows;
}
