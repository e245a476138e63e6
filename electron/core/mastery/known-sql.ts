import { computeDecayFactor } from 'ts-fsrs';
import { msPerDay } from '../domain/day-clock.js';

/**
 * The one definition of "known", computed inside SQLite so that the screens
 * that show it (the Line view, the Stats matrix, deck rows, exam readiness)
 * aggregate a hundred thousand cards without reading them out:
 *
 *   known(card) = FSRS predicted recall at the horizon (mastery-horizon.ts),
 *                 R = (1 + factor * t / S) ^ decay, t in whole days from the
 *                 card's last review to the horizon;
 *               = 0 for a card never studied;
 *               = 0 for a card whose latest answer today was a failure
 *                 (Again, or a wrong pick, cram answers included), until it
 *                 is answered right again.
 *
 * A query using `knownSql` must start with `WITH ${failedTodayCte}` and bind
 * `knownParams`.
 */
export const failedTodayCte = `failed_today AS MATERIALIZED (
  SELECT card_id FROM (
    SELECT card_id, rating, correct, row_number() OVER (PARTITION BY card_id ORDER BY reviewed_at DESC, id DESC) AS latest
    FROM review_log WHERE day = @knownToday
  ) WHERE latest = 1 AND (rating = 1 OR correct = 0)
)`;

/** A card's known value; `table` names the cards table (an alias, or '' for a bare column). */
export function knownSql(table = ''): string {
  const c = table ? `${table}.` : '';
  return `(CASE WHEN ${c}state > 0 AND ${c}stability > 0 AND ${c}last_review IS NOT NULL AND ${c}id NOT IN failed_today
    THEN pow(1 + @knownFactor * max(0, floor((@knownAt - ${c}last_review) / ${msPerDay}.0)) / ${c}stability, @knownDecay) ELSE 0 END)`;
}

/** 1 when the card counts as failed today (shown as such beside its 0). */
export function failedTodaySql(table = ''): string {
  return `(${table ? `${table}.` : ''}id IN failed_today)`;
}

export interface KnownParams {
  knownAt: number;
  knownToday: number;
  knownFactor: number;
  knownDecay: number;
}

/** The parameters of `knownSql`: the FSRS curve of the weights in use, the horizon (ms) and today's study day. */
export function knownParams(weights: readonly number[], horizonAt: number, today: number): KnownParams {
  const { decay, factor } = computeDecayFactor(weights);
  return { knownAt: horizonAt, knownToday: today, knownFactor: factor, knownDecay: decay };
}
