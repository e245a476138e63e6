import type { SimulatorOutcome } from '../../../../electron/api/wire-types';

/** One row of the daily-load table: a stretch of days, the average reviews a day at each retention. */
export interface LoadRow {
  label: string;
  reviews: number[];
}

/**
 * The daily-load chart's table: a row per week (per 30 days beyond four
 * months, so a long simulation stays a table one can read through), the same
 * days for every retention.
 */
export function loadRows(outcomes: readonly SimulatorOutcome[]): LoadRow[] {
  const days = outcomes[0]?.days.length ?? 0;
  const size = days <= 120 ? 7 : 30;
  const rows: LoadRow[] = [];
  for (let start = 0; start < days; start += size) {
    const end = Math.min(days, start + size);
    rows.push({
      label: end - start === 1 ? `Day ${start + 1}` : `Days ${start + 1}–${end}`,
      reviews: outcomes.map((o) => {
        const slice = o.days.slice(start, end);
        return slice.reduce((sum, d) => sum + d.reviews, 0) / Math.max(1, slice.length);
      }),
    });
  }
  return rows;
}
