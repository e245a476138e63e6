/**
 * Study days. A study day starts at the rollover hour in local time (04:00 by
 * default), so a late-night session still counts toward the evening's day.
 * Days are numbered as whole days since 1970-01-01 of the local calendar,
 * which keeps them stable across daylight-saving changes. Everything is read
 * from the local calendar and clock (never "minus N hours of milliseconds"):
 * on a day the clocks change, 04:30 is still after a 04:00 rollover.
 */
const msPerDay = 86_400_000;

export function studyDay(timestamp: number, rolloverHour: number): number {
  const local = new Date(timestamp);
  const calendarDay = Math.floor(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / msPerDay);
  // Before today's rollover is still yesterday's study day. Compared with the local start of the
  // day rather than the hour, so that a rollover hour skipped by the clocks (02:00 on a spring
  // day in many zones) still begins the day at the moment the clocks jump.
  return timestamp < dayStart(calendarDay, rolloverHour) ? calendarDay - 1 : calendarDay;
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
