import { computeDecayFactor } from 'ts-fsrs';
import { msPerDay } from '../domain/day-clock.js';

/**
 * FSRS retrievability computed inside SQLite, so that the stats passes over
 * a hundred thousand cards return a few aggregates instead of every row.
 * The same formula as ts-fsrs get_retrievability (and so as
 * FsrsScheduler.retrievability): R = (1 + factor * t / S) ^ decay, t in whole
 * days since the last review. Binds @now, @factor and @decay.
 */
export const retrievabilitySql = `pow(1 + @factor * max(0, floor((@now - last_review) / ${msPerDay}.0)) / stability, @decay)`;

/** Cards whose memory state can be read; a studied card without one is a fault the doctor reports. */
export const hasMemorySql = 'stability > 0 AND last_review IS NOT NULL';

export interface RetrievabilityParams {
  now: number;
  factor: number;
  decay: number;
}

export function retrievabilityParams(weights: readonly number[], now: number): RetrievabilityParams {
  const { decay, factor } = computeDecayFactor(weights);
  return { now, factor, decay };
}
