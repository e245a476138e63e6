import type Database from 'better-sqlite3';
import type { Owner } from '../domain/types.js';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';
import { failedTodayCte, knownSql, type KnownParams } from '../mastery/known-sql.js';
import type { StatsReport } from './stats-types.js';

/** Active cards counted by deck, owner (set on responsibility cards only), state and suspension. */
export interface CardGroupRow {
  deckId: string;
  owner: Owner | null;
  state: number;
  suspended: number;
  cards: number;
  /** Sum of the known value at the horizon (mastery/known-sql.ts) over the group's cards. */
  knownSum: number;
}

/** One pass over the active cards (retired ones are gone from their decks) for states, matrix and known-now. */
export function readCardGroups(db: Database.Database, scope: ResolvedScope, params: KnownParams): CardGroupRow[] {
  return db
    .prepare<unknown[], CardGroupRow>(
      `WITH ${failedTodayCte}
       SELECT deck_id AS deckId, owner, state, suspended, count(*) AS cards, sum(${knownSql()}) AS knownSum
       FROM cards WHERE retired = 0 ${deckCondition(scope, 'deck_id')}
       GROUP BY deck_id, owner, state, suspended`,
    )
    .all({ ...params, ...deckParams(scope) });
}

const stateNames = ['new', 'learning', 'review', 'relearning'] as const;

/** Counts by state; suspended cards count as suspended whatever their state, as on the Decks screen. */
export function cardStatesOf(rows: readonly CardGroupRow[]): StatsReport['cardStates'] {
  const states: StatsReport['cardStates'] = { new: 0, learning: 0, review: 0, relearning: 0, suspended: 0 };
  for (const r of rows) {
    if (r.suspended) states.suspended += r.cards;
    else states[stateNames[r.state] ?? 'new'] += r.cards;
  }
  return states;
}

/** The expected number of cards recalled at the horizon: the sum of their known values. */
export function knownAtHorizonOf(rows: readonly CardGroupRow[]): number {
  let sum = 0;
  for (const r of rows) sum += r.knownSum;
  return sum;
}
