import type Database from 'better-sqlite3';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';

/**
 * The daily review load a desired retention implies, for the Settings screen:
 * every studied card comes back once per interval, and the FSRS-6 interval
 * for stability S at retention r is S / factor · (r^(1/decay) − 1).
 * New cards add roughly their learning steps each day.
 */
export function estimateDailyWorkload(
  db: Database.Database,
  scheduler: FsrsScheduler,
  desiredRetention: number,
  newPerDay: number,
  maximumIntervalDays: number,
): number {
  const w = scheduler.engine.parameters.w;
  const decay = -(w[20] ?? 0.1542);
  const factor = Math.pow(0.9, 1 / decay) - 1;
  const scale = (Math.pow(desiredRetention, 1 / decay) - 1) / factor;
  const stabilities = db
    .prepare('SELECT stability FROM cards WHERE state > 0 AND suspended = 0 AND retired = 0 AND stability > 0')
    .pluck()
    .all() as number[];
  let perDay = 0;
  for (const s of stabilities) perDay += 1 / Math.min(maximumIntervalDays, Math.max(1, s * scale));
  return perDay + newPerDay * 2;
}
