/**
 * Study days. A study day starts at the rollover hour in local time (04:00 by
 * default), so a late-night session still counts toward the evening's day.
 * Days are numbered as whole days since 1970-01-01 of the local calendar,
 * which keeps them stable across daylight-saving changes.
 */
const msPerDay = 86_400_000;

export function studyDay(timestamp: number, rolloverHour: number): number {
  const shifted = new Date(timestamp - rolloverHour * 3_600_000);
  return Math.floor(Date.UTC(shifted.getFullYear(), shifted.getMonth(), shifted.getDate()) / msPerDay);
}

/** Local time at which a study day begins. */
export function dayStart(day: number, rolloverHour: number): number {
  const date = new Date(day * msPerDay);
  return new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), rolloverHour).getTime();
}

export function dayEnd(day: number, rolloverHour: number): number {
  return dayStart(day + 1, rolloverHour);
}

/** The study day of a calendar date written YYYY-MM-DD. */
export function dayOfDate(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / msPerDay);
}

export function dateOfDay(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

export { msPerDay };
