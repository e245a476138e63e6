const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** "<1m", "10m", "3h", "3d", "2.1mo", "1.4y": the interval a grade button would give. */
export function formatInterval(ms: number): string {
  if (ms < minute) return '<1m';
  if (ms < hour) return `${Math.round(ms / minute)}m`;
  if (ms < day) return `${Math.round(ms / hour)}h`;
  const days = ms / day;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${trim(days / 30.4)}mo`;
  return `${trim(days / 365)}y`;
}

/** "in 3 h", "in 12 min", "tomorrow": when something happens next, in words. */
export function formatWhen(at: number, now: number): string {
  const ms = at - now;
  if (ms <= minute) return 'now';
  if (ms < hour) return `in ${Math.round(ms / minute)} min`;
  if (ms < day) return `in ${Math.round(ms / hour)} h`;
  const days = Math.round(ms / day);
  return days === 1 ? 'tomorrow' : `in ${days} days`;
}

function trim(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}
